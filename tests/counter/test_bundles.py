"""联办 at the counter: the dialog that joins matters of other departments to the ticket being
served (good input and the hub's refusals), and how a joint ticket reads on the desk: its
panel, the words after a step, the 督办 row. Through Pilot against a real hub, and the pure
words on hand-made views."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace
from textual.pilot import Pilot
from textual.widgets import Footer, Input, OptionList
from textual.widgets._footer import FooterKey

from bianmin.domain.bundles import BundleStatus
from bianmin.domain.types import Outcome, TicketState
from bianmin.wire.bundles import BundleProgress, BundleStep, StepRecord
from counter.app import CounterApp
from counter.bundles import finished_words, slip_line, step_lines, supervised_progress
from counter.screens.join import JoinScreen
from counter.supervision import row
from tests.counter import views
from tests.counter.kit import (
    counter,
    current_number,
    desk,
    issue,
    message,
    serve_next,
    ticket_text,
    write,
)
from tests.hubfixture import RunningHub
from tests.waiting import shown, until


def footer_keys(app: CounterApp) -> list[str]:
    """The first five keys the desk's footer lists."""
    return [k.key for k in desk(app).query_one(Footer).query(FooterKey)][:5]


async def open_join(app: CounterApp, pilot: Pilot[Any]) -> JoinScreen:
    await pilot.press("j")
    await until(pilot, lambda: shown(app, JoinScreen), what="join dialog")
    screen = app.screen
    assert isinstance(screen, JoinScreen)
    return screen


async def pick(pilot: Pilot[Any], screen: JoinScreen, prefix: str) -> None:
    """Highlight the matter `prefix` in the list and press Enter on it."""
    options = screen.query_one("#join-matters", OptionList)
    options.focus()
    await pilot.press("home", *["down"] * options.get_option_index(prefix), "enter")


def order(screen: JoinScreen) -> str:
    content = screen.query_one("#join-order").render()
    return str(getattr(content, "plain", content))


def plan(hub: RunningHub, number: str) -> tuple[str, ...]:
    return next(t.plan for t in hub.hub.hall.tickets.values() if t.number == number)


async def test_joining_two_matters_in_order_makes_a_joint_ticket(hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        assert footer_keys(app) == ["c", "r", "s", "x", "t"]  # 过号 before serving
        await serve_next(app, pilot, "A001")
        await until(pilot, lambda: footer_keys(app) == ["c", "r", "s", "j", "t"],
                    what="联办 listed in the place of 过号 while serving")
        screen = await open_join(app, pilot)
        listed = screen.query_one("#join-matters", OptionList)
        prefixes = [listed.get_option_at_index(i).id for i in range(listed.option_count)]
        assert "A" not in prefixes and {"B", "C"} <= set(prefixes)  # not its own matter
        await pick(pilot, screen, "C")
        await pick(pilot, screen, "B")
        assert order(screen) == "办理顺序：1. 户籍办理 → 2. 民政救助 → 3. 社保医保"
        await pick(pilot, screen, "C")  # taken out again, then added after 社保医保
        await pick(pilot, screen, "C")
        assert order(screen) == "办理顺序：1. 户籍办理 → 2. 社保医保 → 3. 民政救助"
        assert str(listed.get_option("B").prompt).startswith("✓1 社保医保")
        screen.query_one("#reasons", OptionList).focus()
        await pilot.press("home", "enter")  # a preset reason, then send
        assert screen.query_one("#reason", Input).value.startswith("同一件事还须其他部门办理")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, JoinScreen), what="joined")
        assert plan(hub, "A001") == ("A", "B", "C")
        assert ("A001 已设为联办件，本项办结后依次到社保医保、民政救助办理，无需重新取号"
                in message(app))
        await until(pilot, lambda: "联办件 · 第 1/3 项（户籍办理）" in ticket_text(app),
                    what="panel: a joint ticket")
        panel = ticket_text(app)
        assert "▶ 第1项 户籍办理 · 本窗口（本项）" in panel
        assert "· 第2项 社保医保 · 待办（2号、3号、8号窗口）" in panel
        assert "· 第3项 民政救助 · 待办（4号窗口）" in panel
        # Joined again: what it already takes is not offered.
        screen = await open_join(app, pilot)
        listed = screen.query_one("#join-matters", OptionList)
        offered = {listed.get_option_at_index(i).id for i in range(listed.option_count)}
        assert not offered & {"A", "B", "C"}
        assert order(screen) == "办理顺序：1. 户籍办理 → 2. 社保医保 → 3. 民政救助"
        await pilot.press("escape")


async def test_the_hubs_refusals_stay_in_the_dialog_and_nothing_is_joined(
        hub: RunningHub) -> None:
    await issue(hub, "A")
    async with counter(hub, 1) as (app, pilot):
        await pilot.press("j")
        assert "当前没有号票" in message(app) and not isinstance(app.screen, JoinScreen)
        await pilot.press("c")
        await until(pilot, lambda: current_number(app) == "A001", what="called")
        await pilot.press("j")  # only while serving: the hub would refuse it
        assert "请先按 S 开始办理，再联办。" in message(app)
        assert not isinstance(app.screen, JoinScreen)
        await pilot.press("s")
        await until(pilot, lambda: "办理中" in ticket_text(app), what="serving")
        screen = await open_join(app, pilot)
        await pilot.press("ctrl+s")  # nothing chosen, nothing written
        await until(pilot, lambda: "联办须写明原因" in screen.error_text,
                    what="refused: no reason")
        screen.query_one("#reason", Input).focus()
        await pilot.pause()
        await write(pilot, "需社保窗口一并办理")  # Enter sends it: still no matter
        await until(pilot, lambda: "请选择需要联办的事项" in screen.error_text,
                    what="refused: no matter")
        assert app.screen is screen and plan(hub, "A001") == ()
        await pick(pilot, screen, "B")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, JoinScreen), what="joined")
        assert plan(hub, "A001") == ("A", "B")


# ----- the words, on hand-made views -------------------------------------------------------

RECORD = StepRecord(matter="H", matter_name="退役军人服务", window=4, clerk="1004",
                    clerk_name="赵强", outcome=Outcome.IMMEDIATE, outcome_name="即办件",
                    received_at=views.at(0), finished_at=views.at(12))


def progress(status: BundleStatus, *states: str, step: int = 2) -> BundleProgress:
    names = {"H": "退役军人服务", "A": "户籍办理", "B": "社保医保"}
    steps = [BundleStep(matter=m, matter_name=names[m], state=s,  # type: ignore[arg-type]
                        window=4 if s == "done" else None)
             for m, s in zip(names, states, strict=True)]
    return BundleProgress(bundle="veteran", name="退役军人落户安置一件事", status=status,
                          status_name={"going": "办理中", "done": "全部办结",
                                       "stopped": "已中止"}[status],
                          steps=steps, step=step, of=3)


MATTERS = {"A": views.matter("A", "户籍办理"), "B": views.matter("B", "社保医保")}


def test_panel_lines_name_each_step_before_with_window_clerk_and_outcome() -> None:
    going = progress(BundleStatus.GOING, "done", "now", "next")
    lines = step_lines(going, [RECORD], MATTERS)
    assert lines[0] == "✓ 第1项 退役军人服务 · 4号窗口 · 赵强（1004） · 即办件 09:12"
    assert lines[1] == "▶ 第2项 户籍办理 · 本窗口（本项）"
    assert lines[2].startswith("· 第3项 社保医保 · 待办（")


def test_a_stopped_bundle_says_what_is_left_and_its_slip_names_no_next_step() -> None:
    stopped = progress(BundleStatus.STOPPED, "done", "done", "left", step=2)
    reply = views.ticket(number="H001", state=TicketState.DONE, bundle=stopped)
    said = finished_words(reply, "户籍办理", "补充件", MATTERS)
    assert said == ("H001 已办结（补充件），退役军人落户安置一件事已中止，尚有 1 项未办："
                    "社保医保，请向群众说明。")
    assert slip_line(reply, MATTERS) == ""
    assert supervised_progress(stopped) == "共 3 项已中止"


def test_the_supervision_row_says_which_step_a_joint_ticket_is_on() -> None:
    going = progress(BundleStatus.GOING, "done", "now", "next")
    ticket = views.ticket(state=TicketState.WAITING, bundle=going, queue_matter="A")
    item = views.supervised(ticket=ticket, where="等候 户籍办理")
    shown_row = row(item, views.at(5), 20, {})
    assert shown_row.where == "等候 户籍办理 · 第 2/3 项"
    plain = row(replace(item, ticket=replace(ticket, bundle=None)), views.at(5), 20, {})
    assert plain.where == "等候 户籍办理"
