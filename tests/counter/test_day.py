"""A clerk's whole day at the counter, through Pilot against a real hub: a mistake put right
(更正) with the office deciding, a resident moved by the front desk (导服台), a home visit
(上门服务) started and finished at the counter, every slip reprinted, the small things, and
the link back within a second of the hub."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from textual.widgets import Footer, Input, OptionList
from textual.widgets._footer import FooterKey

from bianmin.client import new_request_id
from counter.app import CounterApp
from counter.screens.confirm import ConfirmScreen
from counter.screens.correct import CorrectScreen, PickFinishedScreen
from counter.screens.finish import FinishScreen
from counter.screens.notice import NoticeScreen
from counter.screens.pause import PauseScreen
from counter.screens.slips import SlipsScreen
from counter.screens.visits import VisitsScreen
from counter.widgets.promise_panel import PromisePanel
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    finish_form,
    issue,
    message,
    queue_text,
    serve_next,
    table_rows,
    ticket_text,
    write,
)
from tests.hubfixture import KIOSK, PIN, JsonClient, RunningHub
from tests.waiting import shown, until


@asynccontextmanager
async def office(hub: RunningHub) -> AsyncIterator[JsonClient]:
    async with hub.client() as o:
        await o.login("9001", PIN)
        yield o


def slip_lines(app: CounterApp) -> str:
    screen = app.screen
    assert isinstance(screen, NoticeScreen)
    return "".join(screen.lines).replace(" ", "")


async def close_slip(app: CounterApp, pilot: Any) -> None:
    await until(pilot, lambda: shown(app, NoticeScreen), what="the slip on the screen")
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(app.screen, NoticeScreen), what="slip closed")


async def test_a_mistake_put_right_with_the_office_deciding(hub: RunningHub) -> None:
    await issue(hub, "A", "A")
    async with counter(hub, 1) as (app, pilot), office(hub) as o:
        await finish_form(app, pilot, "A001")
        await pilot.press("ctrl+s")  # 即办件 pressed where 承诺件 was meant
        await close_slip(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: shown(app, PickFinishedScreen), what="finished tickets")
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, CorrectScreen), what="the correction form")
        form = app.screen
        assert isinstance(form, CorrectScreen) and form.outcome == "immediate"
        await pilot.press("down", "enter")  # 承诺件
        await write(pilot, "+5")
        await until(pilot, lambda: "请写明更正原因" in form.error_text, what="why needed")
        form.query_one("#whys", OptionList).focus()
        await pilot.press("enter")  # 办结类型选择有误
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, CorrectScreen), what="asked")
        assert "已提交更正申请：A001：即办件 更正为 承诺件" in message(app)
        (pending,) = await o.json("GET", "/api/corrections?state=pending")
        assert pending["why"] == "办结类型选择有误" and pending["clerk"] == "1001"

        await pilot.press("e")  # asked once: the list says it waits
        await until(pilot, lambda: shown(app, PickFinishedScreen))
        picker = app.screen
        prompt = str(picker.query_one("#ticket", OptionList).get_option_at_index(0).prompt)
        assert "更正审核中" in prompt
        await pilot.press("escape")

        await o.json("POST", f"/api/corrections/{pending['id']}/approve", {})
        await until(pilot, lambda: "中心办公室已批准更正" in message(app), what="told")
        assert "按 V 查看并打印更正后的受理通知书（承诺件）" in message(app)
        promises = desk(app).query_one(PromisePanel)
        await until(pilot, lambda: [r[0] for r in table_rows(promises)] == ["A001"],
                    what="a promise to keep now, on the panel")
        await pilot.press("v")  # two slips now: the first and the corrected one
        await until(pilot, lambda: shown(app, SlipsScreen))
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, NoticeScreen))
        text = slip_lines(app)
        assert "受理通知书" in text and "（承诺件）" in text
        assert "经中心办公室审核更正后重新开具" in text
        await pilot.press("escape")

        # A second correction, refused: the clerk reads the office's words.
        await serve_next(app, pilot, "A002")
        await pilot.press("f")
        await until(pilot, lambda: shown(app, FinishScreen))
        await pilot.press("home", "enter")  # 咨询件
        await write(pilot, "已告知所需材料")
        await close_slip(app, pilot)
        ticket = next(t for t in hub.hub.hall.tickets.values() if t.number == "A002")
        async with hub.client(app.client.token) as same_clerk:
            second = await same_clerk.json("POST", f"/api/tickets/{ticket.id}/correction",
                                           {"outcome": "immediate", "why": "应为即办件"})
        await o.json("POST", f"/api/corrections/{second['id']}/refuse",
                     {"decision": "经核实确为咨询件，不予更正"})
        await until(pilot, lambda: "中心办公室未批准更正" in message(app), what="refusal told")
        assert "经核实确为咨询件，不予更正" in message(app)
        history = await o.json("GET", f"/api/tickets/{pending['ticket']}/history")
        assert [h["kind"] for h in history][-2:] == ["correction-requested", "ticket-corrected"]


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_the_front_desk_moves_a_resident_nobody_becomes_first_responder(
        hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        early = await kiosk.issue_ticket("B", new_request_id())
        hub.clock.advance(minutes=2)
        wrong = await kiosk.issue_ticket("A", new_request_id())  # came for 社保, pressed 户籍
        hub.clock.advance(minutes=2)
        late = await kiosk.issue_ticket("B", new_request_id())
    async with counter(hub, 2) as (app, pilot), office(hub) as o:
        await until(pilot, lambda: f"下一位：{early.number} {late.number}" in queue_text(app))
        await o.json("POST", f"/api/tickets/{wrong.id}/move",
                     {"to_matter": "B", "reason": "取号时选错事项"})
        await until(pilot, lambda: f"下一位：{early.number} {wrong.number} {late.number}"
                    in queue_text(app), what="in its place by when it joined the line")
        moved = hub.hub.hall.tickets[wrong.id]
        assert moved.owner is None and moved.state.value == "waiting"
        await serve_next(app, pilot, early.number)
        await pilot.press("f")
        await until(pilot, lambda: shown(app, FinishScreen))
        await pilot.press("ctrl+s")
        await close_slip(app, pilot)
        await serve_next(app, pilot, wrong.number)
        assert hub.hub.hall.tickets[wrong.id].owner == "1002"  # who received it, not the desk
        history = await o.json("GET", f"/api/tickets/{wrong.id}/history")
        assert [h["kind"] for h in history][:2] == ["ticket-issued", "ticket-moved"]


async def office_feed(hub: RunningHub, token: str) -> tuple[aiohttp.ClientSession, Any]:
    session = aiohttp.ClientSession()
    ws = await session.ws_connect(f"{hub.url.replace('http', 'ws')}/api/ws?token={token}")
    assert (await ws.receive_json())["type"] == "snapshot"
    return session, ws


async def heard(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        frame = json.loads((await ws.receive()).data)
        if frame.get("kind") == kind:
            return frame  # type: ignore[no-any-return]


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_a_home_visit_at_the_counter_seen_live_by_the_office(hub: RunningHub) -> None:
    day = hub.clock().date()
    async with office(hub) as o:
        visits = []
        for when, slot in ((day, "14:00-15:00"), (day + timedelta(days=2), "09:00-10:00")):
            booked = await o.json("POST", "/api/appointments", {
                "matter": "A", "day": when.isoformat(), "slot": slot, "name": "赵奶奶",
                "phone": "13700001111", "home_visit": True, "address": "青溪镇东村12号"})
            await o.json("POST", f"/api/appointments/{booked['code']}/assign", {"clerk": "1001"})
            visits.append(booked["code"])
        session, ws = await office_feed(hub, o.token or "")
        try:
            async with counter(hub, 1) as (app, pilot):
                await until(pilot, lambda: "今天有 1 件上门服务待办" in message(app),
                            what="reminded at sign-in")
                await pilot.press("h")
                await until(pilot, lambda: shown(app, VisitsScreen), what="the visits")
                options = app.screen.query_one("#ticket", OptionList)
                first = str(options.get_option_at_index(0).prompt)
                later = str(options.get_option_at_index(1).prompt)
                assert first.startswith("今天 14:00-15:00") and "青溪镇东村12号" in first
                assert "13700001111" in first and "赵奶奶" in first  # in full, for this clerk
                assert "（星期三）" in later and "已指派" in later
                await pilot.press("down", "enter")  # not today's: the hub says so
                visits_screen = app.screen
                assert isinstance(visits_screen, VisitsScreen)
                await until(pilot, lambda: "当天开始办理" in visits_screen.error_text)
                await pilot.press("up", "enter")
                await until(pilot, lambda: "已开始上门服务" in message(app), what="started")
                assert "上门服务" in ticket_text(app) and "办理中" in ticket_text(app)
                started = await asyncio.wait_for(heard(ws, "home-visit-started"), 10)
                assert started["event"]["clerk"] == "1001" and started["window"]["current"]
                number = current_number(app)
                await pilot.press("c")  # the window is busy with the visit
                await until(pilot, lambda: "尚未处理完" in message(app), what="call refused")
                hub.clock.advance(minutes=25)
                await pilot.press("f")
                await until(pilot, lambda: shown(app, FinishScreen))
                await pilot.press("ctrl+s")
                await until(pilot, lambda: shown(app, NoticeScreen), what="its slip")
                assert "受理通知书" in slip_lines(app) and f"号票：{number}" in slip_lines(app)
                done = await asyncio.wait_for(heard(ws, "home-visit-completed"), 10)
                assert done["event"]["code"] == visits[0]
        finally:
            await ws.close()
            await session.close()
        listing = await o.json("GET", f"/api/appointments?from={day}&to={day}")
        assert next(a for a in listing if a["code"] == visits[0])["state"] == "done"
        figures = await o.json("GET", f"/api/figures?from={day}&to={day}")
        mine = next(r for r in figures["rows"] if r["dimension"] == "clerk")
        assert (mine["home_visits"], mine["served"], mine["outcome_immediate"]) == (1, 1, 1)


async def test_the_small_things(hub: RunningHub) -> None:
    await issue(hub, "A", "A")
    async with counter(hub, 1, size=(100, 30)) as (app, pilot):
        keys = list(desk(app).query_one(Footer).query(FooterKey))
        assert all(k.region.right <= 100 for k in keys) and len(keys) == 14, [
            (k.key, k.region) for k in keys]
        assert any(k.key == "p" and k.description == "暂停" for k in keys)
        # The pause dialog shows all five of its presets.
        await pilot.press("p")
        await until(pilot, lambda: shown(app, PauseScreen))
        presets = app.screen.query_one("#reasons", OptionList)
        assert presets.option_count == 5 and presets.max_scroll_y == 0
        assert presets.content_region.height >= 5
        await pilot.press("tab", "end", "enter")  # 外出上门服务
        await until(pilot, lambda: hub.hub.hall.windows[1].paused, what="paused")
        await until(pilot, lambda: any(
            k.key == "p" and k.description == "恢复"
            for k in desk(app).query_one(Footer).query(FooterKey)), what="footer says resume")
        await pilot.press("p")
        await until(pilot, lambda: not hub.hub.hall.windows[1].paused, what="resumed")
        # `q` with a ticket open: told at once, no question first.
        await pilot.press("c")
        await until(pilot, lambda: current_number(app) == "A001")
        await pilot.press("q")
        assert not isinstance(app.screen, ConfirmScreen)
        assert "当前号票 A001 尚未处理完" in message(app)
        # A past promised date is said to be past.
        await pilot.press("s")
        await until(pilot, lambda: "办理中" in ticket_text(app))
        await pilot.press("f")
        await until(pilot, lambda: shown(app, FinishScreen))
        screen = app.screen
        assert isinstance(screen, FinishScreen)
        await pilot.press("home", "down", "down", "enter")
        past = hub.clock().date() - timedelta(days=29)
        screen.query_one("#promised-date", Input).value = past.isoformat()
        await pilot.pause()
        hint = str(screen.query_one("#promised-hint").render())
        assert f"即 {past.isoformat()}，已过去 29 天" in hint and "-29" not in hint


async def test_back_within_a_second_of_the_hub(hub: RunningHub) -> None:
    """Its feed waits out a backoff of at least 24 s after the hub goes: the desk is back
    long before that because the first answer to its probe wakes the feed."""
    async with counter(hub, 1, backoff=(30.0, 60.0)) as (app, pilot):
        await hub.stop()
        await until(pilot, lambda: not app.synced, what="the link lost")
        await pilot.pause(0.2)
        loop = asyncio.get_running_loop()
        await hub.start()
        back = loop.time()
        await until(pilot, lambda: app.synced, what="back", timeout=20)
        took = loop.time() - back
        assert took < 10, f"back {took:.1f} s after the hub, not woken"
        await until(pilot, lambda: "已重新连接服务器" in message(app), what="the clerk told")
