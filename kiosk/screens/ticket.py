"""The ticket just issued: the number very large, the matter, how many are ahead, where to
wait, the materials to have ready (一次性告知), and whether the printed ticket came out.

Goes back home after a set time, or at once on a touch (but not on the touch that issued it:
touches in the first moment are ignored, so a double tap does not skip this page)."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Click
from textual.screen import Screen
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
    def __init__(self, ticket: IssuedTicket, *, seconds: float, touched_at: float) -> None:
        super().__init__()
        self.ticket = ticket
        self.seconds = seconds
        self.touched_at = touched_at  # perf_counter() of the touch, for the latency figure
        self.print_state = "printing"  # printing | printed | fault | none
        self._deadline = 0.0  # on the kiosk's clock, as a timestamp
        self._opened = 0.0  # monotonic, for the touch guard

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def compose(self) -> ComposeResult:
        t, en = self.ticket, self.ticket.english
        yield KioskHeader(t.center_name, self.kiosk.clock)
        yield Static(texts.YOUR_NUMBER + _en(en, texts.YOUR_NUMBER_EN), id="your-number")
        yield BigNumber(t.number, id="number")
        matter = t.matter_name + (f"（{texts.PRIORITY_MARK}）" if t.priority else "")
        yield Static(matter + _en(en and bool(t.matter_name_en), t.matter_name_en),
                     id="matter")
        ahead = texts.AHEAD.format(n=t.ahead) if t.ahead else texts.NEXT
        ahead_en = texts.AHEAD_EN.format(n=t.ahead) if t.ahead else texts.NEXT_EN
        yield Static(ahead + _en(en, ahead_en), id="ahead")
        where = t.wait_hint or texts.WHERE
        windows = texts.WINDOWS.format(windows=texts.join_windows(list(t.windows)))
        yield Static(f"{where}。{windows}", id="where")
        with Vertical(id="materials"):
            if t.materials:
                yield Static(texts.MATERIALS + _en(en, texts.MATERIALS_EN),
                             classes="materials-title")
                yield Static("    ".join(f"□\u00a0{m}" for m in t.materials),
                             classes="materials-list")
            else:
                yield Static(texts.NO_MATERIALS, classes="materials-title")
        with Horizontal(id="print-row"):
            yield Static(texts.PRINTING, id="print-status")
            yield TouchButton(texts.REPRINT + _en(en, texts.REPRINT_EN), id="reprint")
        yield Static("", id="countdown")

    def on_mount(self) -> None:
        self._opened = time.monotonic()
        self._deadline = self._now() + self.seconds
        self.query_one("#reprint", Button).display = False
        self._tick()
        self.set_interval(0.5, self._tick)
        self.call_after_refresh(self.kiosk.ticket_shown, self)

    def _now(self) -> float:
        return self.kiosk.clock().timestamp()

    def _tick(self) -> None:
        left = max(0, math.ceil(self._deadline - self._now()))
        countdown = texts.TOUCH_HOME.format(s=left)
        if self.ticket.english:
            countdown += "  " + texts.TOUCH_HOME_EN.format(s=left)
        self.query_one("#countdown", Static).update(countdown)
        if left == 0 and self.is_current:
            self.dismiss()

    def extend(self, seconds: float) -> None:
        """Give the resident more time, e.g. to write the number down."""
        self._deadline = max(self._deadline, self._now() + seconds)
        self._tick()

    def show_printing(self, state: str, fault: PrinterFault | None = None) -> None:
        """`printing`, `printed`, `fault` (with the fault) or `none` (no printer here)."""
        self.print_state = state
        en = self.ticket.english
        status = self.query_one("#print-status", Static)
        reprint = self.query_one("#reprint", Button)
        reprint.display = state == "fault"
        reprint.disabled = False
        self.set_class(state in ("fault", "none"), "write-down")
        if state == "printing":
            status.update(texts.PRINTING)
        elif state == "printed":
            status.update(texts.TAKE_TICKET + _en(en, texts.TAKE_TICKET_EN))
        elif state == "none":
            status.update(texts.NO_PRINTER + _en(en, texts.WRITE_DOWN_EN))
        else:
            message = fault.message if fault else ""
            status.update(texts.PRINTER_FAULT.format(fault=message, write_down=texts.WRITE_DOWN)
                          + _en(en, texts.WRITE_DOWN_EN))
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
            self.query_one("#reprint", Button).display = False
            self.extend(self.seconds)
            self.kiosk.print_ticket(self.ticket, self)
