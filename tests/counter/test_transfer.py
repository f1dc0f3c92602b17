"""Transfer between two counters, and the 督办 panel following the ticket to its end."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from counter.app import CounterApp
from counter.screens.finish import FinishScreen
from counter.screens.transfer import TransferScreen
from counter.widgets.supervision_panel import SupervisionPanel
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    issue,
    message,
    queue_text,
    serve_next,
    table_rows,
    ticket_text,
    transfer,
)
from tests.hubfixture import RunningHub
from tests.waiting import shown, until


def supervised(app: CounterApp) -> list[list[str]]:
    return table_rows(desk(app).query_one(SupervisionPanel))


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_transfer_lands_at_the_front_and_supervision_follows_it(hub: RunningHub) -> None:
    await issue(hub, "J", "J", "B")
    async with counter(hub, 2) as (two, p2), counter(hub, 8) as (eight, p8):
        await until(p8, lambda: "J002" in queue_text(eight))
        await serve_next(two, p2, "B001")
        await transfer(two, p2, "8号窗口", "需综合窗口办理")
        assert "B001 已转至8号窗口" in message(two) and current_number(two) is None
        # At window 8 it is first, ahead of the two who were waiting.
        await until(
            p8,
            lambda: "下一位：B001转 J001 J002" in queue_text(eight),
            what="transferred ticket at the front",
        )
        assert "B001 由2号窗口转入本窗口" in message(eight)
        await until(
            p2,
            lambda: supervised(two) and "等候 8号窗口" in supervised(two)[0][2],
            what="supervision: waiting at 8",
        )
        await served_at_eight(eight, p8, two, p2)


async def served_at_eight(
    eight: CounterApp, p8: Pilot[Any], two: CounterApp, p2: Pilot[Any]
) -> None:
    await p8.press("c")
    await until(p8, lambda: current_number(eight) == "B001")
    text = ticket_text(eight)
    assert "转办说明：需综合窗口办理" in text and "首问责任人：王强（2号窗口）" in text
    await until(p2, lambda: "8号窗口 已叫号" in supervised(two)[0][2], what="supervision: called")
    assert supervised(two)[0][3] == "黄伟（1008）"
    await p8.press("s")
    await until(p2, lambda: "8号窗口 办理中" in supervised(two)[0][2], what="supervision: serving")
    await p8.press("f")
    await until(p8, lambda: isinstance(eight.screen, FinishScreen))
    await p8.press("ctrl+s")  # the matter's usual outcome, 即办件, is preselected
    await until(p8, lambda: current_number(eight) is None, what="finished at 8")
    await until(
        p2,
        lambda: "已在他处办结（即办件）" in supervised(two)[0][5],
        what="supervision: finished elsewhere",
    )
    assert "B001 已在8号窗口办结" in message(two)
    panel = desk(two).query_one(SupervisionPanel)
    assert panel.border_subtitle == "未办结 0 件"
    took = supervised(two)[0][4]
    # Its time stopped at its finish; a while later the row leaves the panel.
    two.clock.advance(minutes=9)  # type: ignore[attr-defined]
    await p2.pause(1.1)
    assert supervised(two)[0][4] == took
    two.clock.advance(minutes=1)  # type: ignore[attr-defined]
    await until(p2, lambda: supervised(two) == [], what="the finished row leaves")


@pytest.mark.hall_clock("09:00")  # the ticket stalls for 21 minutes within one day
async def test_transfer_to_a_matter_and_a_stalled_ticket_is_flagged(hub: RunningHub) -> None:
    await issue(hub, "A", "B")
    async with counter(hub, 1) as (one, p1), counter(hub, 3) as (three, p3):
        await serve_next(one, p1, "A001")
        await transfer(one, p1, "按事项：社保医保", "社保业务")
        # Window 3 serves F then B; the transferred ticket is first in line there too.
        await until(
            p3,
            lambda: "下一位：A001转 B001" in queue_text(three),
            what="transferred to the matter's queue",
        )
        await until(p1, lambda: supervised(one) and "等候 社保医保" in supervised(one)[0][2])
        hub.clock.advance(minutes=21)
        await hub.hub.tick()
        await until(p1, lambda: "滞留超过 20 分钟" in supervised(one)[0][5], what="stalled flag")
        assert "督办提醒：号票 A001 转出后已等候 21 分钟" in message(one)
        assert "滞留 1 件" in str(desk(one).query_one(SupervisionPanel).border_subtitle)
        assert supervised(one)[0][4] == "21 分钟"


async def test_transfer_needs_a_target_and_a_reason(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        await serve_next(app, pilot, "A001")
        await pilot.press("t")
        await until(pilot, lambda: shown(app, TransferScreen))
        screen = app.screen
        assert isinstance(screen, TransferScreen)
        await pilot.press("enter", "enter")  # first window, no reason
        await until(pilot, lambda: "必须写明原因" in screen.error_text, what="reason refusal")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TransferScreen))
        assert current_number(app) == "A001"
        assert hub.hub.hall.tickets[next(iter(hub.hub.hall.tickets))].transfers == 0
