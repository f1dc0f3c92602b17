"""The desk against a real hub: calling, the live queue, recalls and no-shows, pause, urgent."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.widgets import Static

from counter.app import CounterApp
from counter.screens.pause import PauseScreen
from counter.screens.requeue import RequeueScreen
from counter.screens.urgent import UrgentScreen
from counter.widgets.window_bar import WindowBar
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    issue,
    message,
    queue_text,
    ticket_text,
    write,
)
from tests.hubfixture import RunningHub
from tests.waiting import shown, until


async def test_two_windows_call_at_once_never_get_one_ticket(hub: RunningHub) -> None:
    # Windows 2 and 8 both serve 社保医保 (B).
    issued = await issue(hub, "B", "B", "B")
    async with counter(hub, 2) as (two, p2), counter(hub, 8) as (eight, p8):
        await until(p2, lambda: "B003" in queue_text(two), what="queue at window 2")
        await asyncio.gather(p2.press("c"), p8.press("c"))
        await until(
            p2, lambda: current_number(two) and current_number(eight), what="both windows called"
        )
        got = {current_number(two), current_number(eight)}
        assert len(got) == 2 and got <= {t.number for t in issued}
        assert {hub.hub.hall.tickets[t.id].state.value for t in issued} >= {"called"}
        # Each window's answer from the hub may come after the event that showed its ticket.
        await until(p2, lambda: "已叫号" in message(two) and "已叫号" in message(eight),
                    what="both windows told")
        # The one left is what both queues now show.
        left = ({t.number for t in issued} - got).pop()
        await until(p2, lambda: f"下一位：{left}" in queue_text(two), what="queue after calls")
        await until(p8, lambda: f"下一位：{left}" in queue_text(eight), what="other queue")


async def test_queue_is_live_and_empty_queue_is_told(hub: RunningHub) -> None:
    async with counter(hub, 1) as (app, pilot):
        assert "没有等候" in queue_text(app)
        await pilot.press("c")
        await until(pilot, lambda: "没有等候" in message(app), what="queue-empty message")
        await issue(hub, "A", "A")
        await issue(hub, "A", priority="priority")
        await until(pilot, lambda: "A003优" in queue_text(app), what="kiosk tickets shown")
        text = queue_text(app)
        assert "下一位：A003优 A001 A002" in text
        assert "户籍办理 优先 1 人" in text and "户籍办理 普通 2 人" in text


def said_in(app: CounterApp, words: str) -> bool:
    return words in message(app)


async def test_recall_then_no_show_after_the_configured_recalls(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        await pilot.press("c")
        await until(pilot, lambda: current_number(app) == "A001", what="called")
        assert "再重呼 2 次后可过号" in ticket_text(app)
        await pilot.press("x")
        await until(pilot, lambda: "请再重呼 2 次" in message(app), what="hub refusal")
        for said in ("第 1 次", "第 2 次"):
            await pilot.press("r")
            await until(pilot, partial(said_in, app, said), what=said)
        await until(pilot, lambda: "可按过号处理" in ticket_text(app), what="recalls shown")
        await pilot.press("x")
        await until(
            pilot,
            lambda: "过号处理" in message(app) and current_number(app) is None,
            what="no-show",
        )
        assert hub.hub.hall.tickets[next(iter(hub.hub.hall.tickets))].state.value == "missed"
        # The resident comes back the same day: back in line.
        await pilot.press("b")
        await until(pilot, lambda: shown(app, RequeueScreen))
        await pilot.press("enter")
        await until(pilot, lambda: "A001 已重新排队" in message(app), what="requeued")
        await until(pilot, lambda: "下一位：A001" in queue_text(app), what="queue again")
        await pilot.press("b")
        assert "没有过号的号票" in message(app)


async def test_actions_need_a_ticket_and_the_right_step(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        for key in "rsxtf":
            await pilot.press(key)
            assert "请先按 C 叫号" in message(app)
        await pilot.press("c")
        await until(pilot, lambda: current_number(app) == "A001")
        await pilot.press("f")
        assert "请先按 S 开始办理，再办结" in message(app)
        await pilot.press("t")
        assert "再转办" in message(app)
        await pilot.press("c")
        await until(pilot, lambda: "尚未处理完" in message(app), what="window-busy refusal")
        await pilot.press("s")
        await until(pilot, lambda: "办理中" in ticket_text(app), what="serving")
        assert "办理用时" in ticket_text(app) and "限时 30 分钟" in ticket_text(app)


async def test_pause_with_reason_and_resume(hub: RunningHub) -> None:
    async with counter(hub, 3) as (app, pilot):
        await pilot.press("p")
        await until(pilot, lambda: shown(app, PauseScreen))
        await pilot.press("enter")  # no reason: the hub refuses, the dialog stays
        screen = app.screen
        assert isinstance(screen, PauseScreen)
        await until(pilot, lambda: "须写明原因" in screen.error_text, what="reason refusal")
        await pilot.press(*"培训", "enter")
        await until(pilot, lambda: not isinstance(app.screen, PauseScreen))
        bar = desk(app).query_one(WindowBar)
        await until(
            pilot,
            lambda: "暂停服务（培训）" in str(bar.query_one("#bar-left", Static).content),
            what="paused in the header",
        )
        assert hub.hub.hall.windows[3].paused
        await pilot.press("c")
        await until(pilot, lambda: "已暂停服务" in message(app), what="call refused")
        await pilot.press("p")
        await until(
            pilot,
            lambda: "恢复服务" in message(app) and not hub.hub.hall.windows[3].paused,
            what="resumed",
        )


async def test_mark_a_waiting_ticket_urgent(hub: RunningHub) -> None:
    await issue(hub, "A", "A", "A")
    async with counter(hub, 1) as (app, pilot):
        await until(pilot, lambda: "A003" in queue_text(app))
        await pilot.press("u")
        await until(pilot, lambda: shown(app, UrgentScreen))
        await pilot.press("down", "down", "enter")  # A003, then to the reason
        await write(pilot, "老人身体不适")
        await until(pilot, lambda: "A003 已设为加急" in message(app), what="urgent done")
        await until(pilot, lambda: "下一位：A003急 A001 A002" in queue_text(app))
        await pilot.press("c")
        await until(pilot, lambda: current_number(app) == "A003", what="urgent called first")


async def test_the_pause_reason_is_the_clerks_own_the_hall_knows_only_usual_ones(
    hub: RunningHub,
) -> None:
    """The clerks' live feed never carries what a clerk wrote: the header shows the reason
    this counter sent while it is that same pause (across a reconnection too), else the
    hall's note for a usual reason, else no reason at all."""
    async with counter(hub, 3) as (app, pilot):
        bar = desk(app).query_one(WindowBar)

        def header() -> str:
            return str(getattr(bar.query_one("#bar-left", Static).content, "plain", ""))

        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PauseScreen))
        await write(pilot, "去档案室调材料")
        await until(pilot, lambda: "暂停服务（去档案室调材料）" in header(), what="own reason")
        assert "暂停服务（去档案室调材料）" in message(app)
        await hub.hub.live.close_all()  # the link drops and comes back: the same pause
        await until(pilot, lambda: "已重新连接服务器" in message(app), what="reconnected")
        assert "暂停服务（去档案室调材料）" in header()

        # The same clerk pauses this window from elsewhere: this counter never saw the words.
        other = await hub.clerk(3)
        try:
            await other.resume(3)
            await until(pilot, lambda: "服务中" in header(), what="resumed elsewhere")
            await other.pause(3, "去档案室调材料")
            await until(pilot, lambda: "暂停服务" in header(), what="paused elsewhere")
            assert "去档案室调材料" not in header() and "暂停服务（" not in header()
            await other.resume(3)
            await other.pause(3, "午间休息")  # a usual reason: the hall may know it
            await until(pilot, lambda: "暂停服务（午间休息）" in header(), what="pause note")
        finally:
            await other.close()
