"""一件事 from the kiosk through three counter terminals to done with one number: the clerks
drive their terminals through Pilot, the hall display in headless Chromium calls and says the
same number at each window in turn, and each counter shows what came before and where the
resident goes next."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from textual.pilot import Pilot

from bianmin.client import new_request_id
from counter.app import CounterApp
from counter.screens.finish import FinishScreen
from counter.screens.notice import NoticeScreen
from counter.widgets.supervision_panel import SupervisionPanel
from tests.counter.kit import (
    OUTCOMES,
    counter,
    desk,
    message,
    serve_next,
    table_rows,
    ticket_text,
)
from tests.display.helpers import open_display
from tests.hubfixture import KIOSK, RunningHub
from tests.waiting import shown, until

FAST = "&speed=32"
SPOKEN = "s => s.announcer.queue.length === 0 && !s.announcer.current"
STEPS = ((4, "退役军人服务"), (1, "户籍办理"), (2, "社保医保"))


async def finish_immediate(app: CounterApp, pilot: Pilot[Any]) -> list[str]:
    """Finish the ticket at the window as 即办件; the slip shown on the screen (these windows
    have no printer), closed again."""
    await pilot.press("f")
    await until(pilot, lambda: shown(app, FinishScreen), what="finish form")
    await pilot.press("home", *["down"] * OUTCOMES.index("immediate"), "enter", "ctrl+s")
    await until(pilot, lambda: shown(app, NoticeScreen), what="its slip shown")
    screen = app.screen
    assert isinstance(screen, NoticeScreen)
    slip = ["".join(line.split()) for line in screen.lines]
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(app.screen, NoticeScreen), what="slip closed")
    return slip


def told(app: CounterApp, words: str) -> bool:
    return words in message(app)


def supervised(app: CounterApp) -> list[list[str]]:
    return table_rows(desk(app).query_one(SupervisionPanel))


@pytest.mark.hall_clock("09:00")  # clerks stay signed in through three steps
async def test_a_bundle_goes_through_three_counters_and_the_display_with_one_number(
        display_hub: RunningHub, browser: Any) -> None:
    hub = display_hub
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_bundle("veteran", new_request_id())  # H, then A, then B
    number = ticket.number
    display = await open_display(browser, hub, query=FAST)
    async with counter(hub, 4) as (c4, p4), counter(hub, 1) as (c1, p1), \
            counter(hub, 2) as (c2, p2):
        terminals = {4: (c4, p4), 1: (c1, p1), 2: (c2, p2)}
        for n, (window, matter_name) in enumerate(STEPS, 1):
            app, pilot = terminals[window]
            if n > 1:  # the desk heard the step before it end and the number come here
                await until(pilot, partial(told, app, f"{number}（"), what="moved here")
                assert f"已在{STEPS[n - 2][0]}号窗口办完上一项" in message(app)
            await serve_next(app, pilot, number)
            await display.wait_for_function(
                f"window.__display.announcer.log.length === {n} && "
                f"({SPOKEN})(window.__display)")
            assert await display.text_content("#now-number") == number
            panel = ticket_text(app)
            assert f"一件事：退役军人落户安置一件事 · 第 {n}/3 项（{matter_name}）" in panel
            assert f"▶ 第{n}项 {matter_name} · 本窗口（本项）" in panel
            for before, (where, name) in enumerate(STEPS[:n - 1], 1):
                assert f"✓ 第{before}项 {name} · {where}号窗口 · " in panel
                assert f"（{1000 + where}） · 即办件" in panel
            if n < 3:
                assert "· 第3项 社保医保 · 待办（2号、3号、8号窗口）" in panel
            slip = await finish_immediate(app, pilot)
            said = message(app)
            if n == 1:
                assert (f"{number} 第1项（退役军人服务）已办结（即办件），请引导群众到"
                        "1号、8号窗口办理下一项：户籍办理（第 2/3 项），无需重新取号。") in said
                assert f"请凭本号票{number}到1号、8号窗口办理下一项“户籍办理”" in "".join(slip)
                assert "事项：退役军人服务" in slip  # the slip is for the step taken here
                await until(p4, lambda: bool(supervised(c4))
                            and "等候 户籍办理 · 第 2/3 项" in supervised(c4)[0][2],
                            what="督办: on its second step")
            elif n == 2:
                assert "办理下一项：社保医保（第 3/3 项）" in said
                assert "事项：户籍办理" in slip
                await until(p4, lambda: "上一项已在1号窗口办结，转入第 3/3 项（社保医保）"
                            in message(c4),
                            what="督办: told of the step done at 1")
            else:
                assert f"{number} 已办结（即办件），退役军人落户安置一件事全部 3 项均已办结" in said
                assert not any("下一项" in line for line in slip)
                await until(p4, lambda: "全部办结" in message(c4), what="督办: all done")
                await until(p4, lambda: "已在2号窗口办结 · 共 3 项全部办结"
                            in supervised(c4)[0][2], what="督办 row: all done")
        said = await display.evaluate("window.__display.announcer.log")
        assert [(e["number"], e["window"]) for e in said] == [(number, 4), (number, 1),
                                                              (number, 2)]
        assert display.errors == []
    done = next(t for t in hub.hub.hall.tickets.values() if t.id == ticket.id)
    assert done.bundle_status is not None and done.bundle_status.value == "done"
    assert [(s.matter, s.window, s.clerk) for s in done.steps_done] == [
        ("H", 4, "1004"), ("A", 1, "1001"), ("B", 2, "1002")]
