"""The configured receipt printer: opened per job, asked for its status, never blocking.

Every job opens the printer, asks its status where it answers `DLE EOT` (offline, cover open,
paper out, paper low), sends the whole receipt in one write and closes it again, so a printer
that was switched off, unplugged or reset works again on the next job without a restart. The
blocking I/O runs in `asyncio.to_thread` with short timeouts, and an overall deadline keeps a
printer that hangs in the kernel from holding the caller.

A printer that did not answer a status request (booting, busy, a slow link) is asked again
before the next job and on the next check; one that answers is asked once more after a job,
so a reset or a stall once the job was on its way is reported as `unsure` (it may not have
printed) rather than as printed.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import Callable

import serial  # type: ignore[import-untyped]
import usb.core  # type: ignore[import-untyped]

from bianmin.printing.escpos_lib import (
    DeviceNotFoundError,
    Escpos,
    File,
    Network,
    Serial,
    Usb,
)
from bianmin.printing.layout import Receipt
from bianmin.printing.render import receipt_bytes
from bianmin.wire.devices import PrinterSettings

log = logging.getLogger("bianmin.printing")

FAULT_MESSAGES = {
    "offline": "对不起，打印机未连接或未开机。",
    "paper-out": "对不起，打印纸已用完。",
    "cover-open": "对不起，打印机盖没有合上。",
    "reset": "对不起，与打印机的连接中断了。",
    "timeout": "对不起，打印机没有响应。",
    "unsure": "对不起，打印可能没有完成。",
    "error": "对不起，打印机出现故障。",
}

DLE_EOT = b"\x10\x04"
STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER = 1, 2, 4
DEFAULT_TIMEOUT = 3.0  # seconds for connecting and writing
STATUS_TIMEOUT = 1.0  # seconds to wait for a status answer
JOB_DEADLINE = 10.0  # seconds a whole job may take before the caller gives up on it


class PrinterFault(Exception):
    """The printer could not print. `code` says what is wrong, `message` says it politely."""

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in FAULT_MESSAGES:
            code = "error"
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.message = FAULT_MESSAGES[code]
        self.detail = detail


def fault_of(err: BaseException) -> PrinterFault:
    """The fault an exception from opening or writing to a printer means."""
    detail = f"{type(err).__name__}: {err}"
    if isinstance(err, PrinterFault):
        return err
    if isinstance(err, DeviceNotFoundError):
        return PrinterFault("offline", detail)
    if isinstance(err, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
        return PrinterFault("reset", detail)
    if isinstance(err, TimeoutError | usb.core.USBTimeoutError | serial.SerialTimeoutException):
        return PrinterFault("timeout", detail)
    if isinstance(err, usb.core.USBError) and err.errno not in (errno.ENODEV, errno.EIO):
        return PrinterFault("error", detail)
    if isinstance(err, OSError):  # unplugged, no such device, no route, serial port gone
        return PrinterFault("offline", detail)
    return PrinterFault("error", detail)


def _valid(status: int) -> bool:
    # Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear.
    return status & 0x93 == 0x12


class ReceiptPrinter:
    """One printer as configured. `print` raises `PrinterFault`; `status` returns "ok" or a
    fault code. `paper_low` is set when the printer last said its paper is nearly out."""

    def __init__(
        self,
        connect: Callable[[], Escpos],
        *,
        columns: int = 48,
        name: str = "",
        reads_status: bool = True,
        eof_is_reset: bool = False,
        deadline: float = JOB_DEADLINE,
    ) -> None:
        self.columns = columns
        self.name = name
        self.paper_low = False
        self.last_fault = ""  # what the last failed status request or job ran into
        self._connect = connect
        # None: not known yet (it has not answered so far, and is asked again each time);
        # True: it answered once, so silence now means it hangs; False: it cannot answer.
        self._answers: bool | None = None if reads_status else False
        self._eof_is_reset = eof_is_reset
        self._deadline = deadline
        self._lock = asyncio.Lock()
        self._running: asyncio.Future[None] | None = None

    def __repr__(self) -> str:
        return f"ReceiptPrinter({self.name or 'printer'}, {self.columns} columns)"

    async def print(self, receipt: Receipt) -> None:
        # Rendered in the worker thread too: it is CPU work the screen need not wait for.
        await self._run(lambda: self._job(receipt_bytes(receipt, self.columns)))

    async def status(self) -> str:
        try:
            await self._run(lambda: self._job(None))
        except PrinterFault as fault:
            self.last_fault = fault.detail or fault.code
            return fault.code
        return "ok"

    @property
    def answers_status(self) -> bool | None:
        """Whether it answers status requests (`DLE EOT`); None until it has been asked."""
        return self._answers

    async def _run(self, job: Callable[[], None]) -> None:
        async with self._lock:
            if self._running is not None and not self._running.done():
                raise PrinterFault("timeout", "an earlier job is still stuck in the device")
            self._running = asyncio.ensure_future(asyncio.to_thread(job))
            self._running.add_done_callback(self._ended)
            try:
                await asyncio.wait_for(asyncio.shield(self._running), self._deadline)
            except TimeoutError:
                raise PrinterFault("timeout", f"no answer within {self._deadline:.0f} s") from None

    def _ended(self, running: asyncio.Future[None]) -> None:
        # A job given up on (its deadline passed, or whoever waited for it left) ends later in
        # its thread: its fault was already reported as a timeout, or nobody waits for it now.
        # Taking the outcome here keeps asyncio from logging it as never retrieved.
        if not running.cancelled() and (error := running.exception()) is not None:
            log.info("printer %s: a job ended after it was given up on: %s", self.name, error)

    # ----- blocking, in a worker thread ----------------------------------------------------

    def _job(self, data: bytes | None) -> None:
        try:
            printer = self._connect()
        except Exception as err:
            raise fault_of(err) from err
        try:
            self._check(printer)
            if data is not None:
                self._send(printer, data)
        except Exception as err:
            fault = fault_of(err)
            log.warning("printer %s: %s", self.name, fault)
            raise fault from err
        finally:
            try:
                printer.close()
            except Exception as err:  # closing a dead link must not hide the real fault
                log.debug("printer %s: close failed: %s", self.name, err)

    def _send(self, printer: Escpos, data: bytes) -> None:
        """Write the job; then, where the printer answers status requests, ask once more:
        a reset, a stall or a printer gone offline from here on may have cut the job short."""
        try:
            printer._raw(data)
            if self._answers:
                state = self._query(printer, STATUS_PRINTER)
                if state is None:
                    raise PrinterFault("unsure", "no answer after the job")
                if state & 0x08:
                    raise PrinterFault("unsure", f"offline after the job: {state:#04x}")
        except Exception as err:
            detail = err.detail if isinstance(err, PrinterFault) else f"{type(err).__name__}: {err}"
            raise PrinterFault("unsure", f"after the job was sent: {detail}") from err

    def _query(self, printer: Escpos, n: int) -> int | None:
        """One status byte, or None when the printer gives no (valid) answer in time."""
        printer._raw(DLE_EOT + bytes([n]))
        try:
            answer = bytes(printer._read())
        except (TimeoutError, usb.core.USBTimeoutError):
            return None
        if not answer:
            if self._eof_is_reset:
                raise PrinterFault("reset", "the printer closed the connection")
            return None
        return answer[-1] if _valid(answer[-1]) else None

    def _check(self, printer: Escpos) -> None:
        if self._answers is False:
            return
        try:
            state = self._query(printer, STATUS_PRINTER)
        except NotImplementedError:  # a device file cannot be read
            self._answers = False
            return
        if state is None:
            if self._answers:
                raise PrinterFault("timeout", "the printer stopped answering status requests")
            log.info("printer %s did not answer a status request; printing without, asking "
                     "again next time", self.name)
            return
        self._answers = True
        if state & 0x08:
            cause = self._query(printer, STATUS_OFFLINE_CAUSE) or 0
            if cause & 0x04:
                raise PrinterFault("cover-open", f"offline cause {cause:#04x}")
            if cause & 0x20:
                raise PrinterFault("paper-out", f"offline cause {cause:#04x}")
            if cause & 0x40:
                raise PrinterFault("error", f"offline cause {cause:#04x}")
            raise PrinterFault("offline", f"printer status {state:#04x}")
        paper = self._query(printer, STATUS_PAPER)
        if paper is not None:
            if paper & 0x60:
                raise PrinterFault("paper-out", f"paper status {paper:#04x}")
            self.paper_low = bool(paper & 0x0C)


# ----- from the configuration -----------------------------------------------------------------


def _int(value: int | str | None, key: str, default: int | None = None) -> int:
    value = default if value is None else value
    if isinstance(value, str):
        try:
            value = int(value, 0)  # "0x0416" as written in many printer manuals
        except ValueError:
            value = None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"printer setting `{key}` must be a whole number, not {value!r}")
    return value


def _text(value: str | None, key: str) -> str:
    if not value:
        raise ValueError(f"printer setting `{key}` is needed")
    return value


def _opened(printer: Escpos) -> Escpos:
    printer.open()
    return printer


class _Network(Network):  # type: ignore[misc]
    """A network printer that waits less for status answers than for writes, and closes
    its socket when the connection is refused (python-escpos leaves it open)."""

    def open(self, raise_not_found: bool = True) -> None:
        try:
            self.device = socket.create_connection((self.host, self.port), self.timeout)
        except OSError as err:
            raise DeviceNotFoundError(f"cannot connect to {self.host}:{self.port}: {err}") from err

    def _read(self) -> bytes:
        self.device.settimeout(min(STATUS_TIMEOUT, self.timeout))
        try:
            data: bytes = super()._read()
        finally:
            self.device.settimeout(self.timeout)
        return data


def _serial(device: str, baudrate: int, timeout: float) -> Callable[[], Escpos]:
    def connect() -> Escpos:
        printer = _opened(Serial(device, baudrate=baudrate, timeout=STATUS_TIMEOUT))
        printer.device.write_timeout = timeout  # pyserial writes block for ever by default
        return printer

    return connect


def open_printer(settings: PrinterSettings) -> ReceiptPrinter | None:
    """The printer a `printer = {...}` table of the configuration describes; None for none.

    Raises `ValueError` with a readable message for settings that cannot work.
    """
    kind = settings.kind
    columns = settings.columns
    if columns not in (32, 42, 48):
        raise ValueError("printer setting `columns` must be 32 (58 mm), 42 or 48 (80 mm)")
    timeout = float(settings.timeout or DEFAULT_TIMEOUT)
    if kind == "none":
        return None
    if kind == "network":
        host, port = _text(settings.host, "host"), _int(settings.port, "port", 9100)
        return ReceiptPrinter(
            lambda: _opened(_Network(host, port, timeout=timeout)),
            columns=columns,
            name=f"network {host}:{port}",
            eof_is_reset=True,
        )
    if kind == "usb":
        vendor, product = _int(settings.vendor, "vendor"), _int(settings.product, "product")
        in_ep = _int(settings.in_ep, "in_ep", 0x82)
        out_ep = _int(settings.out_ep, "out_ep", 0x01)
        return ReceiptPrinter(
            lambda: _opened(
                Usb(vendor, product, timeout=int(timeout * 1000), in_ep=in_ep, out_ep=out_ep)
            ),
            columns=columns,
            name=f"usb {vendor:04x}:{product:04x}",
        )
    if kind == "serial":
        device = _text(settings.device, "device")
        baudrate = _int(settings.baudrate, "baudrate", 9600)
        return ReceiptPrinter(
            _serial(device, baudrate, timeout), columns=columns, name=f"serial {device}"
        )
    if kind == "file":
        path = _text(settings.device, "device")
        return ReceiptPrinter(
            lambda: _opened(File(path)),
            columns=columns,
            name=f"file {path}",
            reads_status=False,
        )
    raise ValueError(f"unknown printer kind {kind!r}: none, usb, network, serial or file")
