"""The complaint just lodged: its number in large type at once, its query code, the hub's
message, the 24-hour supervision phone, and whether the slip printed (with 重新打印 when it
did not).

Goes back home after a set time, or on a touch after the first moment.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from kiosk import texts
from kiosk.complaint import LodgedComplaint
from kiosk.screens.printed import PrintedPage, PrintWords, en_part
from kiosk.widgets.big_number import BigNumber
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.touch import TouchButton


class ComplaintDoneScreen(PrintedPage):
    words = PrintWords(texts.PRINTING_SLIP, texts.TAKE_SLIP, texts.TAKE_SLIP_EN,
                       texts.NO_PRINTER_SLIP, texts.WRITE_DOWN_NUMBER,
                       texts.WRITE_DOWN_NUMBER_EN)

    def __init__(self, complaint: LodgedComplaint, *, seconds: float, printing: bool) -> None:
        super().__init__()
        self.complaint = complaint
        self.start(seconds, printing)

    @property
    def english(self) -> bool:
        return self.complaint.english

    def reprint(self) -> None:
        self.kiosk.print_slip(self.complaint, self)

    def compose(self) -> ComposeResult:
        c, en = self.complaint, self.complaint.english
        yield KioskHeader(c.center_name, self.kiosk.clock)
        yield Static(texts.COMPLAINT_DONE + en_part(en, texts.COMPLAINT_DONE_EN), id="done",
                     classes="title")
        yield Static(texts.COMPLAINT_NUMBER + en_part(en, texts.COMPLAINT_NUMBER_EN),
                     id="number-label")
        yield BigNumber(c.number, id="number")
        yield Static(c.number, id="number-text")
        yield Static(texts.QUERY_CODE.format(code=c.code)
                     + en_part(en, texts.QUERY_CODE_EN.format(code=c.code)), id="code")
        # Non-breaking spaces: the number stays on the line it begins.
        yield Static(c.message.replace(" ", "\u00a0"), id="message")
        phone = texts.SUPERVISION_PHONE.format(phone=c.phone) if c.phone else ""
        yield Static(phone + en_part(en and bool(phone),
                                 texts.SUPERVISION_PHONE_EN.format(phone=c.phone)),
                     id="supervision")
        with Horizontal(id="print-row"):
            yield Static(id="print-status")
            yield TouchButton(texts.REPRINT + en_part(en, texts.REPRINT_EN), id="reprint")
        yield Static(id="countdown")

    def on_mount(self) -> None:
        if self.gone:
            return  # left before it was up
        self._deadline = self._now() + self.seconds
        self.query_one("#supervision").display = bool(self.complaint.phone)
        self.query_one("#code").display = bool(self.complaint.code)
        self._show_print_state()
        self._tick()
        self.set_interval(0.5, self._tick)
