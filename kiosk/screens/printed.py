"""What a page that hands the resident a printout shares: a countdown home, touches in its
first moment ignored (so a double tap does not skip it), whether the printout came out, and
重新打印 when it did not."""

from __future__ import annotations

import math
from dataclasses import dataclass

from textual.events import Click
from textual.widgets import Button, Static

from bianmin.printing.device import PrinterFault
from kiosk import texts
from kiosk.screens.base import KioskScreen

TOUCH_GUARD_SECONDS = 1.0  # longer than other pages': this one goes home on any touch


def en_part(english: bool, text: str) -> str:
    return f"  {text}" if english else ""


@dataclass(frozen=True)
class PrintWords:
    """What the page says of its printout in each state."""

    printing: str
    printed: str
    printed_en: str
    no_printer: str
    write_down: str
    write_down_en: str


class PrintedPage(KioskScreen):
    """A page with `#print-row` (`#print-status`, `#reprint`) and `#countdown`."""

    words: PrintWords

    def start(self, seconds: float, printing: bool) -> None:
        """Begin afresh: `printing` says whether a printer is set up and the printout is on
        its way to it."""
        self.seconds = seconds
        self.print_state = "printing" if printing else "none"  # or "printed", "fault"
        self._fault: PrinterFault | None = None
        self._deadline = 0.0  # on the kiosk's clock, as a timestamp

    @property
    def guard_seconds(self) -> float:  # type: ignore[override]
        return TOUCH_GUARD_SECONDS

    @property
    def english(self) -> bool:
        raise NotImplementedError

    def reprint(self) -> None:
        raise NotImplementedError

    def _set(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        if str(widget.content) != text:
            widget.update(text)

    def _now(self) -> float:
        return self.kiosk.clock().timestamp()

    def _left(self) -> int:
        return max(0, math.ceil(self._deadline - self._now()))

    def _countdown(self) -> str:
        left = self._left()
        return texts.TOUCH_HOME.format(s=left) + en_part(
            self.english, texts.TOUCH_HOME_EN.format(s=left))

    def _tick(self) -> None:
        self._set("#countdown", self._countdown())
        if self._left() == 0 and self.is_current:
            self.dismiss()

    def extend(self, seconds: float) -> None:
        """Give the resident more time, e.g. to write the number down."""
        self._deadline = max(self._deadline, self._now() + seconds)
        self._tick()

    def _print_text(self) -> str:
        words, en, state = self.words, self.english, self.print_state
        if state == "printing":
            return words.printing
        if state == "printed":
            return words.printed + en_part(en, words.printed_en)
        if state == "none":
            return words.no_printer + en_part(en, words.write_down_en)
        message = self._fault.message if self._fault else ""
        return (texts.PRINTER_FAULT.format(fault=message, write_down=words.write_down)
                + en_part(en, words.write_down_en))

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
        if self.gone:
            return  # the resident has left: a late answer from the printer shows nowhere
        self._show_print_state()
        if state == "fault":  # time to write the number down
            self.extend(self.seconds)

    def on_click(self, event: Click) -> None:
        # Touches in the page's first moment never arrive here (`kiosk.screens.guard`).
        if self.is_current:
            self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "reprint":
            event.stop()
            event.button.disabled = True
            self.show_printing("printing")
            self.extend(self.seconds)
            self.reprint()
