"""The office console and the rating pad, driven in headless Chromium against a real hub."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import timedelta
from typing import Any

import pytest

from bianmin.client import new_request_id
from tests.browser import ARTIFACTS
from tests.hubfixture import KIOSK, RunningHub
from tests.office.test_office_api import slot_now


async def open_console(browser: Any, hub: RunningHub, *, fake_clock: bool = False) -> Any:
    """A console signed in as the office; with `fake_clock`, the page's clock is Playwright's,
    for a test to move on (`page.clock.fast_forward`)."""
    page = await browser.new_page(viewport={"width": 1400, "height": 900})
    if fake_clock:
        await page.clock.install()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.errors = errors
    await page.goto(f"{hub.url}/office")
    await page.fill("#login-form [name=staff_no]", "9001")
    await page.fill("#login-form [name=pin]", "123456")
    await page.click("#login-form button[type=submit]")
    await page.wait_for_selector("#windows tbody tr")
    return page


async def test_console_sign_in_refused_for_a_wrong_pin(browser: Any, hub: RunningHub) -> None:
    page = await browser.new_page()
    await page.goto(f"{hub.url}/office")
    await page.fill("#login-form [name=staff_no]", "9001")
    await page.fill("#login-form [name=pin]", "000000")
    await page.click("#login-form button[type=submit]")
    await page.wait_for_function("document.getElementById('login-error').textContent")
    assert "工号或密码不正确" in await page.text_content("#login-error")
    await page.fill("#login-form [name=staff_no]", "1001")
    await page.fill("#login-form [name=pin]", "123456")
    await page.click("#login-form button[type=submit]")
    await page.wait_for_function(
        "document.getElementById('login-error').textContent.includes('不是中心办公室')")
    assert await page.is_hidden("#console")


async def test_book_check_in_finish_rate_and_see_the_figures(browser: Any,
                                                             hub: RunningHub) -> None:
    day, slot = slot_now(hub)
    console = await open_console(browser, hub)
    # a phone booking through the console
    await console.click("[data-tab=appointments]")
    await console.select_option("#book-form [name=matter]", "B")
    await console.fill("#book-form [name=day]", day)
    await console.dispatch_event("#book-form [name=day]", "change")
    await console.wait_for_function(
        f"[...document.querySelectorAll('#book-form [name=slot] option')]"
        f".some(o => o.value === '{slot}')")
    await console.select_option("#book-form [name=slot]", slot)
    await console.fill("#book-form [name=name]", "王小明")
    await console.fill("#book-form [name=phone]", "13812345678")
    await console.click("#book-form button[type=submit]")
    await console.wait_for_function("document.getElementById('book-result').textContent")
    result = await console.text_content("#book-result")
    code = re.search(r"预约码 (\w{6})", result or "")
    assert code, result
    await console.wait_for_selector(f"#appointments tr[data-code='{code.group(1)}']")
    # the resident checks in at a kiosk with the code
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.json("POST", "/api/appointments/check-in",
                                     {"code": code.group(1), "request_id": new_request_id()})
    await console.wait_for_function(
        f"document.querySelector(\"#appointments tr[data-code='{code.group(1)}']\")"
        ".textContent.includes('已签到')")
    # the rating pad at window 2 waits, lights up when the window finishes, takes a rating
    pad = await browser.new_page(viewport={"width": 1024, "height": 600})
    await pad.goto(f"{hub.url}/rate/2?token=demo-rating")
    await pad.wait_for_function("document.getElementById('pad').dataset.state === 'idle'")
    await pad.wait_for_function("window.ratingPad.points.length > 0")
    clerk = await hub.clerk(2)
    called = await clerk.call_next(2)
    assert called.id == ticket["id"]  # the appointment comes before normal tickets
    await clerk.start(ticket["id"])
    await clerk.finish(ticket["id"], "immediate")
    await pad.wait_for_function("document.getElementById('pad').dataset.state === 'ask'")
    assert await pad.text_content("#ticket-number") == ticket["number"]
    await pad.screenshot(path=str(_artifact("rating-pad-ask.png")))
    await pad.click("[data-rating=satisfied]")
    await pad.wait_for_function("document.getElementById('pad').dataset.state === 'thanks'")
    # the live hall shows window 2 open with its clerk
    await console.click("[data-tab=live]")
    await console.wait_for_function(
        "[...document.querySelectorAll('#windows tbody tr')][1].textContent.includes('王强')")
    # and the figures count the service and the rating
    await console.click("[data-tab=figures]")
    await console.fill("#fig-from", day)
    await console.fill("#fig-to", day)
    await console.click("#fig-refresh")
    await console.wait_for_function(
        "document.querySelector('#summary [data-key=served] b')?.textContent === '1'")
    assert await console.text_content("#summary [data-key=rating_satisfied] b") == "1"
    assert await console.locator("#chart-served svg rect").count() >= 1
    await console.screenshot(path=str(_artifact("office-figures.png")), full_page=True)
    assert console.errors == []
    await clerk.close()


# Every state the pad shows, in order, however briefly: a page whose states last a second
# is followed through them without racing them.
RECORD_STATES = """
window.__states = [];
new MutationObserver(() => {
    const state = document.getElementById('pad')?.dataset.state;
    if (state && state !== window.__states.at(-1)) window.__states.push(state);
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-state']});
"""


async def open_pad(browser: Any, hub: RunningHub, options: str) -> Any:
    pad = await browser.new_page()
    errors: list[str] = []
    pad.on("pageerror", lambda err: errors.append(str(err)))
    pad.errors = errors
    await pad.add_init_script(RECORD_STATES)
    await pad.goto(f"{hub.url}/rate/1?token=demo-rating&{options}")
    await pad.wait_for_function("window.ratingPad.points.length > 0")
    return pad


async def pad_went(pad: Any, *states: str) -> None:
    """Wait until the pad's last states were `states`, in that order."""
    await pad.wait_for_function(f"JSON.stringify(window.__states.slice(-{len(states)})) === "
                                f"'{json.dumps(list(states), separators=(',', ':'))}'")


async def test_rating_pad_asks_why_and_goes_quiet(browser: Any, hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        first = await kiosk.issue_ticket("A", new_request_id())
        second = await kiosk.issue_ticket("A", new_request_id())
    clerk = await hub.clerk(1)

    pad = await open_pad(browser, hub, "quiet=1")
    await clerk.call_next(1)
    await clerk.start(first.id)
    await clerk.finish(first.id, "consultation")
    await pad_went(pad, "ask", "idle")  # nobody answers: quiet again after a second
    await pad.close()

    pad = await open_pad(browser, hub, "quiet=600&thanks=1")
    await clerk.call_next(1)
    await clerk.start(second.id)
    await clerk.finish(second.id, "consultation")
    await pad_went(pad, "ask")
    assert await pad.locator(".levels button").all_text_contents() == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    await pad.click("[data-rating=very-unsatisfied]")
    await pad_went(pad, "why")
    assert await pad.locator("#points button").all_text_contents() == [
        "服务效率", "服务水平", "服务态度"]
    assert await pad.is_disabled("#to-phone")  # a bad rating says what went wrong
    await pad.click("#points button >> text=服务效率")
    await pad.click("#points button >> text=服务态度")
    await pad.click("#points button >> text=服务效率")  # touched again: not chosen after all
    await pad.click("#to-phone")
    await pad_went(pad, "why", "phone")
    for digit in "13912345678":
        await pad.click(f"#keys [data-key='{digit}']")
    assert await pad.text_content("#phone-number") == "13912345678"
    await pad.screenshot(path=str(_artifact("rating-pad-phone.png")))
    await pad.click("#send-bad")
    await pad_went(pad, "phone", "thanks", "idle")  # thanks, quiet a second later
    history = await clerk.json("GET", f"/api/tickets/{second.id}/history")
    rated = [h for h in history if h["kind"] == "ticket-rated"]
    assert len(rated) == 1 and rated[0]["rating"] == "very-unsatisfied"
    assert not {"points", "phone", "reason"} & set(rated[0])  # the office's, not a clerk's
    async with hub.client() as o:
        await o.login("9001", "123456")
        (case,) = await o.json("GET", "/api/cases")
        assert (case["ticket"], case["points"], case["phone"]) == (
            second.id, ["服务态度"], "13912345678")
        assert case["assignee"] == "" and case["assignee_name"] == "中心办公室"  # 派出所户籍
    assert pad.errors == []
    await clerk.close()


def _artifact(name: str) -> Any:
    folder = ARTIFACTS / "office"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


async def test_the_console_goes_back_to_sign_in_saying_its_day_ended(
        browser: Any, hub: RunningHub) -> None:
    console = await open_console(browser, hub)
    hub.clock.advance(days=1)
    await hub.hub.tick()  # the hub sweeps the ended session and closes its live feed
    await console.wait_for_function("!document.getElementById('login').hidden")
    assert "当日结束时失效" in await console.text_content("#login-error")
    assert await console.is_hidden("#console") and console.errors == []


async def test_the_console_lists_a_complaint_with_its_query_code(browser: Any,
                                                                 hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        lodged = await kiosk.json("POST", "/api/complaints", {"reason": "服务态度不好"})
    console = await open_console(browser, hub)
    await console.click("[data-tab=complaints]")
    row = f"#complaints tr[data-number={lodged['number']}]"
    await console.wait_for_selector(row)
    first = await console.text_content(f"{row} td")
    assert first == f"{lodged['number']}（查询码 {lodged['code']}）"


async def test_the_console_counts_minutes_on_the_halls_clock(browser: Any,
                                                              hub: RunningHub) -> None:
    """How long a window has been serving is reckoned on the hall's clock, whatever the
    clock of the browser showing the console says."""
    async with hub.client(KIOSK) as kiosk:
        ticket = await kiosk.issue_ticket("A", new_request_id())
    async with await hub.clerk(1) as clerk:
        await clerk.call_next(1)
        await clerk.start(ticket.id)
    hub.clock.advance(minutes=12)
    console = await open_console(browser, hub)
    row = "[...document.querySelectorAll('#windows tbody tr')][0]"
    await console.wait_for_function(f"{row}.textContent.includes('{ticket.number}')")
    cells = await console.eval_on_selector_all(
        "#windows tbody tr:first-child td", "cells => cells.map((c) => c.textContent)")
    assert f"{ticket.number} 办理中" in cells and "12 分钟" in cells
    assert console.errors == []


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_the_console_decides_corrections_moves_a_ticket_and_sees_a_home_visit(
        browser: Any, hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        first = await kiosk.issue_ticket("A", new_request_id())
        second = await kiosk.issue_ticket("A", new_request_id())
        wrong = await kiosk.issue_ticket("A", new_request_id())
    clerk = await hub.clerk(1)
    asked = []
    for ticket, outcome in ((first, "promised"), (second, "immediate")):
        await clerk.call_next(1)
        await clerk.start(ticket.id)
        await clerk.finish(ticket.id, "consultation" if outcome == "immediate" else "immediate")
        body = {"outcome": outcome, "why": "误按办结类型"}
        if outcome == "promised":
            body["promised_date"] = (hub.clock().date() + timedelta(days=3)).isoformat()
        asked.append(await clerk.json("POST", f"/api/tickets/{ticket.id}/correction", body))
    console = await open_console(browser, hub)
    await console.wait_for_function(
        "document.getElementById('open-corrections').textContent === '2'")
    await console.click("[data-tab=corrections]")
    row = f"#corrections tr[data-id='{asked[0]['id']}']"
    await console.wait_for_selector(row)
    assert "即办件 更正为 承诺件" in (await console.text_content(row) or "")
    await console.click(f"{row} button >> text=批准")
    await console.wait_for_function(
        "document.getElementById('open-corrections').textContent === '1'")
    assert hub.hub.hall.tickets[first.id].outcome == "promised"
    console.once("dialog", lambda d: asyncio.ensure_future(d.accept("经核实确为咨询件")))
    await console.click(f"#corrections tr[data-id='{asked[1]['id']}'] button >> text=驳回")
    await console.wait_for_function(
        "document.getElementById('open-corrections').textContent === ''")
    decided = await clerk.json("GET", "/api/corrections")
    assert {x["state"] for x in decided} == {"approved", "refused"}
    assert next(x for x in decided if x["state"] == "refused")["decision"] == "经核实确为咨询件"

    # 导服台: the resident at the wrong matter's line is moved from the live tab.
    await console.click("[data-tab=live]")
    await console.wait_for_function(
        f"[...document.querySelectorAll('#move-form [name=ticket] option')]"
        f".some(o => o.value === '{wrong.id}')")
    await console.select_option("#move-form [name=ticket]", wrong.id)
    await console.select_option("#move-form [name=to_matter]", "B")
    await console.click("#move-form button[type=submit]")
    await console.wait_for_function(
        "document.getElementById('move-result').textContent.includes('已改排')")
    assert hub.hub.hall.tickets[wrong.id].queue_matter == "B"

    # A home visit started at the counter shows live at its window.
    day = hub.clock().date().isoformat()
    async with hub.client() as o:
        await o.login("9001", "123456")
        booked = await o.json("POST", "/api/appointments", {
            "matter": "A", "day": day, "slot": "15:00-16:00", "name": "赵奶奶",
            "phone": "13700001111", "home_visit": True, "address": "青溪镇东村12号"})
        await o.json("POST", f"/api/appointments/{booked['code']}/assign", {"clerk": "1001"})
    await clerk.start_home_visit(booked["code"])
    await console.wait_for_function(
        "[...document.querySelectorAll('#windows tbody tr')][0].textContent"
        ".includes('（上门服务）')")
    await console.click("[data-tab=figures]")
    assert console.errors == []
    await clerk.close()
