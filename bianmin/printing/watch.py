"""A device's printer and what the hub was last told about it, for the kiosk and the counter.

The watch prints and asks the printer's status, keeps its last state ("ok" or a fault code)
and reports each change to the hub once, as this device (the office sees printers live); a
report that could not reach the hub is sent again on the next check, print or `report()`
(the apps call it on reconnection). After a job, the hub is told in the background: the
resident's page learns of the fault (请记下您的号码) without waiting on the hub, which may be
away. A printer in fault is worth asking again now and then
(`may_recover`), so its recovery shows without waiting for a job; settings that cannot work
(`problem`) stay wrong until the configuration changes.
"""

from __future__ import annotations

import asyncio
import logging

from bianmin.client import HubClient, HubError
from bianmin.printing.device import PrinterFault, ReceiptPrinter
from bianmin.printing.layout import Receipt
from bianmin.wire.requests import PrinterStatus

log = logging.getLogger("bianmin.printing")

# The hub knows fewer states than the printer code: a reset link or a printer that stopped
# answering is, for the office, a printer that is offline.
# The printer's own states as the hub records them: each fault by its code, a reset or a
# stall as offline, anything else as an error.
HUB_STATUS: dict[str, PrinterStatus] = {
    "ok": "ok", "offline": "offline", "paper-out": "paper-out", "paper-low": "paper-low",
    "cover-open": "cover-open", "error": "error", "reset": "offline", "timeout": "offline",
    "unsure": "offline",
}


class PrinterWatch:
    def __init__(
        self, printer: ReceiptPrinter | None, client: HubClient, *, problem: str = ""
    ) -> None:
        self.printer = printer
        self.client = client
        self.problem = problem  # settings that cannot work
        self.state = "error" if problem else "ok"  # "ok" or a PrinterFault code
        self.detail = problem
        self._reported: tuple[str, str] | None = None
        self._telling: asyncio.Task[None] | None = None

    @property
    def configured(self) -> bool:
        return self.printer is not None or bool(self.problem)

    @property
    def paper_low(self) -> bool:
        return self.printer is not None and self.printer.paper_low

    @property
    def may_recover(self) -> bool:
        """In a fault of the printer's own, which may clear by itself or by a hand."""
        return self.printer is not None and self.state != "ok"

    @property
    def hub_status(self) -> PrinterStatus:
        if self.state == "ok" and self.paper_low:
            return "paper-low"
        return HUB_STATUS.get(self.state, "error")

    async def print(self, receipt: Receipt) -> PrinterFault | None:
        """Print; returns the fault instead of raising, having recorded it. The hub is told
        in the background (`told()` waits for that)."""
        if self.printer is None:
            return PrinterFault("offline", self.detail or "no printer configured")
        fault: PrinterFault | None = None
        try:
            await self.printer.print(receipt)
        except PrinterFault as raised:
            fault = raised
        self._set(fault.code if fault else "ok", fault.detail if fault else "")
        if self._telling is None or self._telling.done():
            self._telling = asyncio.get_running_loop().create_task(self.report())
        return fault

    async def told(self) -> None:
        """Wait until the hub has been told of the last job (or could not be reached)."""
        if self._telling is not None:
            await self._telling

    async def check(self) -> None:
        """Ask the printer how it is and tell the hub if that changed."""
        if self.printer is not None:
            code = await self.printer.status()
            self._set(code, "" if code == "ok" else f"status check: {code}")
        await self.report()

    def _set(self, state: str, detail: str) -> None:
        if state != self.state:
            log.info("printer %s: %s -> %s %s", self.printer, self.state, state, detail)
        self.state, self.detail = state, detail

    async def report(self) -> None:
        """Tell the hub the printer's state, until what it was told is the state now (it may
        change while a report is on its way)."""
        while self.configured:
            status = self.hub_status
            detail = self.detail if status != "ok" else ""
            if self.printer is not None:
                detail = f"{self.printer.name}: {detail}" if detail else self.printer.name
            if self._reported == (status, detail):
                return
            try:
                await self.client.report_printer(status, detail[:200])
            except HubError as err:  # told again on the next change, check or reconnection
                log.warning("could not report printer status %s: %s", status, err)
                return
            self._reported = (status, detail)
