"""What every kiosk page has: the kiosk app it runs in, typed as such.

Nothing is focused by itself on any page: the app's `AUTO_FOCUS` says so for all of them.

A page's event handlers (`on_mount`, `on_key`...) never call `super()`'s: Textual itself calls
the handler of each class a page is made of, the page's own first, so a call to `super()`'s
would run that one twice (twice the timers, twice the watchers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from kiosk.app import KioskApp


class KioskScreen(Screen[None]):
    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)
