"""The ticket just issued: the number very large, the matter, how many are ahead, where to
wait, the materials to have ready (一次性告知), and whether the printed ticket came out.

Goes back home after a set time, or at once on a touch (but not on the touch that issued it:
touches in the first moment are ignored, so a double tap does not skip this page).

One page serves every ticket: it is built once and filled anew for each, because building a
page's widgets and matching their styles is most of the time a touch takes to show.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Click
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static

from bianmin.printing.device import PrinterFault
from kiosk import texts
from kiosk.ticket import IssuedTicket
from kiosk.widgets.big_number import BigNumber
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.touch import TouchButton

if TYPE_CHECKING:
    from kiosk.app import KioskApp

TOUCH_GUARD_SECONDS = 1.0


def _en(english: bool, text: str) -> str:
    return f"  {text}" if english else ""


class TicketScreen(Screen[None]):
    AUTO_FOCUS = None

    def __init__(self, ticket: IssuedTicket, *, seconds: float, touched_at: float,
                 printing: bool) -> None:
        super().__init__()
        self.present(ticket, seconds=seconds, touched_at=touched_at, printing=printing)

    def present(self, ticket: IssuedTicket, *, seconds: float, touched_at: float,
                printing: bool) -> None:
        """Show `ticket` (before the page is pushed). `printing`: a printer is set up and the
        ticket is on its way to it."""
        self.ticket = ticket
        self.seconds = seconds
        self.touched_at = touched_at  # perf_counter() of the touch, for the latency figure
        self.print_state = "printing" if printing else "none"  # or "printed", "fault"
        self._fault: PrinterFault | None = None
        self._deadline = 0.0  # on the kiosk's clock, as a timestamp
        self._opened = 0.0  # monotonic, for the touch guard
        if self.is_mounted:
            self._fill()

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def compose(self) -> ComposeResult:
        yield KioskHeader(self.ticket.center_name, self.kiosk.clock)
        yield Static(id="your-number")
        yield BigNumber(self.ticket.number, id="number")
        yield Static(id="matter")
        yield Static(id="ahead")
        yield Static(id="where")
        with Vertical(id="materials"):
            yield Static(classes="materials-title")
            yield Static(classes="materials-list")
        with Horizontal(id="print-row"):
            yield Static(id="print-status")
            yield TouchButton(id="reprint")
        yield Static(id="countdown")

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        t, en = self.ticket, self.ticket.english
        self._deadline = self._now() + self.seconds
        self.query_one(KioskHeader).show_center(t.center_name)
        self._set("#your-number", t.greeting + _en(en, t.greeting_en))
        self.query_one(BigNumber).show(t.number)
        matter = t.matter_name + (f"（{t.mark}）" if t.mark else "")
        self._set("#matter", matter + _en(en and bool(t.matter_name_en), t.matter_name_en))
        ahead = texts.AHEAD.format(n=t.ahead) if t.ahead else texts.NEXT
        ahead_en = texts.AHEAD_EN.format(n=t.ahead) if t.ahead else texts.NEXT_EN
        self._set("#ahead", ahead + _en(en, ahead_en))
        windows = texts.WINDOWS.format(windows=texts.join_windows(list(t.windows)))
        where = f"{t.wait_hint or texts.WHERE}。{windows}"
        if en:
            numbers = ", ".join(str(n) for n in t.windows) or "-"
            where += "\n" + texts.WHERE_EN.format(windows=numbers)
        self._set("#where", where)
        if t.materials:
            self._set(".materials-title", texts.MATERIALS + _en(en, texts.MATERIALS_EN))
            # A non-breaking space keeps each box with its item when the line wraps.
            self._set(".materials-list", "    ".join(f"□\u00a0{m}" for m in t.materials))
        else:
            self._set(".materials-title", texts.NO_MATERIALS)
        self.query_one(".materials-list").display = bool(t.materials)
        self.query_one("#reprint", Button).label = texts.REPRINT + _en(en, texts.REPRINT_EN)
        self._show_print_state()
        self._set("#countdown", self._countdown())

    def _set(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        if str(widget.content) != text:
            widget.update(text)

    def on_screen_resume(self) -> None:
        self._opened = time.monotonic()
        self._ticking: Timer = self.set_interval(0.5, self._tick)
        self.call_after_refresh(self.kiosk.ticket_shown, self)

    def on_screen_suspend(self) -> None:
        self._ticking.stop()

    def _now(self) -> float:
        return self.kiosk.clock().timestamp()

    def _left(self) -> int:
        return max(0, math.ceil(self._deadline - self._now()))

    def _countdown(self) -> str:
        left = self._left()
        countdown = texts.TOUCH_HOME.format(s=left)
        if self.ticket.english:
            countdown += "  " + texts.TOUCH_HOME_EN.format(s=left)
        return countdown

    def _tick(self) -> None:
        self._set("#countdown", self._countdown())
        if self._left() == 0 and self.is_current:
            self.dismiss()

    def extend(self, seconds: float) -> None:
        """Give the resident more time, e.g. to write the number down."""
        self._deadline = max(self._deadline, self._now() + seconds)
        self._tick()

    def _print_text(self) -> str:
        en, state = self.ticket.english, self.print_state
        if state == "printing":
            return texts.PRINTING
        if state == "printed":
            return texts.TAKE_TICKET + _en(en, texts.TAKE_TICKET_EN)
        if state == "none":
            return texts.NO_PRINTER + _en(en, texts.WRITE_DOWN_EN)
        message = self._fault.message if self._fault else ""
        return (texts.PRINTER_FAULT.format(fault=message, write_down=texts.WRITE_DOWN)
                + _en(en, texts.WRITE_DOWN_EN))

    def _show_print_state(self) -> None:
        reprint = self.query_one("#reprint", Button)
        reprint.display = self.print_state == "fault"
        reprint.disabled = False
        # On the row, not the page: restyling a whole page costs a frame.
        self.query_one("#print-row").set_class(self.print_state in ("fault", "none"),
                                               "write-down")
        self._set("#print-status", self._print_text())

    def show_printing(self, state: str, fault: PrinterFault | None = None) -> None:
        """`printing`, `printed` or `fault` (with the fault)."""
        self.print_state, self._fault = state, fault
        self._show_print_state()
        if state == "fault":
            self.extend(self.seconds)

    def on_click(self, event: Click) -> None:
        if time.monotonic() - self._opened < TOUCH_GUARD_SECONDS:
            return
        self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "reprint":
            event.stop()
            event.button.disabled = True
            self.show_printing("printing")
            self.extend(self.seconds)
            self.kiosk.print_ticket(self.ticket, self)
