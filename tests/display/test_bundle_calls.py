"""一件事 in headless Chromium: the hall display calls the same number to each window in turn
and says it each time, while the resident's phone ticks the steps off."""

from __future__ import annotations

from typing import Any

from bianmin.client import new_request_id
from tests.display.helpers import open_display
from tests.hubfixture import KIOSK, RunningHub
from tests.test_phone_page import open_phone

FAST = "&speed=32"
SPOKEN = "s => s.announcer.queue.length === 0 && !s.announcer.current"


async def step_states(page: Any) -> list[str]:
    states: list[str] = await page.eval_on_selector_all(
        "#steps li", "els => els.map(e => e.className.replace('step step-', ''))")
    return states


async def test_one_number_is_called_to_each_window_and_ticked_off_on_the_phone(
        display_hub: RunningHub, browser: Any) -> None:
    hub = display_hub
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_bundle("veteran", new_request_id())  # H, then A, then B
    clerks = {w: await hub.clerk(w) for w in (4, 1, 2)}
    display = await open_display(browser, hub, query=FAST)
    phone = await open_phone(browser, hub, ticket.id)
    try:
        assert await step_states(phone) == ["now", "next", "next"]
        assert "退役军人落户安置一件事" in (await phone.text_content("#steps-head") or "")
        for done, (window, matter_name) in enumerate(
                ((4, "退役军人服务"), (1, "户籍办理"), (2, "社保医保")), 1):
            called = await clerks[window].call_next(window)
            assert called.id == ticket.id
            await display.wait_for_function(
                f"window.__display.announcer.log.length === {done} && "
                f"({SPOKEN})(window.__display)")
            assert await display.text_content("#now-number") == ticket.number
            await phone.wait_for_function(
                "document.body.classList.contains('called')")
            assert await phone.text_content("#matter") == matter_name
            await clerks[window].start(ticket.id)
            await clerks[window].finish(ticket.id, "immediate")
            expected = ["done"] * done + ["now"] * (done < 3) + ["next"] * (2 - done)
            await phone.wait_for_function(
                f"[...document.querySelectorAll('#steps li')].filter("
                f"e => e.classList.contains('step-done')).length === {done}")
            assert await step_states(phone) == expected
        said = await display.evaluate("window.__display.announcer.log")
        assert [(e["number"], e["window"]) for e in said] == [
            (ticket.number, 4), (ticket.number, 1), (ticket.number, 2)]
        head = await phone.text_content("#steps-head") or ""
        assert "全部办结" in head and "第 3/3 项" in head
        windows = [await phone.text_content(f"#steps li:nth-child({n})") for n in (1, 2, 3)]
        assert ["4号窗口" in (windows[0] or ""), "1号窗口" in (windows[1] or ""),
                "2号窗口" in (windows[2] or "")] == [True, True, True]
        assert display.errors == [] and phone.errors == []
    finally:
        for clerk in clerks.values():
            await clerk.close()
