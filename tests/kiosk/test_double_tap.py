"""One touch, one action: a double tap, at every gap from 0 to 0.5 s, on every path of the home
page and on the buttons that turn a page to its next step, does what one touch does.

The guard's clock stands still here and the test moves it by the gap between the two taps;
with a gap of 0 both taps are delivered before the kiosk has handled the first."""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from kiosk.app import KioskApp
from kiosk.screens import guard
from kiosk.screens.bundles import BundleScreen
from kiosk.screens.check_in import CheckInScreen
from kiosk.screens.complaint import ComplaintScreen
from kiosk.screens.home import HomeScreen
from kiosk.screens.priority import PriorityScreen
from kiosk.screens.ticket import TicketScreen
from tests.hubfixture import RunningHub
from tests.kiosk.kioskfixture import WITHOUT_PRINTER, IdleTime, kiosk
from tests.kiosk.officekit import hall, tap
from tests.waiting import shown, until

__all__ = ["hall"]  # the fixture
GAPS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)


@pytest.fixture
def guard_time(monkeypatch: pytest.MonkeyPatch) -> IdleTime:
    still = IdleTime()
    monkeypatch.setattr(guard, "time", still)
    return still


def finger(app: KioskApp, x: int, y: int) -> None:
    for kind in (events.MouseDown, events.MouseUp):
        app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


def middle(app: KioskApp, selector: str) -> tuple[int, int]:
    region = app.screen.query_one(selector).region
    return region.x + region.width // 2, region.y + region.height // 2


async def double_tap(pilot: Pilot[None], guard_time: IdleTime, selector: str, gap: float,
                     opens: type[Screen[None]] | None) -> None:
    """Two taps on the spot of `selector`, `gap` seconds apart on the guard's clock; `opens`
    is the page the first opens (waited for before the second), None when it stays."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    guard_time.advance(5)  # the resident has read the page
    x, y = middle(app, selector)
    finger(app, x, y)
    if gap:
        if opens is not None:
            await until(pilot, lambda: shown(app, opens), what=opens.__name__)
        await pilot.pause()
        guard_time.advance(gap)
    finger(app, x, y)
    await pilot.pause()
    await pilot.pause(0.05)


async def home(pilot: Pilot[None], guard_time: IdleTime) -> None:
    app = pilot.app
    while not isinstance(app.screen, HomeScreen):
        assert len(app.screen_stack) > 2, app.screen_stack
        app.screen.dismiss()
        await pilot.pause()
    guard_time.advance(5)


@pytest.mark.parametrize("gap", GAPS)
async def test_a_double_tap_on_each_home_path(hall: RunningHub, guard_time: IdleTime,
                                              gap: float) -> None:
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        for selector, page in (("#path-priority", PriorityScreen),
                               ("#path-bundle", BundleScreen),
                               ("#path-check-in", CheckInScreen),
                               ("#path-complaint", ComplaintScreen)):
            await double_tap(pilot, guard_time, selector, gap, page)
            assert shown(app, page), (selector, app.screen_stack)  # opened, not closed again
            if isinstance(app.screen, CheckInScreen):
                assert app.screen.mode == "by-code"  # not switched to the phone's keypad
            await home(pilot, guard_time)

        await double_tap(pilot, guard_time, "#matter-A", gap, TicketScreen)
        await until(pilot, lambda: shown(app, TicketScreen), what="the ticket")
        await pilot.pause(0.1)
        assert shown(app, TicketScreen) and len(hall.hub.hall.tickets) == 1
        await home(pilot, guard_time)

        await tap(pilot, "#path-priority")
        guard_time.advance(5)
        await until(pilot, lambda: shown(app, PriorityScreen), what="优先通道")
        await double_tap(pilot, guard_time, "#matter-B", gap, TicketScreen)
        await until(pilot, lambda: shown(app, TicketScreen), what="the ticket")
        await pilot.pause(0.1)
        assert shown(app, TicketScreen) and len(hall.hub.hall.tickets) == 2
        await home(pilot, guard_time)


@pytest.mark.parametrize("gap", GAPS)
async def test_a_double_tap_on_a_bundle_is_one_ticket(hall: RunningHub, guard_time: IdleTime,
                                                      gap: float) -> None:
    """一件事一次办: the second tap on a bundle lands on its ticket page, which ignores it; one
    ticket for the whole, and the page stays open."""
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        guard_time.advance(5)
        await tap(pilot, "#path-bundle")
        await until(pilot, lambda: shown(app, BundleScreen), what="一件事一次办")
        await pilot.pause(0.1)
        await double_tap(pilot, guard_time, "#bundle-veteran", gap, TicketScreen)
        await until(pilot, lambda: shown(app, TicketScreen), what="the ticket")
        await pilot.pause(0.1)
        assert shown(app, TicketScreen) and app.is_running
        tickets = list(hall.hub.hall.tickets.values())
        assert len(tickets) == 1 and tickets[0].bundle == "veteran"


@pytest.mark.parametrize("gap", (0.0, 0.2, 0.5))
async def test_a_double_tap_turns_one_step(hall: RunningHub, guard_time: IdleTime,
                                           gap: float) -> None:
    """投诉建议's steps and 预约签到's keypads replace each other in place: a double tap on a
    window chooses the window, not also the clerk under the same spot."""
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        guard_time.advance(5)
        await tap(pilot, "#path-complaint")
        await until(pilot, lambda: shown(app, ComplaintScreen)
                    and len(app.screen.query("#windows .choice")) > 1, what="投诉建议")
        page = app.screen
        assert isinstance(page, ComplaintScreen)
        await pilot.pause(0.2)
        await double_tap(pilot, guard_time, "#windows #c-1", gap, None)
        assert page.step == "step-clerk" and page.form.clerk is None
        await home(pilot, guard_time)

        await tap(pilot, "#path-check-in")
        await until(pilot, lambda: shown(app, CheckInScreen), what="预约签到")
        check_in = app.screen
        assert isinstance(check_in, CheckInScreen)
        await pilot.pause(0.2)
        await double_tap(pilot, guard_time, "#switch", gap, None)
        assert check_in.mode == "by-phone"


async def test_a_double_or_triple_tap_selects_no_text(hall: RunningHub) -> None:
    """Seen in Chromium: a double tap on the 优先通道 page painted Textual's text selection
    over every line of it, as if something had been chosen. A kiosk selects no text."""
    async with kiosk(hall, printer=WITHOUT_PRINTER) as (app, pilot):
        await tap(pilot, "#path-priority")
        await until(pilot, lambda: shown(app, PriorityScreen), what="优先通道")
        for times in (2, 3):
            await pilot.click("#greeting", times=times)
            await pilot.pause()
            assert not app.screen.selections, times
