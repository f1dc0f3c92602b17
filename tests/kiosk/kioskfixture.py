"""Running the kiosk app against a real hub on 127.0.0.1, driven by Textual's Pilot.

Time in these tests passes when the test says: the kiosk's clock is the hall's test clock
(`hub.clock.advance(seconds=20)` runs a ticket page's countdown out), and `IdleTime` stands
in for the clock the pages a resident types on measure being left alone with. Waits are
`tests/waiting.py`'s.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from bianmin.client import HubClient
from bianmin.wire.devices import PrinterSettings
from kiosk.app import KioskApp
from kiosk.screens.ticket import TicketScreen
from tests.hubfixture import KIOSK, RunningHub
from tests.waiting import WAIT, shown, until

WITHOUT_PRINTER = PrinterSettings(kind="none")  # overrides the hub's, which may have one


@asynccontextmanager
async def kiosk(hub: RunningHub, *, url: str | None = None, token: str = KIOSK,
                size: tuple[int, int] = (80, 24), online: bool = True,
                local: Callable[[], datetime] | None = None, **options: Any
                ) -> AsyncIterator[tuple[KioskApp, Pilot[None]]]:
    """A kiosk following `hub` (through `url`, a proxy, when given). The kiosk box's own clock
    is `local`, else the hall's test clock: the kiosk's time then stands still with the hub's
    and moves when the test moves it (its ticket page's countdown too)."""
    # A request's timeout is no test of speed: a busy machine's slow answer is not lost.
    app = KioskApp(HubClient(url or hub.url, token, timeout=WAIT), **options)
    app.hub_clock.local = local or hub.clock
    async with app.run_test(size=size) as pilot:
        if online:
            await until(pilot, lambda: app.online, what="the kiosk to be online")
            await pilot.pause()
        yield app, pilot
        if app.online and hub.runner is not None:
            # Hear the hub out before closing: a page redrawn for an event that arrives while
            # the kiosk closes has lost its widgets, and the redraw fails (NoMatches).
            await until(pilot, lambda: app.mirror.seq >= hub.hub.seq, what="the last event")
            await pilot.pause()
    await asyncio.sleep(0)


class IdleTime:
    """The monotonic clock of `kiosk.screens.page`, which a page on it (预约签到, 投诉建议)
    reads to go home when left alone: it stands still until the test moves it, so a slow
    machine never sends a page home between two touches. Use the `idle_time` fixture."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.reads = 0

    def monotonic(self) -> float:
        self.reads += 1
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def looked_at(self, pilot: Pilot[None]) -> None:
        """Wait until a page has read this clock again (each does every second or less)."""
        reads = self.reads
        await until(pilot, lambda: self.reads > reads, what="the page to look at the time")


def screens_seen(app: KioskApp) -> list[Screen[Any]]:
    """Every screen the app shows from now on, in order, even one shown for an instant."""
    seen: list[Screen[Any]] = []
    app.screen_change_signal.subscribe(app, seen.append, immediate=True)
    return seen


def text_of(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def touch(pilot: Pilot[None], selector: str) -> None:
    assert await pilot.click(selector), f"nothing to touch at {selector}"


async def ticket_screen(pilot: Pilot[None], timeout: float = WAIT) -> TicketScreen:
    app = pilot.app
    await until(pilot, lambda: shown(app, TicketScreen), timeout, "the ticket page")
    assert isinstance(app.screen, TicketScreen)
    return app.screen
