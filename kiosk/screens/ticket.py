"""The ticket just issued: the number very large, the matter, how many are ahead, where to
wait, the materials to have ready (一次性告知), a QR code to follow the ticket on a phone
(drawn in block characters: it reaches the phone without paper), and whether the printed
ticket came out. A 一件事 ticket shows the bundle's name, its steps in order (beside the
materials where the page is wide, above them where it is narrow), where to go first, and the
materials for every step at once.

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

from bianmin.printing.layout import display_width
from kiosk import texts
from kiosk.screens.printed import PrintedPage, PrintWords, en_part
from kiosk.ticket import IssuedTicket, step_lines
from kiosk.widgets.big_number import BigNumber
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.qr_block import QRBlock
from kiosk.widgets.touch import TouchButton

MATERIALS_WIDTH = 30  # the narrowest materials lines beside a 一件事's steps
# Below this height a 一件事's page leaves out the line of where to go first: its steps,
# which begin with the first step's windows, say it.
COMPACT_HEIGHT = 30


def pack(items: list[str], width: int, gap: int = 2) -> list[str]:
    """`items` in lines of at most `width` cells, `gap` spaces apart, none broken in two (an
    item wider than a line has a line of its own, and wraps there)."""
    lines: list[str] = []
    for item in items:
        if lines and display_width(lines[-1]) + gap + display_width(item) <= width:
            lines[-1] += " " * gap + item
        else:
            lines.append(item)
    return lines


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
                with Horizontal(id="ticket-lists"):
                    yield Static(id="steps")
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
        # print row and the countdown); under the lines, it needs 10 more of its own, and
        # those a 一件事's steps take.
        room = height - (10 if beside else 20 + self._steps_rows(width))
        self.query_one("#qr-side").display = qr.columns + 4 <= width and rows <= room
        self._place_steps(width)

    @property
    def compact(self) -> bool:
        return self.size.height < COMPACT_HEIGHT

    def _step_text(self) -> str:
        """The steps' box: on a small page without each step's windows (the line of where
        to go first says the first step's)."""
        t = self.ticket
        return "\n".join([t.steps_title, *step_lines(t.steps, windows=not self.compact)])

    def _steps_width(self) -> int:
        """The steps' box: its widest line, the border and the padding."""
        return max(display_width(line) for line in self._step_text().splitlines()) + 4

    def _materials_width(self, width: int, beside: bool) -> int:
        """The materials' lines' width on a page `width` wide: the page less the QR code
        beside, the steps beside and the box's margins, border and padding."""
        qr = self.query_one("#qr-side")
        if qr.display and not self.query_one("#ticket-body").has_class("stacked"):
            width -= self.query_one(QRBlock).columns + 4
        if beside:
            width -= self._steps_width() + 2
        return width - 8

    def _place_steps(self, width: int) -> None:
        """A 一件事's steps beside its materials where both have room, else above them; its
        materials packed in lines that keep each item whole."""
        t = self.ticket
        if not t.bundle:
            return
        beside = self._materials_width(width, True) >= MATERIALS_WIDTH
        self.query_one("#ticket-lists").set_class(not beside, "stacked")
        self.query_one("#your-number").set_class(self.compact, "compact")
        self.query_one("#ticket-lists").set_class(self.compact, "compact")
        self._set("#steps", self._step_text())
        self._set("#where", self._where())
        title = texts.BUNDLE_MATERIALS + en_part(t.english and not self.compact,
                                                 texts.MATERIALS_EN)
        self._set(".materials-title", title)
        lines = pack([f"□ {m}" for m in t.materials], self._materials_width(width, beside))
        self._set(".materials-list", "\n".join(lines))
        self.call_after_refresh(self._make_room)

    def _make_room(self) -> None:
        """A 一件事's steps and materials come before the QR code (the receipt has it too):
        where the page, laid out, is longer than the screen, the code gives way."""
        qr = self.query_one("#qr-side")
        if self.ticket.bundle and qr.display and self.virtual_size.height > self.size.height:
            qr.display = False

    def _steps_rows(self, width: int) -> int:
        """The rows a 一件事's steps take above its materials on a narrow page (with the
        materials' lines beyond a plain ticket's two or three)."""
        t = self.ticket
        if not t.bundle:
            return 0
        steps = len(self._step_text().splitlines()) + 2  # and the border
        lines = len(pack([f"□ {m}" for m in t.materials], width - 8))
        return steps + max(0, lines - 3)

    def _where(self) -> str:
        """Where to wait and which windows; for a 一件事 on a small page, only where to go
        first."""
        t, en = self.ticket, self.ticket.english
        if t.bundle and self.compact:
            return t.windows_line
        # The windows on a line of their own: wrapped after the hint, 8号 broke in two.
        where = f"{t.wait_hint or texts.WHERE}。\n{t.windows_line}"
        if en:
            numbers = ", ".join(str(n) for n in t.windows) or "-"
            where += "\n" + texts.WHERE_EN.format(windows=numbers)
        return where

    def _fill(self) -> None:
        t, en = self.ticket, self.ticket.english
        self._deadline = self._now() + self.seconds
        self.query_one(KioskHeader).show_center(t.center_name)
        self._set("#your-number", t.greeting + en_part(en, t.greeting_en))
        self.query_one(BigNumber).show(t.number)
        if self.query_one(QRBlock).data != t.status_url:
            self.query_one(QRBlock).show(t.status_url)
            self._place_qr(self.size.width, self.size.height)
        self._set("#matter", t.matter_line + en_part(en and bool(t.title_en), t.title_en))
        ahead = t.ahead_line + (f"，{t.wait_line}" if t.wait_line else "")
        ahead_en = t.ahead_line_en + (f". {t.wait_line_en}" if t.wait_line_en else "")
        self._set("#ahead", ahead + en_part(en, ahead_en))
        self._set("#where", self._where())
        self.query_one("#steps", Static).display = t.bundle
        if t.materials:
            self._set(".materials-title", texts.MATERIALS + en_part(en, texts.MATERIALS_EN))
            # A non-breaking space keeps each box with its item when the line wraps.
            self._set(".materials-list", "    ".join(f"□\u00a0{m}" for m in t.materials))
        else:
            self._set(".materials-title", texts.NO_MATERIALS)
        if t.bundle:
            self._place_steps(self.size.width)
        else:
            self.query_one("#ticket-lists").set_class(True, "stacked")
            self.query_one("#your-number").set_class(False, "compact")
            self.query_one("#ticket-lists").set_class(False, "compact")
        self.query_one(".materials-list").display = bool(t.materials)
        self.query_one("#reprint", Button).label = texts.REPRINT + en_part(en, texts.REPRINT_EN)
        self._show_print_state()
        self._set("#countdown", self._countdown())

    def on_screen_resume(self) -> None:
        self._ticking: Timer = self.set_interval(0.5, self._tick)
        self.call_after_refresh(self.kiosk.ticket_shown, self)

    def on_screen_suspend(self) -> None:
        self._ticking.stop()
