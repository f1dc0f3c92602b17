"""One touch, one action: a page ignores touches for a moment after it opens (or turns to its
next step), so the second tap of a double tap never lands on what replaced the first's target.

How long: a double tap's second touch follows the first by up to half a second (0.5 s is the
usual double-click time, and the tests tap at every gap from 0 to 0.5 s); the new page is
up 20 to 100 ms after the first touch, so 0.6 s from the page opening covers every such
second touch, and no one reads a new page and touches it deliberately within 0.6 s.

A touch is dropped whole: a finger put down within the guard is ignored until it is lifted,
even if it is lifted after the guard.
"""

from __future__ import annotations

import time
from typing import TypeVar

from textual import events, on
from textual.screen import Screen

TOUCH_GUARD_SECONDS = 0.6

POINTER = (events.MouseDown, events.MouseUp, events.Click)
R = TypeVar("R")


class TouchGuard(Screen[R]):
    """Mixed into every kiosk page and dialog (before its Screen class)."""

    guard_seconds: float = TOUCH_GUARD_SECONDS
    _guard_from = -1e9  # monotonic time the page last opened or changed its step
    _swallowing = False  # the finger now down went down within the guard

    def guard_touches(self) -> None:
        """Start the guard afresh: the page has just opened or turned to another step."""
        self._guard_from = time.monotonic()

    def guarding(self) -> bool:
        return time.monotonic() - self._guard_from < self.guard_seconds

    @property
    def touchable_at(self) -> float:
        """The monotonic time from which the page takes touches (again)."""
        return self._guard_from + self.guard_seconds

    @on(events.ScreenResume)
    def _guard_on_resume(self) -> None:
        self.guard_touches()

    def _forward_event(self, event: events.Event) -> None:
        if isinstance(event, POINTER):
            if isinstance(event, events.MouseDown):
                self._swallowing = self.guarding()
            if self._swallowing or self.guarding():
                if isinstance(event, events.Click):
                    self._swallowing = False
                return
        super()._forward_event(event)
