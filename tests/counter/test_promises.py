"""承诺件 follow-up against a real hub: a promise made at the desk stays on its clerk's panel,
turns due soon and overdue as the hall's days pass, and leaves once marked kept, the hub
recording whether it was late; one kept by another clerk meanwhile is refused in the dialog."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from rich.text import Text
from textual.pilot import Pilot

from bianmin.client import HubClient, new_request_id
from bianmin.domain.events import PromiseKept
from counter.app import CounterApp
from counter.screens.keep import KeepPromiseScreen
from counter.screens.notice import NoticeScreen
from counter.widgets.promise_panel import PromisePanel
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    issue,
    message,
    open_finish,
    serve_next,
    signed_in,
    table_rows,
    told_the_day_ended,
    transfer,
    write,
)
from tests.hubfixture import KIOSK, RunningHub
from tests.waiting import shown, until


def promises(app: CounterApp) -> list[list[str]]:
    return table_rows(desk(app).query_one(PromisePanel))


def status_style(app: CounterApp, row: int) -> str:
    cell = desk(app).query_one(PromisePanel).get_row_at(row)[5]
    assert isinstance(cell, Text)
    return str(cell.style)


async def promise(app: CounterApp, pilot: Pilot[Any], days: int) -> str:
    """Serve the next ticket and finish it as 承诺件 due in `days` days; its number."""
    await open_finish(app, pilot, "promised")
    number = str(current_number(app))
    await write(pilot, f"+{days}")
    await until(pilot, lambda: shown(app, NoticeScreen), what="承诺件通知书")
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(app.screen, NoticeScreen))
    return number


async def next_day(hub: RunningHub, days: int) -> None:
    """Move the hall's clock on; a ticket issued then carries the new day to every desk."""
    hub.clock.advance(days=days)
    async with HubClient(hub.url, KIOSK) as kiosk:
        await kiosk.issue_ticket("J", new_request_id())


async def again_next_day(app: CounterApp, pilot: Pilot[Any]) -> None:
    """A clerk left signed in overnight is signed out as the day closes, and signs in again."""
    await until(pilot, partial(told_the_day_ended, app), what="signed out, told why")
    await signed_in(pilot, 1)


async def keep(app: CounterApp, pilot: Pilot[Any], note: str) -> KeepPromiseScreen:
    await pilot.press("k")
    await until(pilot, lambda: shown(app, KeepPromiseScreen), what="keep dialog")
    screen = app.screen
    assert isinstance(screen, KeepPromiseScreen)
    await pilot.press("enter")  # the promise under the panel's cursor is chosen already
    await write(pilot, note)
    return screen


async def kept_event(hub: RunningHub, ticket_id: str) -> PromiseKept:
    history = await hub.hub.store.ticket_history(ticket_id)
    return next(s.event for s in history if isinstance(s.event, PromiseKept))


def ticket_id(hub: RunningHub, number: str, promised: bool = True) -> str:
    return next(
        t.id
        for t in hub.hub.hall.tickets.values()
        if t.number == number and (t.promised_date is not None) == promised
    )


async def test_a_promise_is_followed_until_kept(hub: RunningHub) -> None:
    await issue(hub, "A", "A")
    async with counter(hub, 1) as (app, pilot):
        await pilot.press("k")
        assert "没有未办结的承诺件" in message(app)
        first = await promise(app, pilot, 1)
        second = await promise(app, pilot, 3)
        await until(pilot, lambda: len(promises(app)) == 2, what="both promises listed")
        rows = promises(app)
        assert [r[0] for r in rows] == [first, second]  # the soonest due first
        assert rows[0][4:] == ["明天到期", " 即将到期 "] and rows[1][4:] == ["还剩 3 天", " 按期 "]
        assert "black on yellow" in status_style(app, 0)
        panel = desk(app).query_one(PromisePanel)
        assert panel.border_subtitle == "未办结 2 件 · 即将到期 1 件"

        await next_day(hub, 2)
        await again_next_day(app, pilot)
        await until(pilot, lambda: promises(app)[0][4] == "已超期 1 天", what="overdue")
        panel = desk(app).query_one(PromisePanel)
        assert promises(app)[1][4:] == ["明天到期", " 即将到期 "]
        assert "white on red" in status_style(app, 0)
        assert panel.border_subtitle == "未办结 2 件 · 即将到期 1 件 · 已超期 1 件"
        assert "承诺件提醒：您有 1 件已超期、1 件即将到期" in message(app)
        # Signing in again, the clerk is told at once what needs attention.
        await pilot.press("q", "enter")
        await until(pilot, lambda: app.desk is None, what="signed out")
        await signed_in(pilot, 1)
        await until(pilot, lambda: len(promises(app)) == 2, what="listed again")
        panel = desk(app).query_one(PromisePanel)
        assert "承诺件提醒：您有 1 件已超期、1 件即将到期" in message(app)

        screen = await keep(app, pilot, "已电话告知办事群众领取")
        await until(pilot, lambda: app.screen is not screen, what="kept")
        await until(pilot, lambda: [r[0] for r in promises(app)] == [second], what="gone")
        assert f"承诺件 {first} 已办结，超过承诺日期 1 天" in message(app)
        late = await kept_event(hub, ticket_id(hub, first))
        assert late.late is True and late.note == "已电话告知办事群众领取"

        await next_day(hub, 1)  # the second is due today: kept on time
        await again_next_day(app, pilot)
        panel = desk(app).query_one(PromisePanel)
        await until(pilot, lambda: promises(app)[0][4] == "今天到期", what="due today")
        await keep(app, pilot, "")
        await until(pilot, lambda: promises(app) == [], what="none left")
        assert f"承诺件 {second} 已按期办结" in message(app)
        assert (await kept_event(hub, ticket_id(hub, second))).late is False
        assert panel.border_subtitle == "未办结 0 件"


async def test_promises_of_the_owner_and_one_kept_elsewhere(hub: RunningHub) -> None:
    """Window 2 receives B001 and transfers it to window 8, which promises it: both clerks
    follow it. Window 8 marks it kept while window 2's dialog is open: the hub refuses
    window 2 in its own words and the promise leaves both panels."""
    await issue(hub, "B")
    eight = await hub.clerk(8)
    three = await hub.clerk(3)
    try:
        async with counter(hub, 2) as (two, p2):
            await serve_next(two, p2, "B001")
            await transfer(two, p2, "8号窗口", "需综合窗口办理")
            called = await eight.call_next(8)
            await eight.start(called.id)
            promised = hub.clock().date() + timedelta(days=5)
            await eight.finish(called.id, "promised", promised_date=promised)
            await until(p2, lambda: [r[0] for r in promises(two)] == ["B001"], what="owner sees")
            assert [p.number for p in await eight.promises()] == ["B001"]
            assert await three.promises() == []  # neither received nor finished it
            listed = (await eight.promises())[0]
            assert listed.promise_status == "ok" and listed.days_left == 5

            await p2.press("k")
            await until(p2, lambda: isinstance(two.screen, KeepPromiseScreen))
            screen = two.screen
            assert isinstance(screen, KeepPromiseScreen)
            kept = await eight.keep_promise(called.id, "结果已送达")
            assert kept.promise_kept_at is not None
            await until(p2, lambda: promises(two) == [], what="kept elsewhere, gone live")
            await p2.press("enter", "enter")
            await until(p2, lambda: "已于" in screen.error_text, what="the hub's refusal")
            assert "B001 的承诺件已于" in screen.error_text and two.screen is screen
            await p2.press("escape")
            await until(p2, lambda: not isinstance(two.screen, KeepPromiseScreen))
            assert await eight.promises() == []
    finally:
        await eight.close()
        await three.close()

