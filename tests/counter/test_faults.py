"""Faults: the hub restarts mid-session, another window got there first, the session ends
elsewhere. The screen says what happened, refuses clearly, and recovers by itself."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.widgets import Static

from bianmin.client import HubClient
from counter.commands import OFFLINE
from counter.screens.finish import FinishScreen
from counter.screens.notice import NoticeScreen
from counter.screens.signin import SignInScreen
from counter.screens.urgent import UrgentScreen
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    finish_form,
    issue,
    message,
    queue_text,
    sign_in,
    ticket_text,
)
from tests.hubfixture import PIN, Clock, RunningHub, running_hub
from tests.waiting import shown, until


def signin_text(screen: object) -> str:
    assert isinstance(screen, SignInScreen)
    shown = screen.query_one("#signin-message", Static).content
    return str(getattr(shown, "plain", shown))


async def test_hub_restart_mid_session(hub: RunningHub) -> None:
    await issue(hub, "A", "A")
    async with counter(hub, 1) as (app, pilot):
        await pilot.press("c")
        await until(pilot, lambda: current_number(app) == "A001")
        await hub.stop()
        await until(pilot, lambda: not app.synced, what="link loss noticed")
        await until(pilot, lambda: desk(app).query_one("#banner").display, what="the banner")
        assert "与服务器的连接已断开，正在重连" in desk(app).banner_text()
        await pilot.press("s")
        assert message(app) == OFFLINE
        await pilot.press("c")
        assert message(app) == OFFLINE
        await hub.start()
        # The desk hears of the connection by a message of its own, a moment after the app.
        await until(pilot, lambda: app.synced and "已重新连接服务器" in message(app)
                    and not desk(app).query_one("#banner").display, what="reconnected")
        # Same session (the hub keeps it), same ticket, nothing done while it was down.
        assert current_number(app) == "A001" and "已叫号" in ticket_text(app)
        ticket = hub.hub.hall.tickets[next(t for t in hub.hub.hall.tickets)]
        assert ticket.state.value == "called" and ticket.recalls == 0
        await pilot.press("s")
        await until(pilot, lambda: "办理中" in ticket_text(app), what="serving after restart")
        await issue(hub, "A")
        await until(pilot, lambda: "A003" in queue_text(app), what="live again")


async def test_restart_while_a_dialog_is_open_keeps_the_form(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        await pilot.press("c")
        await until(pilot, lambda: current_number(app) == "A001")
        await pilot.press("u")  # nobody else waits: said so, no dialog
        assert "没有可设为加急" in message(app)
        await pilot.press("s")
        await until(pilot, lambda: "办理中" in ticket_text(app))
        await pilot.press("f")
        await until(pilot, lambda: shown(app, FinishScreen))
        screen = app.screen
        assert isinstance(screen, FinishScreen)
        await hub.stop()
        await until(pilot, lambda: not app.synced, what="link loss noticed")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.error_text == OFFLINE, what="refused while down")
        await hub.start()
        await until(pilot, lambda: app.synced, what="reconnected")
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await until(pilot, lambda: current_number(app) is None, what="finished once")
        done = [t for t in hub.hub.hall.tickets.values() if t.state.value == "done"]
        assert len(done) == 1


async def test_another_window_took_the_ticket_first(hub: RunningHub) -> None:
    await issue(hub, "B", "B")
    async with counter(hub, 2) as (two, p2), counter(hub, 8) as (eight, p8):
        await until(p2, lambda: "B002" in queue_text(two))
        await p2.press("u")
        await until(p2, lambda: isinstance(two.screen, UrgentScreen))
        screen = two.screen
        assert isinstance(screen, UrgentScreen)
        await p8.press("c")  # window 8 calls B001 while window 2 is choosing it
        await until(p8, lambda: current_number(eight) == "B001")
        await p2.press("enter", *"急事", "enter")
        await until(
            p2,
            lambda: "B001 当前已叫号，不能设为加急" in screen.error_text,
            what="409 shown in the dialog",
        )
        assert two.screen is screen
        await p2.press("escape")
        await until(p2, lambda: "B002" in queue_text(two) and "B001" not in queue_text(two))


async def test_taken_over_at_sign_in_and_the_first_clerk_is_told(hub: RunningHub) -> None:
    async with counter(hub, 1) as (first, p1), counter(hub, 1, sign=False) as (second, p2):
        await sign_in(p2, "1008")
        await until(
            p2,
            lambda: "已由张丽（1001）登录" in signin_text(second.screen),
            what="window-taken shown",
        )
        assert second.screen.query_one("#take-over").display
        await p2.press("ctrl+t")
        await until(p2, lambda: second.desk is not None and second.synced, what="took over")
        await until(
            p1,
            lambda: (
                isinstance(first.screen, SignInScreen)
                and "本窗口已由其他工作人员接替登录" in signin_text(first.screen)
            ),
            what="first signed out",
        )
        assert first.session is None and first.client.token is None
        assert hub.hub.hall.windows[1].clerk == "1008"


async def test_session_ended_by_a_sign_in_elsewhere(hub: RunningHub) -> None:
    async with counter(hub, 1) as (app, pilot):
        other = hub.client()
        try:
            await other.login("1001", PIN, 8)  # the same clerk moves to window 8
        finally:
            await other.close()
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, SignInScreen)
                and "您已在其他窗口登录" in signin_text(app.screen)
            ),
            what="back to sign-in",
        )


async def test_sign_in_refusals_are_polite(hub: RunningHub) -> None:
    async with counter(hub, 1, sign=False) as (app, pilot):
        await pilot.press("enter")
        assert "请输入工号" in signin_text(app.screen)
        await pilot.press(*"1001", "enter", "enter")
        await until(pilot, lambda: "请输入密码" in signin_text(app.screen))
        await pilot.press(*"999999", "enter")
        await until(pilot, lambda: "工号或密码不正确" in signin_text(app.screen))
        await sign_in(pilot, "1001")
        await until(pilot, lambda: app.desk is not None and app.synced)
        await pilot.press("q", "enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, SignInScreen) and "您已退出登录" in signin_text(app.screen)
            ),
            what="signed out",
        )
        assert hub.hub.hall.windows[1].clerk is None


async def test_unreachable_hub_at_sign_in(hub: RunningHub) -> None:
    await hub.stop()
    async with counter(hub, 1, sign=False) as (app, pilot):
        await sign_in(pilot, "1001")
        await until(pilot, lambda: "无法连接服务器" in signin_text(app.screen))


async def test_a_finish_whose_answer_was_lost_is_not_done_twice(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        await finish_form(app, pilot, "A001")
        await pilot.press("home", "down", "down", "down", "enter", "space")
        # The first try reached the hub, but its answer never came back.
        ticket = next(iter(hub.hub.hall.tickets))
        async with HubClient(hub.url, app.client.token) as same_session:
            await same_session.finish(ticket, "supplement", missing_materials=["户口簿"])
        await pilot.press("ctrl+s")  # the clerk tries again
        await until(pilot, lambda: shown(app, NoticeScreen), what="notice shown")
        screen = app.screen
        assert isinstance(screen, NoticeScreen)
        # The notice says what the hub recorded, and nothing was finished twice.
        assert "1. 户口簿" in screen.lines and "1. 居民身份证" not in screen.lines
        assert "本窗口未配置打印机" in message(app)
        history = await hub.hub.store.ticket_history(ticket)
        assert [s.event.kind for s in history].count("ticket-finished") == 1


async def test_at_midnight_the_desk_goes_back_to_sign_in_saying_why(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 12, 1, 23, 50, tzinfo=ZoneInfo("Asia/Shanghai")))
    async with running_hub(tmp_path, clock=clock) as late, \
            counter(late, 1) as (one, p1), counter(late, 2) as (two, p2):
        clock.advance(minutes=15)  # 00:05
        await p2.press("c")  # the first command of the new day: the session has ended
        await until(p2, lambda: isinstance(two.screen, SignInScreen)
                    and "当日结束时失效" in signin_text(two.screen), what="window 2 told")
        await late.hub.tick()  # the day closes: the clerk still at window 1 is signed out
        # Window 1 hears it from the day's closing, or first from its own next question to
        # the hub (its promise panel asks when the day turns): either says the day ended.
        await until(p1, lambda: isinstance(one.screen, SignInScreen) and (
            "当日工作已结束，系统自动退出" in signin_text(one.screen)
            or "当日结束时失效" in signin_text(one.screen)), what="window 1 told")
        assert late.hub.hall.windows[1].clerk is None and late.hub.hall.windows[2].clerk is None
        await sign_in(p1, "1001")  # and signs in for the new day
        await until(p1, lambda: one.desk is not None and one.synced, what="signed in again")
