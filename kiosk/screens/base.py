"""What every kiosk page has: the kiosk app it runs in, typed as such, an end to its
background work when it is left, and touches ignored for a moment after it opens
(`kiosk.screens.guard`).

Nothing is focused by itself on any page: the app's `AUTO_FOCUS` says so for all of them.

A page's event handlers (`on_mount`, `on_key`...) never call `super()`'s: Textual itself calls
the handler of each class a page is made of, the page's own first, so a call to `super()`'s
would run that one twice (twice the timers, twice the watchers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.await_complete import AwaitComplete

from kiosk.screens.guard import TouchGuard

if TYPE_CHECKING:
    from kiosk.app import KioskApp


class KioskScreen(TouchGuard[None]):
    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    @property
    def gone(self) -> bool:
        """Off the screen stack: the resident left it (or it was never shown). What its
        background work learns later is ignored."""
        return self not in self.app.screen_stack

    def dismiss(self, result: Any = None) -> AwaitComplete:
        # A page's background work ends with the page, at once: a worker still waiting for
        # the hub never resumes to fill widgets that are being taken down.
        self.workers.cancel_node(self)
        if self.app.screen is not self:
            # Textual's dismiss pops whatever is on top: a second touch handled after the
            # first left this page would take the home page away.
            return AwaitComplete(_nothing())
        return super().dismiss(result)


async def _nothing() -> None:
    pass
