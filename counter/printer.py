"""The window's notice printer (`[[windows]] printer` in the hub's configuration).

Printing goes through the shared printing code; a fault comes back as a sentence for the
clerk and is reported to the hub once per change (as device `window-N`), so the office sees
it live. A window without a printer shows its notices on the screen only.
"""

from __future__ import annotations

import logging
from typing import Any

from bianmin.client import HubClient, HubError
from bianmin.printing.device import FAULT_MESSAGES, PrinterFault, open_printer
from bianmin.printing.layout import Receipt

log = logging.getLogger("bianmin.counter")

# The hub knows fewer states than the printer code: a reset link or a printer that stopped
# answering is, for the office, a printer that is offline.
HUB_STATUS = {
    "ok": "ok",
    "offline": "offline",
    "paper-out": "paper-out",
    "cover-open": "cover-open",
    "reset": "offline",
    "timeout": "offline",
    "error": "error",
}


class WindowPrinter:
    def __init__(self, settings: dict[str, Any], client: HubClient) -> None:
        self.client = client
        self.columns = int(settings.get("columns", 48))
        self.problem = ""  # settings that cannot work
        try:
            self.device = open_printer(settings)
        except ValueError as err:
            self.device, self.problem = None, f"打印机设置有误：{err}"
        self.state = "error" if self.problem else "ok"
        self._reported: tuple[str, str] | None = None

    @property
    def configured(self) -> bool:
        return self.device is not None or bool(self.problem)

    @property
    def status_text(self) -> str:
        """For the header: empty without a printer, else how it is."""
        if not self.configured:
            return ""
        if self.problem:
            return "打印机设置有误"
        if self.state != "ok":
            return f"打印机：{FAULT_MESSAGES[self.state]}"
        return "打印纸将用完" if self.paper_low else "打印机正常"

    @property
    def paper_low(self) -> bool:
        return self.device is not None and self.device.paper_low

    async def check(self) -> None:
        if self.device is not None:
            self.state = await self.device.status()
        await self._report(self.state, "" if self.state == "ok" else "status check")

    async def print(self, receipt: Receipt) -> str:
        """Print; returns what went wrong in words for the clerk, or "" when it printed."""
        if self.device is None:
            return self.problem or "本窗口未配置打印机。"
        try:
            await self.device.print(receipt)
        except PrinterFault as fault:
            self.state = fault.code
            await self._report(fault.code, fault.detail)
            return fault.message
        self.state = "ok"
        await self._report("ok", "")
        return ""

    async def _report(self, state: str, detail: str) -> None:
        status = "paper-low" if state == "ok" and self.paper_low else HUB_STATUS.get(state, "error")
        if not self.configured or self._reported == (status, detail):
            return
        try:
            await self.client.report_printer(status, (self.problem or detail)[:200])
        except HubError as err:  # told again on the next change or check
            log.warning("could not report printer status %s: %s", status, err)
            return
        self._reported = (status, detail)
