"""The complaint just lodged: its number in large type at once, the hub's message, the 24-hour
supervision phone, and whether the slip printed (with 重新打印 when it did not).

Goes back home after a set time, or on a touch after the first moment.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Click
from textual.screen import Screen
from textual.widgets import Button, Static

from bianmin.printing.device import PrinterFault
from kiosk import texts
from kiosk.complaint import LodgedComplaint
from kiosk.screens.ticket import TOUCH_GUARD_SECONDS
from kiosk.widgets.big_number import BigNumber
from kiosk.widgets.header import KioskHeader
from kiosk.widgets.touch import TouchButton

if TYPE_CHECKING:
    from kiosk.app import KioskApp


def _en(english: bool, text: str) -> str:
    return f"  {text}" if english else ""


class ComplaintDoneScreen(Screen[None]):
    AUTO_FOCUS = None

    def __init__(self, complaint: LodgedComplaint, *, seconds: float, printing: bool) -> None:
        super().__init__()
        self.complaint = complaint
        self.seconds = seconds
        self.print_state = "printing" if printing else "none"  # or "printed", "fault"
        self._fault: PrinterFault | None = None
        self._deadline = 0.0  # on the kiosk's clock, as a timestamp
        self._opened = 0.0

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def compose(self) -> ComposeResult:
        c, en = self.complaint, self.complaint.english
        yield KioskHeader(c.center_name, self.kiosk.clock)
        yield Static(texts.COMPLAINT_DONE + _en(en, texts.COMPLAINT_DONE_EN), id="done",
                     classes="title")
        yield Static(texts.COMPLAINT_NUMBER + _en(en, texts.COMPLAINT_NUMBER_EN),
                     id="number-label")
        yield BigNumber(c.number, id="number")
        yield Static(c.number, id="number-text")
        # Non-breaking spaces: the number stays on the line it begins.
        yield Static(c.message.replace(" ", "\u00a0"), id="message")
        phone = texts.SUPERVISION_PHONE.format(phone=c.phone) if c.phone else ""
        yield Static(phone + _en(en and bool(phone),
                                 texts.SUPERVISION_PHONE_EN.format(phone=c.phone)),
                     id="supervision")
        with Horizontal(id="print-row"):
            yield Static(id="print-status")
            yield TouchButton(texts.REPRINT + _en(en, texts.REPRINT_EN), id="reprint")
        yield Static(id="countdown")

    def on_mount(self) -> None:
        self._deadline = self._now() + self.seconds
        self._opened = time.monotonic()
        self.query_one("#supervision").display = bool(self.complaint.phone)
        self._show_print_state()
        self._tick()
        self.set_interval(0.5, self._tick)

    def _now(self) -> float:
        return self.kiosk.clock().timestamp()

    def _left(self) -> int:
        return max(0, math.ceil(self._deadline - self._now()))

    def _tick(self) -> None:
        left = self._left()
        text = texts.TOUCH_HOME.format(s=left)
        if self.complaint.english:
            text += "  " + texts.TOUCH_HOME_EN.format(s=left)
        self.query_one("#countdown", Static).update(text)
        if left == 0 and self.app.screen is self:
            self.dismiss()

    def _print_text(self) -> str:
        en, state = self.complaint.english, self.print_state
        if state == "printing":
            return texts.PRINTING_SLIP
        if state == "printed":
            return texts.TAKE_SLIP + _en(en, texts.TAKE_SLIP_EN)
        if state == "none":
            return texts.NO_PRINTER_SLIP + _en(en, texts.WRITE_DOWN_NUMBER_EN)
        message = self._fault.message if self._fault else ""
        return (texts.PRINTER_FAULT.format(fault=message, write_down=texts.WRITE_DOWN_NUMBER)
                + _en(en, texts.WRITE_DOWN_NUMBER_EN))

    def _show_print_state(self) -> None:
        reprint = self.query_one("#reprint", Button)
        reprint.display = self.print_state == "fault"
        reprint.disabled = False
        self.query_one("#print-row").set_class(self.print_state in ("fault", "none"),
                                               "write-down")
        self.query_one("#print-status", Static).update(self._print_text())

    def show_printing(self, state: str, fault: PrinterFault | None = None) -> None:
        """`printing`, `printed` or `fault` (with the fault)."""
        self.print_state, self._fault = state, fault
        self._show_print_state()
        if state == "fault":  # time to write the number down
            self._deadline = max(self._deadline, self._now() + self.seconds)

    def on_click(self, event: Click) -> None:
        if time.monotonic() - self._opened >= TOUCH_GUARD_SECONDS:
            self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "reprint":
            event.stop()
            event.button.disabled = True
            self.show_printing("printing")
            self._deadline = max(self._deadline, self._now() + self.seconds)
            self.kiosk.print_slip(self.complaint, self)
