"""The counter, the hub and the figures agree on a ticket's time limit (限时办结制).

The demo's matter J (综合咨询, a consultation matter) has a 15-minute limit; matter A is made a
15-minute immediate matter. Window 8 serves both. The hall's clock is the test's: the counter
reads the same clock, so moving it moves the hub and the clerk's timer together.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.text import Text
from textual.pilot import Pilot

from bianmin.client import HubClient
from bianmin.wire.hall import HallOffice
from bianmin.wire.office import Figures
from bianmin.wire.tickets import TicketStaff
from counter.app import CounterApp
from counter.screens.finish import FinishScreen
from counter.timing import Level
from counter.widgets.ticket_panel import TIMER_STYLES, TicketPanel
from tests.counter.kit import OUTCOMES, counter, current_number, desk, issue, serve_next
from tests.hubfixture import PIN, Clock, matter_limit, raw, running_hub
from tests.waiting import until

START = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WINDOW = 8  # serves J, A and B
OFFICE = "9001"


def timer_level(app: CounterApp) -> Level | None:
    """The level the clerk's timer is drawn in, read from the panel's colours."""
    content = desk(app).query_one(TicketPanel).content
    assert isinstance(content, Text)
    start = content.plain.find(" 办理用时")
    styles = {str(span.style) for span in content.spans if span.start == start}
    return next((level for level, style in TIMER_STYLES.items() if style in styles), None)


async def hub_ticket(office: HubClient, number: str) -> TicketStaff:
    """The hub's staff view of the ticket now (the office's hall snapshot)."""
    hall = await office.hall(HallOffice)
    return next(t for t in hall.tickets if t.number == number)


async def finish_immediate(app: CounterApp, pilot: Pilot[Any]) -> None:
    await pilot.press("f")
    await until(pilot, lambda: isinstance(app.screen, FinishScreen), what="finish form")
    await pilot.press("home", *["down"] * OUTCOMES.index("immediate"), "enter")
    await pilot.press("ctrl+s")
    await until(pilot, lambda: current_number(app) is None, what="finished")


@pytest.mark.parametrize("matter", ["J", "A"])
async def test_counter_hub_and_figures_agree_on_a_15_minute_limit(
    tmp_path: Path, matter: str
) -> None:
    clock = Clock(START)
    async with running_hub(tmp_path, clock=clock, edit=matter_limit("A", 15)) as hub, \
            HubClient(hub.url) as office:
        await office.login(OFFICE, PIN)
        (ticket,) = await issue(hub, matter)
        number = ticket.number
        async with counter(hub, WINDOW, clock=clock) as (app, pilot):
            await serve_next(app, pilot, number)
            shown = desk(app).current()
            assert shown is not None and shown.limit_minutes == 15
            assert shown.due_at == START + timedelta(minutes=15)
            assert shown.warn_at == START + timedelta(minutes=12)
            for after, level, overdue in [
                (timedelta(minutes=11, seconds=59), Level.OK, False),
                (timedelta(minutes=12), Level.NEAR, False),  # four fifths of the limit
                (timedelta(minutes=15), Level.NEAR, False),  # at the limit, not past it
                (timedelta(minutes=15, seconds=1), Level.OVER, True),
            ]:
                clock.now = START + after
                await until(pilot, lambda lv=level: timer_level(app) is lv,  # type: ignore[misc]
                            what=f"{level} at {after}")
                assert (await hub_ticket(office, number)).overdue is overdue, after
            status, public = await raw(hub, "GET", f"/api/tickets/{ticket.id}")  # its code
            assert status == 200
            assert not {"limit_minutes", "warn_at", "due_at", "overdue"} & public.keys()
            clock.now = START + timedelta(minutes=20)
            await finish_immediate(app, pilot)
        figures = await office.request("GET", "/api/figures", Figures)
        rows = {(r.dimension, r.key): r for r in figures.rows}
        assert rows[("all", "")].overdue == 1
        assert rows[("matter", matter)].overdue == 1
        assert rows[("window", str(WINDOW))].overdue == 1
        (done,) = [t for t in hub.hub.hall.tickets.values() if t.number == number]
        assert done.overdue  # an overdue 即办件, as the figures counted it
