"""Snapshots of the home and ticket pages at 80x24 and at a large size, on a fixed clock.

The hub runs in a thread of its own here: `snap_compare` runs the app in its own event loop.
Update with `pytest tests/kiosk/test_snapshots.py --snapshot-update` and look at the result.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot

from bianmin.client import HubClient
from kiosk.app import KioskApp
from kiosk.screens.ticket import TicketScreen
from tests.fakeprinter import FakePrinter
from tests.hubfixture import KIOSK, Clock, RunningHub, running_hub
from tests.waiting import shown, until

NOW = datetime(2026, 5, 11, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
LARGE = (160, 48)
T = TypeVar("T")
Snap = Callable[..., bool]


class Hall:
    """A hub (and a printer) on a loop in another thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop, hub: RunningHub,
                 printer: FakePrinter) -> None:
        self.loop, self.hub, self.printer = loop, hub, printer

    def run(self, coro: Awaitable[T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(30)  # type: ignore[arg-type]

    async def in_hall(self, coro: Awaitable[T]) -> T:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(
            coro, self.loop))  # type: ignore[arg-type]


@contextmanager
def hall_in_thread(folder: Path) -> Iterator[Hall]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    # The ticket page's QR code carries the status address: a fixed one, not the hub's port.
    hub_cm = running_hub(folder, clock=Clock(NOW), edit=lambda text: text.replace(
        'public_url = ""', 'public_url = "http://hall.example"'))
    try:
        hub = asyncio.run_coroutine_threadsafe(hub_cm.__aenter__(), loop).result(30)
        printer = asyncio.run_coroutine_threadsafe(FakePrinter().start(), loop).result(30)
        hall = Hall(loop, hub, printer)
        try:
            yield hall
        finally:
            hall.run(printer.stop())
            hall.run(hub_cm.__aexit__(None, None, None))
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    with hall_in_thread(tmp_path) as running:
        yield running


def kiosk_app(hall: Hall) -> KioskApp:
    return KioskApp(HubClient(hall.hub.url, KIOSK), printer=hall.printer.settings,
                    clock=lambda: NOW, printer_check_seconds=3600)


async def online(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    await until(pilot, lambda: app.online and app.printer.printer is not None,
                what="the kiosk to be online")
    await pilot.pause(0.2)


def touch_and_print(matter: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await online(pilot)
        await pilot.click(f"#matter-{matter}")
        app = pilot.app
        await until(pilot, lambda: shown(app, TicketScreen) and isinstance(app.screen, TicketScreen)
                    and app.screen.print_state == "printed", what="the printed ticket")
        await pilot.pause(0.2)

    return run_before


def test_home_80x24(snap_compare: Snap, hall: Hall) -> None:
    assert snap_compare(kiosk_app(hall), terminal_size=(80, 24), run_before=online)


def test_home_large(snap_compare: Snap, hall: Hall) -> None:
    assert snap_compare(kiosk_app(hall), terminal_size=LARGE, run_before=online)


def test_ticket_80x24(snap_compare: Snap, hall: Hall) -> None:
    assert snap_compare(kiosk_app(hall), terminal_size=(80, 24),
                        run_before=touch_and_print("A"))
    assert len(hall.printer.jobs) == 1


def test_ticket_large(snap_compare: Snap, hall: Hall) -> None:
    assert snap_compare(kiosk_app(hall), terminal_size=LARGE,
                        run_before=touch_and_print("C"))


def test_bundle_ticket_portrait(snap_compare: Snap, hall: Hall) -> None:
    """一件事一次办 at 1080x1920 in the browser (56x44 cells at 32 px): the bundle's steps and
    every step's materials, whole."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await online(pilot)
        app = pilot.app
        await pilot.click("#path-bundle")
        await until(pilot, lambda: bool(app.screen.query("#bundle-newborn")), what="一件事")
        await pilot.pause(0.7)  # past the page's touch guard
        await pilot.click("#bundle-newborn")
        await until(pilot, lambda: shown(app, TicketScreen) and isinstance(app.screen, TicketScreen)
                    and app.screen.print_state == "printed", what="the printed ticket")
        await pilot.pause(0.2)

    assert snap_compare(kiosk_app(hall), terminal_size=(56, 44), run_before=run_before)
    assert len(hall.printer.jobs) == 1


def test_hub_away_80x24(snap_compare: Snap, hall: Hall) -> None:
    async def hub_goes_away(pilot: Pilot[Any]) -> None:
        await online(pilot)
        await hall.in_hall(hall.hub.stop())
        app = pilot.app
        await until(pilot, lambda: not app.online, what="the kiosk to notice")  # type: ignore[attr-defined]
        await pilot.pause(0.2)

    assert snap_compare(kiosk_app(hall), terminal_size=(80, 24), run_before=hub_goes_away)
