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
from tests.waiting import until


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


@pytest.mark.parametrize("outcome", ["consultation", "immediate", "petition"])
async def test_outcomes_that_need_nothing(hub: RunningHub, outcome: str) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        screen = await open_finish(app, pilot, outcome)
        assert shown_groups(screen) == []
        await pilot.press("ctrl+s")
        # The hub's event clears the desk and its answer says so: either may come first.
        await until(pilot, lambda: current_number(app) is None and "A001 已办结" in message(app),
                    what="finished")
        assert (await finish_event(hub, "A001")).outcome == outcome


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


async def test_escalated_needs_the_authority(hub: RunningHub) -> None:
    await issue(hub, "D")
    async with counter(hub, 5) as (app, pilot):
        screen = await open_finish(app, pilot, "escalated")
        assert shown_groups(screen) == ["escalated"]
        await refused_then_done(app, pilot, screen, "须填写报送的上级审批部门")
        screen.query_one("#authority", Input).focus()
        await write(pilot, "县自然资源局")
        await until(pilot, lambda: current_number(app) is None, what="finished")
        assert (await finish_event(hub, "D001")).authority == "县自然资源局"


async def test_cancelling_the_form_leaves_the_ticket_in_service(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        await open_finish(app, pilot, "immediate")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, FinishScreen))
        assert current_number(app) == "A001" and "办理中" in ticket_text(app)
        assert next(iter(hub.hub.hall.tickets.values())).state.value == "serving"
