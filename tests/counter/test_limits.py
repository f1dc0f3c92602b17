"""The timer at the window keeps the hub's time limit (限时办结制), for every kind of matter.

The hub decides the limit (`bianmin.domain.limits`) and sends it with the ticket; the counter
shows it and turns its colour at the hub's `warn_at` and `due_at`. Here matter A (户籍办理)
is made a 45-minute 即办件, which the hall's rule caps at 30; D (不动产登记) is a 45-minute
承诺件 and J (综合咨询) a 15-minute 咨询件. The hall's clock is the test's, and the counter
reads the same clock, so moving it moves the hub and the clerk's timer together.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.text import Text

from counter.app import CounterApp
from counter.timing import Level
from counter.widgets.ticket_panel import TIMER_STYLES, TicketPanel
from tests.counter.kit import counter, desk, issue, serve_next, ticket_text
from tests.hubfixture import Clock, running_hub
from tests.waiting import until

START = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def a_45_minute_immediate_matter(toml: str) -> str:
    before = 'name = "户籍办理"\nname_en = "Household Registration"\nhandling = "immediate"\n'
    assert before + "time_limit_minutes = 30\n" in toml
    return toml.replace(before + "time_limit_minutes = 30\n", before + "time_limit_minutes = 45\n")


def drawn_in(app: CounterApp, level: Level) -> bool:
    return timer_level(app) is level


def timer_level(app: CounterApp) -> Level | None:
    """The level the clerk's timer is drawn in, read from the panel's colours."""
    content = desk(app).query_one(TicketPanel).content
    assert isinstance(content, Text)
    start = content.plain.find(" 办理用时")
    styles = {str(span.style) for span in content.spans if span.start == start}
    return next((level for level, style in TIMER_STYLES.items() if style in styles), None)


@pytest.mark.parametrize(
    ("matter", "window", "minutes"),
    [("A", 1, 30), ("D", 5, 45), ("J", 8, 15)],
    ids=["immediate-capped", "promised", "consultation"],
)
async def test_the_timer_keeps_the_hubs_limit(
    tmp_path: Path, matter: str, window: int, minutes: int
) -> None:
    clock = Clock(START)
    async with running_hub(tmp_path, clock=clock, edit=a_45_minute_immediate_matter) as hub:
        (ticket,) = await issue(hub, matter)
        async with counter(hub, window, clock=clock) as (app, pilot):
            await serve_next(app, pilot, ticket.number)
            shown = desk(app).current()
            assert shown is not None and shown.limit_minutes == minutes
            assert shown.due_at == START + timedelta(minutes=minutes)
            assert shown.warn_at == START + timedelta(minutes=minutes * 0.8)
            assert f"限时 {minutes} 分钟" in ticket_text(app)
            warn = timedelta(minutes=minutes * 0.8)
            for after, level in [
                (warn - timedelta(seconds=1), Level.OK),
                (warn, Level.NEAR),  # four fifths of the limit
                (timedelta(minutes=minutes), Level.NEAR),  # at the limit, not past it
                (timedelta(minutes=minutes, seconds=1), Level.OVER),
            ]:
                clock.now = START + after
                await until(pilot, partial(drawn_in, app, level), what=f"{level} at {after}")
            assert "已超时 00:01" in ticket_text(app)
