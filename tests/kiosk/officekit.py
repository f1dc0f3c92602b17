"""What the kiosk's office tests share: a hub on a fixed clock (Monday 11 May 2026, 09:40 in
the hall, inside the 09:00-10:00 and 10:00-11:00 slots' check-in windows), booking as the
office, and touching the check-in and complaint pages' keys."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from bianmin.client import HubClient
from bianmin.wire.office import BookedFull
from bianmin.wire.requests import Book
from kiosk.app import KioskApp
from kiosk.screens.check_in import CheckInScreen
from kiosk.screens.complaint import ComplaintScreen
from kiosk.widgets.choices import ChoiceButton, Choices
from tests.hubfixture import PIN, Clock, RunningHub, running_hub
from tests.kiosk.kioskfixture import (
    touch,
)
from tests.waiting import shown, until

NOW = datetime(2026, 5, 11, 9, 40, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
NAME, PHONE = "王小明", "13812345678"


@pytest.fixture
async def hall(tmp_path: Path) -> AsyncIterator[RunningHub]:
    async with running_hub(tmp_path, clock=Clock(NOW)) as running:
        yield running


async def office(hub: RunningHub) -> HubClient:
    """Signed in as the office (staff 9001), without a window."""
    client = hub.client()
    await client.login("9001", PIN)
    return client


async def book(hub: RunningHub, *, matter: str = "D", day: date = TODAY,
               slot: str = "09:00-10:00", name: str = NAME, phone: str = PHONE,
               home_visit: bool = False, address: str = "") -> BookedFull:
    """A phone booking taken by the office; today's 09:00-10:00 slot for 王小明 unless told."""
    body = Book(matter=matter, day=day, slot=slot, name=name, phone=phone,
                home_visit=home_visit, address=address)
    async with await office(hub) as client:
        return await client.request("POST", "/api/appointments", BookedFull, body)


def screen_text(app: KioskApp) -> str:
    """Every line of text the page on top shows (its Statics and buttons)."""
    parts = [str(w.render()) for w in app.screen.query(Static)]
    parts += [str(b.label) for b in app.screen.query(ChoiceButton)]
    return "\n".join(parts)


async def open_check_in(pilot: Pilot[None]) -> CheckInScreen:
    app = pilot.app
    await touch(pilot, "#path-check-in")
    await until(pilot, lambda: shown(app, CheckInScreen), what="预约签到")
    assert isinstance(app.screen, CheckInScreen)
    return app.screen


async def open_complaint(pilot: Pilot[None]) -> ComplaintScreen:
    app = pilot.app
    await touch(pilot, "#path-complaint")
    await until(pilot, lambda: shown(app, ComplaintScreen), what="投诉建议")
    screen = app.screen
    assert isinstance(screen, ComplaintScreen)
    await until(pilot, lambda: len(screen.query_one("#windows", Choices).choices) > 1,
                what="the complaint options")
    await pilot.pause()
    return screen


async def tap(pilot: Pilot[None], selector: str) -> None:
    """Touch what `selector` names once it is on the page on top and its place there has
    settled."""
    def find() -> Widget | None:
        found = pilot.app.screen.query(selector)
        return found.first() if found else None

    await touch_settled(pilot, find, selector)


async def touch_settled(pilot: Pilot[None], find: Callable[[], Widget | None],
                        what: str) -> None:
    """Touch the widget `find()` gives once it is on the page on top, enabled, and its place
    there has settled (a page just pushed, or a pane just switched to, is still being laid
    out, and a touch would land on what was there before; a button a text box's change
    enables is enabled a moment after the change)."""
    app = pilot.app
    seen: list[object] = []

    def settled() -> bool:
        widget = find()
        if widget is None:
            return False
        region = widget.region
        place = (widget, region)
        if region.area == 0 or widget.is_disabled \
                or app.get_widget_at(region.x, region.y)[0] is not widget:
            return False
        seen.append(place)
        return len(seen) > 2 and seen[-3:] == [place] * 3

    await until(pilot, settled, what=what)
    widget = find()
    assert widget is not None and await pilot.click(widget), f"cannot touch {what}"


async def press_keys(pilot: Pilot[None], keypad: str, keys: str) -> None:
    """Touch the keys of `keypad` one by one, as a finger would."""
    last = ""
    for i, key in enumerate(keys):
        if key == last:
            await pilot.pause(0.25)  # a button ignores a second touch within 0.2 s
        # Once the keypad is in place, its keys stay where they are.
        await (touch if i else tap)(pilot, f"#{keypad} #c-{key}")
        last = key


async def choose(pilot: Pilot[None], choices: str, value: str) -> None:
    """Touch the choice whose value is `value` (a surname, a reason) in `#choices`, once the
    choices are in place."""
    def find() -> Widget | None:
        grids = pilot.app.screen.query(f"#{choices}").results(Choices)
        return next((b for grid in grids for b in grid.query(ChoiceButton) if b.value == value),
                    None)

    await touch_settled(pilot, find, f"{value} in {choices}")
    await pilot.pause()
