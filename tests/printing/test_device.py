from __future__ import annotations

import asyncio
import gc
import logging
import time
from pathlib import Path

import pytest

from bianmin.printing.device import PrinterFault, ReceiptPrinter, open_printer
from bianmin.printing.layout import QRCode, Receipt, Text
from bianmin.printing.render import receipt_bytes
from bianmin.wire.devices import PrinterSettings, printer_settings
from tests.fakeprinter import DLE_EOT, FakePrinter

RECEIPT = Receipt(
    (
        Text("青溪镇便民服务中心", align="center"),
        Text("A012", scale=8),
        Text("请您留意叫号，过号请到服务台"),
        QRCode("http://hall/t/x"),
    )
)


def network(fake: FakePrinter) -> ReceiptPrinter:
    printer = open_printer(fake.settings)
    assert printer is not None
    return printer


async def test_prints_the_receipt_bytes_after_asking_status() -> None:
    async with FakePrinter() as fake:
        printer = network(fake)
        assert await printer.status() == "ok"
        await printer.print(RECEIPT)
        assert fake.jobs == [receipt_bytes(RECEIPT, 48)]
        assert fake.queries >= 3  # printer status, then paper, before each job
        assert not printer.paper_low


@pytest.mark.parametrize(
    ("paper", "cover", "code"),
    [
        ("out", False, "paper-out"),
        ("ok", True, "cover-open"),
    ],
)
async def test_a_faulted_printer_gets_no_job(paper: str, cover: bool, code: str) -> None:
    async with FakePrinter(paper=paper, cover_open=cover) as fake:
        printer = network(fake)
        with pytest.raises(PrinterFault) as caught:
            await printer.print(RECEIPT)
        assert caught.value.code == code
        assert caught.value.message.startswith("对不起")
        assert fake.jobs == []
        assert await printer.status() == code
        fake.paper, fake.cover_open = "ok", False
        await printer.print(RECEIPT)  # fixed: prints again without a restart
        assert fake.jobs == [receipt_bytes(RECEIPT, 48)]


async def test_paper_low_still_prints_and_says_so() -> None:
    async with FakePrinter(paper="low") as fake:
        printer = network(fake)
        await printer.print(RECEIPT)
        assert printer.paper_low and len(fake.jobs) == 1


async def test_refused_connection_is_offline_and_recovers() -> None:
    fake = FakePrinter()
    printer = network(fake)
    with pytest.raises(PrinterFault) as caught:
        await printer.print(RECEIPT)
    assert caught.value.code == "offline"
    assert await printer.status() == "offline"
    async with fake:
        await printer.print(RECEIPT)
        assert len(fake.jobs) == 1


async def test_reset_connection() -> None:
    async with FakePrinter(mode="reset") as fake:
        printer = network(fake)
        with pytest.raises(PrinterFault) as caught:
            await printer.print(RECEIPT)
        assert caught.value.code == "reset"
        fake.mode = "ok"
        await printer.print(RECEIPT)
        assert len(fake.jobs) == 1


async def test_a_stalled_printer_times_out_without_blocking_the_loop() -> None:
    async with FakePrinter() as fake:
        printer = network(fake)
        assert await printer.status() == "ok"  # it answers status requests
        fake.mode = "stall"
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        started = time.monotonic()
        with pytest.raises(PrinterFault) as caught:
            await printer.print(RECEIPT)
        elapsed = time.monotonic() - started
        task.cancel()
        assert caught.value.code == "timeout"
        assert elapsed < 30  # its own timeout (1 s), not the socket's default minute
        assert ticks > 5  # the event loop kept running meanwhile (a blocked one: none)


async def test_a_printer_that_never_answers_status_still_prints() -> None:
    async with FakePrinter(mode="silent") as fake:
        printer = network(fake)
        await printer.print(RECEIPT)
        assert DLE_EOT in fake.connections[0]  # it asked, and heard nothing
        await printer.print(RECEIPT)
        assert fake.jobs == [receipt_bytes(RECEIPT, 48)] * 2
        assert await printer.status() == "ok"  # not known to be in fault


async def test_a_printer_silent_at_first_is_asked_again() -> None:
    """A printer that did not answer the first status request (booting, busy, slow link) is
    asked again before the next job and on the next check: its faults are seen from then on."""
    async with FakePrinter(mode="silent") as fake:
        printer = network(fake)
        await printer.print(RECEIPT)
        fake.mode, fake.paper = "ok", "out"
        assert await printer.status() == "paper-out"  # the idle check asks again
        with pytest.raises(PrinterFault) as caught:
            await printer.print(RECEIPT)  # and so does the next job
        assert caught.value.code == "paper-out"
        assert len(fake.jobs) == 1
        fake.paper = "ok"
        await printer.print(RECEIPT)
        assert len(fake.jobs) == 2


@pytest.mark.parametrize("mode", ["reset-after", "stall-after"])
async def test_a_reset_or_stall_after_the_job_may_not_have_printed(mode: str) -> None:
    async with FakePrinter() as fake:
        printer = network(fake)
        await printer.print(RECEIPT)  # it answers status requests
        fake.mode = mode
        with pytest.raises(PrinterFault) as caught:
            await printer.print(RECEIPT)
        assert caught.value.code == "unsure"
        assert caught.value.message == "对不起，打印可能没有完成。"
        assert fake.jobs[-1] == receipt_bytes(RECEIPT, 48)  # the whole job went out
        fake.mode = "ok"
        await printer.print(RECEIPT)


async def test_a_hung_job_holds_nobody(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    release = asyncio.Event()
    loop = asyncio.get_running_loop()

    def connect() -> object:
        asyncio.run_coroutine_threadsafe(release.wait(), loop).result()
        raise OSError("gone")

    printer = ReceiptPrinter(connect, deadline=0.2)
    with pytest.raises(PrinterFault) as first:
        await printer.print(RECEIPT)
    assert first.value.code == "timeout"
    with pytest.raises(PrinterFault) as second:
        await printer.print(RECEIPT)  # the first is still stuck: fail fast
    assert second.value.code == "timeout"
    release.set()
    for _ in range(3000):  # the stuck job ends in its thread, with its error (a busy
        # machine may take seconds to run the thread again)
        if "given up on" in caplog.text:
            break
        await asyncio.sleep(0.01)
    del printer
    gc.collect()
    # Its outcome was taken: asyncio does not log it as never retrieved (seen in the soak).
    assert "given up on" in caplog.text and "gone" in caplog.text
    assert "never retrieved" not in caplog.text


async def test_file_printer_writes_the_job(tmp_path: Path) -> None:
    spool = tmp_path / "lp0"
    printer = open_printer(PrinterSettings(kind="file", device=str(spool), columns=32))
    assert printer is not None and printer.columns == 32
    await printer.print(RECEIPT)
    assert spool.read_bytes() == receipt_bytes(RECEIPT, 32)
    missing = open_printer(PrinterSettings(kind="file", device=str(tmp_path / "no" / "lp0")))
    assert missing is not None
    assert await missing.status() == "offline"


def test_settings() -> None:
    assert open_printer(PrinterSettings()) is None
    assert open_printer(PrinterSettings(kind="none", columns=48)) is None
    # As the configuration writes them: USB ids in hex as printer manuals give them.
    usb = open_printer(printer_settings(
        {"kind": "usb", "vendor": "0x0416", "product": 0x5011, "columns": 32}))
    assert usb is not None and usb.name == "usb 0416:5011" and usb.columns == 32
    serial = open_printer(PrinterSettings(kind="serial", device="/dev/ttyUSB0", baudrate=19200))
    assert serial is not None and serial.columns == 48
    with pytest.raises(ValueError, match="host"):
        open_printer(PrinterSettings(kind="network"))
    with pytest.raises(ValueError, match="kind"):
        open_printer(printer_settings({"kind": "bluetooth"}))
    with pytest.raises(ValueError, match="columns"):
        open_printer(PrinterSettings(kind="network", host="p", columns=40))
    with pytest.raises(ValueError, match="vendor"):
        open_printer(PrinterSettings(kind="usb", vendor="Epson", product=0x5011))


async def test_missing_usb_and_serial_devices_are_offline() -> None:
    usb = open_printer(PrinterSettings(kind="usb", vendor=0x0416, product=0x5011))
    serial = open_printer(PrinterSettings(kind="serial", device="/dev/nonexistent-tty"))
    assert usb is not None and serial is not None
    assert await usb.status() == "offline"
    assert await serial.status() == "offline"
