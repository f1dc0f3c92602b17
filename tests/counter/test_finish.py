"""Finishing with each outcome: the form asks for what the outcome needs, the hub refuses
without it and its message shows in the form, and what was entered is what the hub keeps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from bianmin.domain.events import TicketFinished
from counter.app import CounterApp
from counter.screens.finish import FinishScreen
from counter.screens.notice import NoticeScreen
from tests.counter.kit import (
    counter,
    current_number,
    issue,
    message,
    open_finish,
    ticket_text,
    write,
)
from tests.hubfixture import RunningHub
from tests.waiting import shown, until


def shown_groups(screen: FinishScreen) -> list[str]:
    return [str(g.id) for g in screen.query(".needs") if g.display]


async def finish_event(hub: RunningHub, number: str) -> TicketFinished:
    """What the hub recorded of the ticket's finish."""
    ticket = next(t for t in hub.hub.hall.tickets.values() if t.number == number)
    history = await hub.hub.store.ticket_history(ticket.id)
    return next(s.event for s in history if isinstance(s.event, TicketFinished))


async def refused_then_done(
    app: CounterApp, pilot: Pilot[Any], screen: FinishScreen, refusal: str
) -> None:
    number = current_number(app)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: refusal in screen.error_text, what=f"refusal {refusal!r}")
    assert app.screen is screen and current_number(app) == number


def slip_text(app: CounterApp) -> str:
    """The slip on the screen (window 1 has no printer: it is shown), without spaces."""
    screen = app.screen
    assert isinstance(screen, NoticeScreen)
    return "".join(screen.lines).replace(" ", "")


@pytest.mark.parametrize(("outcome", "title"), [
    ("immediate", "受理通知书（即办件）"), ("petition", "信访事项登记回执")])
async def test_outcomes_that_need_nothing(hub: RunningHub, outcome: str, title: str) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        screen = await open_finish(app, pilot, outcome)
        assert shown_groups(screen) == []
        await pilot.press("ctrl+s")
        await until(pilot, lambda: shown(app, NoticeScreen), what="its slip shown")
        assert current_number(app) is None
        assert (await finish_event(hub, "A001")).outcome == outcome
        assert f"本窗口未配置打印机，{title}已显示在屏幕上" in message(app)
        assert title.replace("（", "").replace("）", "")[:5] in slip_text(app)


async def test_consultation_needs_what_was_answered_and_its_slip_says_it(
        hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        screen = await open_finish(app, pilot, "consultation")
        assert shown_groups(screen) == ["consultation"]
        assert screen.focused is screen.query_one("#answer")
        await pilot.press("ctrl+s")
        assert "咨询件请写明答复内容" in screen.error_text and app.screen is screen
        presets = screen.query_one("#answers", OptionList)
        presets.focus()
        await pilot.press("enter")  # the first: every material told at once
        assert screen.query_one("#answer", Input).value == "已一次性告知办理该事项所需的全部材料"
        await pilot.press("enter")
        await until(pilot, lambda: shown(app, NoticeScreen), what="the slip")
        assert (await finish_event(hub, "A001")).answer == "已一次性告知办理该事项所需的全部材料"
        text = slip_text(app)
        assert "咨询答复单" in text and "已一次性告知办理该事项所需的全部材料" in text
        assert "1.居民身份证" in text and "一次性告知，共" in text  # the matter's materials


async def test_promised_needs_a_date(hub: RunningHub) -> None:
    await issue(hub, "D")
    async with counter(hub, 5) as (app, pilot):
        screen = await open_finish(app, pilot, "promised")
        assert shown_groups(screen) == ["promised"]
        await refused_then_done(app, pilot, screen, "承诺件须填写承诺办结日期")
        field = screen.query_one("#promised-date", Input)
        field.focus()
        await pilot.press(*"12月", "enter")
        assert "请按 2026-12-05 的格式" in screen.error_text
        yesterday = hub.clock().date() - timedelta(days=1)
        field.value = yesterday.isoformat()
        await pilot.press("enter")
        await until(pilot, lambda: "不能早于今天" in screen.error_text, what="past date refusal")
        field.value = ""
        await pilot.press(*"+7", "enter")
        await until(pilot, lambda: current_number(app) is None, what="finished")
        promised = hub.clock().date() + timedelta(days=7)
        assert (await finish_event(hub, "D001")).promised_date == promised


async def test_supplement_needs_the_missing_materials_all_at_once(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        screen = await open_finish(app, pilot, "supplement")
        assert shown_groups(screen) == ["supplement"]
        await refused_then_done(app, pilot, screen, "须勾选所缺的全部材料")
        assert screen.focused is screen.query_one("#materials")
        await pilot.press("space", "down", "down", "space", "ctrl+s")
        await until(pilot, lambda: current_number(app) is None, what="finished")
        event = await finish_event(hub, "A001")
        assert event.missing_materials == ("居民身份证", "近期一寸免冠照片")


async def test_returned_needs_a_written_reason(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        screen = await open_finish(app, pilot, "returned")
        assert shown_groups(screen) == ["returned"]
        await refused_then_done(app, pilot, screen, "须写明退回原因")
        presets = screen.query_one("#return-reasons", OptionList)
        presets.focus()
        await pilot.press("down", "enter")
        reason = screen.query_one("#return-reason", Input)
        assert reason.value == "主要申请材料缺失，无法受理" and screen.focused is reason
        await pilot.press("enter")
        await until(pilot, lambda: current_number(app) is None, what="finished")
        assert (await finish_event(hub, "A001")).reason == "主要申请材料缺失，无法受理"


async def test_escalated_needs_the_authority_and_its_time_limit(hub: RunningHub) -> None:
    await issue(hub, "D")
    async with counter(hub, 5) as (app, pilot):
        screen = await open_finish(app, pilot, "escalated")
        assert shown_groups(screen) == ["escalated"]
        await refused_then_done(app, pilot, screen, "须填写报送的上级审批部门")
        screen.query_one("#authority", Input).focus()
        await write(pilot, "县自然资源局")
        await until(pilot, lambda: "须填写上级审批的办理时限" in screen.error_text,
                    what="the hub asks for the time limit")
        days = screen.query_one("#authority-days", Input)
        days.focus()
        await until(pilot, lambda: app.focused is days, what="the days field")
        await write(pilot, "二十天")
        await until(pilot, lambda: "请填写上级审批时限" in screen.error_text, what="days refused")
        assert app.screen is screen
        days.value = ""
        await write(pilot, "20")
        await until(pilot, lambda: shown(app, NoticeScreen), what="the slip")
        event = await finish_event(hub, "D001")
        assert (event.authority, event.authority_days) == ("县自然资源局", 20)
        text = slip_text(app)
        assert "上报件通知书" in text and "报送部门：县自然资源局" in text
        assert "审批时限：20个工作日" in text


async def test_cancelling_the_form_leaves_the_ticket_in_service(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        await open_finish(app, pilot, "immediate")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, FinishScreen))
        assert current_number(app) == "A001" and "办理中" in ticket_text(app)
        assert next(iter(hub.hub.hall.tickets.values())).state.value == "serving"
