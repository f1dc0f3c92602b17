"""The desk across midnight, the hall's clock moved past 00:00 by the test: yesterday's
sign-ins end with their day and the clerks sign in again, yesterday's waiting and called
tickets expire at the hub's first command of the new day, the queue and the timers follow,
and numbers start again at 001."""

from __future__ import annotations

from functools import partial

import pytest
from textual.widgets import Static

from counter.app import CounterApp
from counter.widgets.window_bar import WindowBar
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    issue,
    queue_text,
    serve_next,
    signed_in,
    ticket_text,
    told_the_day_ended,
)
from tests.hubfixture import RunningHub
from tests.waiting import until


def clock_shown(app: CounterApp) -> str:
    return str(desk(app).query_one(WindowBar).query_one("#bar-right", Static).content)


@pytest.mark.hall_clock("23:59:30")
async def test_yesterdays_queue_ends_at_midnight_and_today_starts_at_001(
        hub: RunningHub) -> None:
    yesterday = await issue(hub, "A", "A", "A")
    async with counter(hub, 1) as (one, p1), counter(hub, 8) as (eight, p8):
        await serve_next(one, p1, "A001")  # window 1 serves 户籍 across midnight
        await p8.press("c")  # window 8 has called A002; its resident has not come yet
        await until(p8, lambda: current_number(eight) == "A002", what="A002 called")
        await until(p1, lambda: "下一位：A003" in queue_text(one), what="A003 waiting")

        hub.clock.advance(seconds=40)  # 00:00:10
        # Yesterday's sign-ins ended with their day: each terminal goes back to sign-in,
        # saying why, whether its own next request or the hub's sweep finds it first. (The
        # sweep is the day's first command: yesterday's waiting and called tickets expire.)
        await hub.hub.tick()
        for app, pilot, window in ((one, p1, 1), (eight, p8, 8)):
            await until(pilot, partial(told_the_day_ended, app),
                        what=f"window {window} told its sign-in ended")
        today = await issue(hub, "A")  # the first resident of the day
        assert today[0].number == "A001" and today[0].id != yesterday[0].id
        for pilot, window in ((p1, 1), (p8, 8)):
            await signed_in(pilot, window)
        await until(p1, lambda: "下一位：A001" in queue_text(one), what="today's queue")
        assert "A003" not in queue_text(one) and "户籍办理 普通 1 人" in queue_text(one)
        await until(p8, lambda: current_number(eight) is None, what="A002 gone at window 8")
        found = [await hub.hub.find_ticket(t.id) for t in yesterday]
        states = {t.number: t.state.value for t in found if t is not None}
        assert states == {"A001": "serving", "A002": "expired", "A003": "expired"}

        # Window 1's resident is still being served, on yesterday's ticket and its times.
        assert current_number(one) == "A001" and "开始 23:59:30" in ticket_text(one)
        await p8.press("c")
        await until(p8, lambda: current_number(eight) == "A001", what="today's A001 called")
        assert "取号 00:00:10" in ticket_text(eight) and "叫号后 00:00" in ticket_text(eight)
