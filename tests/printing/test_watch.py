"""The printer watch the kiosk and the counter share: a printer on a local socket, a real hub
on 127.0.0.1, and what the office is told (once per change, again after the hub was away)."""

from __future__ import annotations

from bianmin.client import HubClient
from bianmin.printing.device import open_printer
from bianmin.printing.layout import Receipt, Text
from bianmin.printing.watch import PrinterWatch
from tests.fakeprinter import FakePrinter
from tests.hubfixture import KIOSK, RunningHub

RECEIPT = Receipt((Text("承诺件通知书", align="center"), Text("A001")))


def reported(hub: RunningHub) -> tuple[str, str] | None:
    state = hub.hub.hall.printers.get("kiosk-1")
    return None if state is None else (state.status, state.detail)


async def printer_events(hub: RunningHub) -> int:
    return sum(1 for s in await hub.hub.store.events() if s.event.kind == "printer-status")


async def test_changes_reach_the_hub_once_and_a_lost_report_is_sent_again(
    hub: RunningHub,
) -> None:
    async with FakePrinter() as fake, HubClient(hub.url, KIOSK) as client:
        printer = open_printer(fake.settings)
        watch = PrinterWatch(printer, client)
        await watch.check()
        assert watch.state == "ok" and not watch.may_recover
        fake.paper = "out"
        await watch.check()
        assert watch.state == "paper-out" and watch.may_recover
        assert reported(hub) == ("paper-out", f"{printer.name}: status check: paper-out")
        events = await printer_events(hub)
        await watch.check()  # no change: nothing new is said
        assert await printer_events(hub) == events

        await hub.stop()
        fake.paper, fake.cover_open = "ok", True
        await watch.check()  # paper put in, cover left open, and the hub is away
        assert watch.state == "cover-open"
        await hub.start()
        await watch.report()  # as on reconnection
        assert reported(hub) == ("cover-open", f"{printer.name}: status check: cover-open")
        fake.cover_open = False
        await watch.check()
        assert reported(hub) == ("ok", printer.name)


async def test_a_job_fault_is_returned_and_reported(hub: RunningHub) -> None:
    async with FakePrinter(cover_open=True) as fake, HubClient(hub.url, KIOSK) as client:
        watch = PrinterWatch(open_printer(fake.settings), client)
        fault = await watch.print(RECEIPT)
        assert fault is not None and fault.code == "cover-open" and fake.jobs == []
        await watch.told()
        assert reported(hub) is not None and reported(hub)[0] == "cover-open"  # type: ignore[index]
        fake.cover_open, fake.paper = False, "low"
        assert await watch.print(RECEIPT) is None and len(fake.jobs) == 1
        assert watch.paper_low and watch.hub_status == "paper-low"
        await watch.told()
        assert reported(hub) is not None and reported(hub)[0] == "paper-low"  # type: ignore[index]


async def test_settings_that_cannot_work_are_said_once_and_not_rechecked(
    hub: RunningHub,
) -> None:
    async with HubClient(hub.url, KIOSK) as client:
        watch = PrinterWatch(None, client, problem="printer settings: unknown kind 'fax'")
        assert watch.configured and watch.state == "error" and not watch.may_recover
        await watch.check()
        assert reported(hub) == ("error", "printer settings: unknown kind 'fax'")
        fault = await watch.print(RECEIPT)
        assert fault is not None and fault.code == "offline"


async def test_no_printer_is_nothing_to_report(hub: RunningHub) -> None:
    async with HubClient(hub.url, KIOSK) as client:
        watch = PrinterWatch(None, client)
        assert not watch.configured
        await watch.check()
        await watch.report()
        assert reported(hub) is None
