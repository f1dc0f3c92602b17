"""Running the kiosk app against a real hub on 127.0.0.1, driven by Textual's Pilot."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from bianmin.client import HubClient
from bianmin.wire.devices import PrinterSettings
from kiosk.app import KioskApp
from kiosk.screens.ticket import TicketScreen
from tests.hubfixture import KIOSK

WITHOUT_PRINTER = PrinterSettings(kind="none")  # overrides the hub's, which may have one

async def until(pilot: Pilot[Any], predicate: Callable[[], object], timeout: float = 5.0,
                what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


@asynccontextmanager
async def kiosk(url: str, *, token: str = KIOSK, size: tuple[int, int] = (80, 24),
                online: bool = True, **options: Any
                ) -> AsyncIterator[tuple[KioskApp, Pilot[KioskApp]]]:
    app = KioskApp(HubClient(url, token, timeout=2.0), **options)
    async with app.run_test(size=size) as pilot:
        if online:
            await until(pilot, lambda: app.online, what="the kiosk to be online")
            await pilot.pause()
        yield app, pilot
    await asyncio.sleep(0)


def text_of(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def touch(pilot: Pilot[KioskApp], selector: str) -> None:
    assert await pilot.click(selector), f"nothing to touch at {selector}"


async def ticket_screen(pilot: Pilot[KioskApp], timeout: float = 5.0) -> TicketScreen:
    """The ticket page once it shows its ticket: the page is on the stack as soon as it is
    pushed, and filled in when it has mounted."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.is_mounted,
                timeout, "the ticket page")
    assert isinstance(app.screen, TicketScreen)
    return app.screen
