"""The desk across midnight, the hall's clock moved past 00:00 by the test: the day's
sign-ins end (each terminal goes back to sign-in saying so), yesterday's waiting and called
tickets expire at the hub's first command of the new day, a resident still being served is
served on, and numbers start again at 001."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from counter.app import CounterApp
from counter.screens.signin import SignInScreen
from counter.widgets.window_bar import WindowBar
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    issue,
    queue_text,
    serve_next,
    sign_in,
    ticket_text,
)
from tests.hubfixture import RunningHub
from tests.waiting import until


def clock_shown(app: CounterApp) -> str:
    return str(desk(app).query_one(WindowBar).query_one("#bar-right", Static).content)


def signin_text(app: CounterApp) -> str:
    screen = app.screen
    assert isinstance(screen, SignInScreen)
    shown = screen.query_one("#signin-message", Static).content
    return str(getattr(shown, "plain", shown))


def day_ended(app: CounterApp) -> bool:
    return isinstance(app.screen, SignInScreen) and "当日结束时失效" in signin_text(app)


@pytest.mark.hall_clock("23:59:30")
async def test_yesterdays_queue_ends_at_midnight_and_today_starts_at_001(
        hub: RunningHub) -> None:
    yesterday = await issue(hub, "A", "A", "A")
    async with counter(hub, 1) as (one, p1), counter(hub, 8) as (eight, p8):
        await serve_next(one, p1, "A001")  # window 1 serves 户籍 across midnight
        await p8.press("c")  # window 8 has called A002; its resident has not come yet
        await until(p8, lambda: current_number(eight) == "A002", what="A002 called")
        await until(p1, lambda: "下一位：A003" in queue_text(one), what="A003 waiting")
        await until(p1, lambda: "办理用时 00:00" in ticket_text(one), what="the timer")

        hub.clock.advance(seconds=40)  # 00:00:10
        # A sign-in holds for its day: each terminal, asking the hub when the day turns,
        # goes back to sign-in saying so.
        await until(p1, lambda: day_ended(one), what="window 1 told its sign-in ended")
        await until(p8, lambda: day_ended(eight), what="window 8 told its sign-in ended")
        # Nothing has reached the hub's writer yet this day: yesterday's queue still stands.
        assert [hub.hub.hall.tickets[t.id].state.value for t in yesterday] == [
            "serving", "called", "waiting"]

        today = await issue(hub, "A")  # a resident takes a ticket: the first command
        assert today[0].number == "A001" and today[0].id != yesterday[0].id
        states = {t.number: hub.hub.hall.tickets[t.id].state.value for t in yesterday}
        assert states == {"A001": "serving", "A002": "expired", "A003": "expired"}

        # Window 1 signs in again: its resident is still being served, on yesterday's ticket
        # and its times, the timer running on past midnight; the queue is today's.
        await sign_in(p1, "1001")
        await until(p1, lambda: one.desk is not None and one.synced, what="window 1 back")
        assert current_number(one) == "A001" and "开始 23:59:30" in ticket_text(one)
        await until(p1, lambda: "办理用时 00:40" in ticket_text(one), what="timer past 00:00")
        await until(p1, lambda: "00:00:10" in clock_shown(one), what="the new day's time")
        assert "下一位：A001" in queue_text(one) and "A003" not in queue_text(one)
        assert "户籍办理 普通 1 人" in queue_text(one)
        await sign_in(p8, "1008")
        await until(p8, lambda: eight.desk is not None and eight.synced, what="window 8 back")
        assert current_number(eight) is None  # A002 expired with its day
        await p8.press("c")
        await until(p8, lambda: current_number(eight) == "A001", what="today's A001 called")
        assert "取号 00:00:10" in ticket_text(eight) and "叫号后 00:00" in ticket_text(eight)
