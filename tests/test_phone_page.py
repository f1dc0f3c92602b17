"""The phone page `/t/{ticket}` in headless Chromium against a real hub: it follows the ticket
live, tells the resident when three or fewer are ahead and when called (a change of the page,
a sound, a vibration where allowed), rides out a hub restart, and shows nothing personal. The
feed behind it, `/api/tickets/{ticket}/live`, carries public fields only."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bianmin.client import new_request_id
from bianmin.wire import live
from tests.display.fit import cut, settled
from tests.hubfixture import KIOSK, PIN, RunningHub, raw, running_hub

PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "phone"
# What a phone may be told of its ticket: nothing else, and never anything personal.
FOLLOW_FIELDS = {"type", *live.TicketNow.__struct_fields__}
SERVING_WINDOW_FIELDS = set(live.ServingWindow.__struct_fields__)


async def open_phone(browser: Any, hub: RunningHub, ticket: str, live_page: bool = True) -> Any:
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = await context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    await page.goto(f"{hub.url}/t/{ticket}")
    if live_page:
        await page.wait_for_function("window.__ticket && window.__ticket.messages > 0")
        await page.evaluate("window.__loadedOnce = true")  # gone if the page reloads
    return page


async def says(page: Any, text: str) -> None:
    await page.wait_for_function(
        f"document.querySelector('#say').textContent.includes({json.dumps(text)})")


async def test_the_phone_page_follows_the_ticket_live_and_tells_when_near_and_called(
        hub: RunningHub, browser: Any) -> None:
    async with hub.client(KIOSK) as kiosk:
        tickets = [await kiosk.issue_ticket("A", new_request_id()) for _ in range(6)]
    mine = tickets[-1]
    clerk = await hub.clerk(1)
    try:
        page = await open_phone(browser, hub, mine.id)
        await says(page, "您前面还有 5 人，预计等候约 50 分钟，请您耐心等候。")
        windows = await page.text_content("#windows") or ""
        assert "1号窗口" in windows and "8号窗口（暂未开放）" in windows
        assert not await page.evaluate("document.body.classList.contains('near')")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / "waiting.png"))
        assert await cut(page) == []
        # The resident taps once: the phone may sound from now on.
        await page.click("button.alerts")
        assert "已开启提醒" in (await page.text_content("button.alerts") or "")

        for ahead in (4, 3):  # the windows call on; the page follows without a reload
            ticket = await clerk.call_next(1)
            await clerk.start(ticket.id)
            await clerk.finish(ticket.id, "immediate")
            await says(page, f"您前面还有 {ahead} 人")
        await page.wait_for_function("document.body.classList.contains('near')")
        assert "即将轮到您，请到窗口附近留意叫号" in (await page.text_content("#say") or "")
        await page.screenshot(path=str(ARTIFACTS / "near.png"))
        for _ in range(3):
            ticket = await clerk.call_next(1)
            await clerk.start(ticket.id)
            await clerk.finish(ticket.id, "immediate")
        await says(page, "下一位就是您")
        called = await clerk.call_next(1)
        assert called.id == mine.id
        await page.wait_for_function("document.body.classList.contains('called')")
        assert await page.text_content("#say") == "请到 1 号窗口办理。"
        assert await page.text_content("#state") == "已叫号"
        assert await page.title() == f"【请到1号窗口】{mine.number}"
        await page.screenshot(path=str(ARTIFACTS / "called.png"))
        assert await cut(page) == []
        alerts = await page.evaluate("window.__ticket.alerts")
        assert [a["kind"] for a in alerts] == ["near", "called"]  # each told once
        assert all(a["sound"] for a in alerts)
        await clerk.start(mine.id)
        await says(page, "正在 1 号窗口为您办理。")
        assert not await page.evaluate("document.body.classList.contains('called')")
        await clerk.finish(mine.id, "immediate")
        await says(page, "已办结")
        await page.wait_for_function("window.__ticket.last.final")
        assert await page.is_hidden("button.alerts") and await page.is_hidden("#windows")
        assert await page.evaluate("window.__loadedOnce") is True  # never reloaded
        # Nothing personal, nothing about the clerk, on the page.
        content = await page.content()
        assert "张丽" not in content and "1001" not in content
        assert page.errors == []
    finally:
        await clerk.close()


async def test_the_phone_page_rides_out_a_hub_restart(tmp_path: Path, browser: Any) -> None:
    async with running_hub(tmp_path) as hub:
        async with hub.client(KIOSK) as kiosk:
            first = await kiosk.issue_ticket("B", new_request_id())
            mine = await kiosk.issue_ticket("B", new_request_id())
        page = await open_phone(browser, hub, mine.id)
        opened = await page.evaluate("window.__ticket.opened")
        await hub.stop()
        await page.wait_for_function(f"window.__ticket.opened > {opened}", timeout=20_000)
        await hub.start()
        async with await hub.clerk(2) as clerk:
            await clerk.call_next(2)
            await clerk.start(first.id)
            await clerk.finish(first.id, "immediate")
            await clerk.call_next(2)
            await page.wait_for_function("document.body.classList.contains('called')",
                                         timeout=20_000)
        assert await page.evaluate("window.__loadedOnce") is True
        assert page.errors == []


async def test_a_phone_without_javascript_still_refreshes(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        mine = await kiosk.issue_ticket("A", new_request_id())
    status, _ = await raw(hub, "GET", f"/t/{mine.id}")
    async with aiohttp.ClientSession() as http, http.get(f"{hub.url}/t/{mine.id}") as resp:
        text = await resp.text()
    assert status == 200
    assert '<noscript><meta http-equiv="refresh" content="15"></noscript>' in text
    assert f"/api/tickets/{mine.id}/live" not in text  # the script builds the address itself


@pytest.mark.hall_clock("09:00")  # a day's slots and sessions: not one ending now
async def test_the_feed_carries_public_fields_only(hub: RunningHub) -> None:
    """A ticket checked in from an appointment carries a name and a phone number: its phone
    feed says none of it, nor who serves it, nor what the clerk wrote."""
    async with hub.client() as office:
        await office.login("9001", PIN)
        day = hub.clock().date().isoformat()
        booked = await office.json("POST", "/api/appointments", {
            "matter": "A", "day": day, "slot": "09:00-10:00", "name": "王小明",
            "phone": "13812345678", "note": "腿脚不便"})
    async with hub.client(KIOSK) as kiosk:
        checked = await kiosk.check_in(new_request_id(), code=booked["code"])
    url = hub.url.replace("http", "ws") + f"/api/tickets/{checked.id}/live"
    frames: list[dict[str, Any]] = []
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws, \
            await hub.clerk(1) as clerk:
        frames.append(await ws.receive_json())
        await clerk.pause(1, "去二楼拿材料")
        await clerk.resume(1)
        await clerk.call_next(1)
        await clerk.start(checked.id)
        await clerk.transfer(checked.id, "需民政核实", to_window=4)
        while not frames or frames[-1]["state"] != "waiting" or frames[-1]["window"] != 4:
            frames.append(await asyncio.wait_for(ws.receive_json(), 5))
        await ws.send_str("ping")
        assert (await asyncio.wait_for(ws.receive_json(), 5)) == {"type": "pong"}
    assert [f["state"] for f in frames][:1] == ["waiting"]
    assert {"called", "serving"} <= {f["state"] for f in frames}
    assert frames[-1]["say"].startswith("已为您转到4号窗口")
    for frame in frames:
        assert set(frame) == FOLLOW_FIELDS
        for window in frame["windows"]:
            assert set(window) == SERVING_WINDOW_FIELDS
        text = json.dumps(frame, ensure_ascii=False)
        for private in ("王小明", "13812345678", "腿脚不便", "去二楼拿材料", "需民政核实", "张丽",
                        "1001", booked["code"]):
            assert private not in text, (private, frame)
    # Each change sends the ticket again; nothing is sent when nothing it shows changed.
    assert len({json.dumps(f, sort_keys=True) for f in frames}) == len(frames)


async def test_an_unknown_ticket_cannot_be_followed(hub: RunningHub) -> None:
    status, body = await raw(hub, "GET", "/api/tickets/20000101-Z999/live")
    assert status == 404 and body["error"]["code"] == "no-such-ticket"
    async with hub.client(KIOSK) as kiosk:
        mine = await kiosk.issue_ticket("A", new_request_id())
    status, _ = await raw(hub, "GET", f"/api/tickets/{mine.id}/live")  # not an upgrade
    assert status == 400


async def test_the_phone_page_fits_a_small_phone(hub: RunningHub, browser: Any) -> None:
    async with hub.client(KIOSK) as kiosk:
        mine = await kiosk.issue_ticket("D", new_request_id())
    for width, height in ((320, 568), (360, 640), (412, 915)):
        context = await browser.new_context(viewport={"width": width, "height": height})
        page = await context.new_page()
        await page.goto(f"{hub.url}/t/{mine.id}")
        await page.wait_for_function("window.__ticket && window.__ticket.messages > 0")
        await settled(page)
        problems = await cut(page)
        assert problems == [], (width, problems)
        await context.close()
