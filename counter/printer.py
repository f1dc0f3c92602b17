"""The window's notice printer (`[[windows]] printer` in the hub's configuration).

Printing, checking and reporting to the hub (as device `window-N`, once per change) are the
shared `PrinterWatch`; this adds what the clerk reads: the header's printer status and a
fault said as a sentence. A window without a printer shows its notices on the screen only.
"""

from __future__ import annotations

from bianmin.client import HubClient
from bianmin.printing.device import FAULT_MESSAGES, open_printer
from bianmin.printing.layout import Receipt
from bianmin.printing.watch import PrinterWatch
from bianmin.wire.devices import PrinterSettings


class WindowPrinter(PrinterWatch):
    def __init__(self, settings: PrinterSettings, client: HubClient) -> None:
        problem = ""
        try:
            printer = open_printer(settings)
        except ValueError as err:
            printer, problem = None, f"打印机设置有误：{err}"
        super().__init__(printer, client, problem=problem)
        self.columns = settings.columns

    @property
    def fine(self) -> bool:
        """Printing, with paper to spare."""
        return self.hub_status == "ok"

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

    async def print_notice(self, receipt: Receipt) -> str:
        """Print; returns what went wrong in words for the clerk, or "" when it printed."""
        if self.printer is None:
            return self.problem or "本窗口未配置打印机。"
        fault = await self.print(receipt)
        return "" if fault is None else fault.message
