"""The ticket just issued: the number very large, the matter, how many are ahead, where to
wait, the materials to have ready (一次性告知), a QR code to follow the ticket on a phone
(drawn in block characters: it reaches the phone without paper), and whether the printed
ticket came out.

Goes back home after a set time, or at once on a touch (but not on the touch that issued it:
touches in the first moment are ignored, so a double tap does not skip this page).

One page serves every ticket: it is built once and filled anew for each, because building a
page's widgets and matching their styles is most of the time a touch takes to show.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import Button, Static

from kiosk import texts
from kiosk.screens.printed import PrintedPage, PrintWords, en_part
from kiosk.ticket import IssuedTicket
from kiosk.widgets.big_number import BigNumber
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.qr_block import QRBlock
from kiosk.widgets.touch import TouchButton


class TicketScreen(PrintedPage):
    words = PrintWords(texts.PRINTING, texts.TAKE_TICKET, texts.TAKE_TICKET_EN,
                       texts.NO_PRINTER, texts.WRITE_DOWN, texts.WRITE_DOWN_EN)

    def __init__(self, ticket: IssuedTicket, *, seconds: float, touched_at: float,
                 printing: bool) -> None:
        super().__init__()
        self.present(ticket, seconds=seconds, touched_at=touched_at, printing=printing)

    def present(self, ticket: IssuedTicket, *, seconds: float, touched_at: float,
                printing: bool) -> None:
        """Show `ticket` (before the page is pushed). `printing`: a printer is set up and the
        ticket is on its way to it."""
        self.ticket = ticket
        self.touched_at = touched_at  # perf_counter() of the touch, for the latency figure
        self.start(seconds, printing)
        if self.is_mounted:
            self._fill()

    @property
    def english(self) -> bool:
        return self.ticket.english

    def reprint(self) -> None:
        self.kiosk.print_ticket(self.ticket, self)

    def compose(self) -> ComposeResult:
        yield KioskHeader(self.ticket.center_name, self.kiosk.clock)
        yield Static(id="your-number")
        yield BigNumber(self.ticket.number, id="number")
        with Horizontal(id="ticket-body"):
            with Vertical(id="ticket-info"):
                yield Static(id="matter")
                yield Static(id="ahead")
                yield Static(id="where")
                with Vertical(id="materials"):
                    yield Static(classes="materials-title")
                    yield Static(classes="materials-list")
            with Vertical(id="qr-side"):
                yield QRBlock(self.ticket.status_url, id="qr")
                yield Static(texts.SCAN, id="scan")
        with Horizontal(id="print-row"):
            yield Static(id="print-status")
            yield TouchButton(id="reprint")
        yield Static(id="countdown")

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self, event: Resize) -> None:
        self._place_qr(event.size.width, event.size.height)

    def _place_qr(self, width: int, height: int) -> None:
        """Beside the ticket's lines where the page is wide, under them where it is narrow
        (a portrait screen), and not at all where it would not fit whole."""
        qr = self.query_one(QRBlock)
        beside = width >= 2 * qr.columns + 8
        self.query_one("#ticket-body").set_class(not beside, "stacked")
        rows = len(qr.lines) + 1  # and its caption
        # Beside, it shares the rows under the number (which needs 10 with the header, the
        # print row and the countdown); under the lines, it needs 10 more of its own.
        room = height - (10 if beside else 20)
        self.query_one("#qr-side").display = qr.columns + 4 <= width and rows <= room

    def _fill(self) -> None:
        t, en = self.ticket, self.ticket.english
        self._deadline = self._now() + self.seconds
        self.query_one(KioskHeader).show_center(t.center_name)
        self._set("#your-number", t.greeting + en_part(en, t.greeting_en))
        self.query_one(BigNumber).show(t.number)
        if self.query_one(QRBlock).data != t.status_url:
            self.query_one(QRBlock).show(t.status_url)
            self._place_qr(self.size.width, self.size.height)
        self._set("#matter", t.matter_line
                  + en_part(en and bool(t.matter_name_en), t.matter_name_en))
        ahead = t.ahead_line + (f"，{t.wait_line}" if t.wait_line else "")
        ahead_en = t.ahead_line_en + (f". {t.wait_line_en}" if t.wait_line_en else "")
        self._set("#ahead", ahead + en_part(en, ahead_en))
        # The windows on a line of their own: wrapped after the hint, 8号 broke in two.
        where = f"{t.wait_hint or texts.WHERE}。\n{t.windows_line}"
        if en:
            numbers = ", ".join(str(n) for n in t.windows) or "-"
            where += "\n" + texts.WHERE_EN.format(windows=numbers)
        self._set("#where", where)
        if t.materials:
            self._set(".materials-title", texts.MATERIALS + en_part(en, texts.MATERIALS_EN))
            # A non-breaking space keeps each box with its item when the line wraps.
            self._set(".materials-list", "    ".join(f"□\u00a0{m}" for m in t.materials))
        else:
            self._set(".materials-title", texts.NO_MATERIALS)
        self.query_one(".materials-list").display = bool(t.materials)
        self.query_one("#reprint", Button).label = texts.REPRINT + en_part(en, texts.REPRINT_EN)
        self._show_print_state()
        self._set("#countdown", self._countdown())

    def on_screen_resume(self) -> None:
        self._ticking: Timer = self.set_interval(0.5, self._tick)
        self.call_after_refresh(self.kiosk.ticket_shown, self)

    def on_screen_suspend(self) -> None:
        self._ticking.stop()
