"""The page in headless Chromium against a real hub: calls shown and said, in order, once;
a hub restart survived without a reload."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

from display.voice import announcement, brief_tokens
from tests.display.helpers import issue, open_display, texts, voice_edit
from tests.hubfixture import RunningHub, running_hub

FAST = "&speed=32"  # the voice 32 times faster: the queue logic is the page's real one
SPOKEN = "s => s.announcer.queue.length === 0 && !s.announcer.current"


async def log(page: Any) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = await page.evaluate("window.__display.announcer.log")
    return result


async def calls_since(hub: RunningHub, seq: int) -> list[tuple[int, str, int]]:
    """The calls the hub made after `seq`, from its event store: (seq, number, window)."""
    out = []
    for stored in await hub.hub.store.events(after=seq):
        if stored.event.kind in ("ticket-called", "ticket-recalled"):
            ticket = hub.hub.hall.tickets[stored.event.ticket_id or ""]
            out.append((stored.seq, ticket.number, stored.event.window_number or 0))
    return out


def said_as_configured(entry: dict[str, Any]) -> bool:
    """The tokens said for a call: the whole form when nothing else waited (the chime only
    after a quiet spell; a full form may stop at a pause when others came), else the brief
    form once."""
    number, window, tokens = entry["number"], entry["window"], entry["tokens"]
    body = [t for t in tokens if t != "chime"]
    if entry["form"] == "brief":
        return body == brief_tokens(number, window, "digits")
    full = [t for t in announcement(number, window) if t != "chime"]
    return body == full or (entry["cut"] and body == full[:len(body)] and bool(body))


async def test_calls_appear_in_order_and_are_said_once(display_hub: RunningHub,
                                                      browser: Any) -> None:
    await issue(display_hub, "AAABBB")
    one, two = await display_hub.clerk(1), await display_hub.clerk(2)
    page = await open_display(browser, display_hub, query=FAST)
    start = display_hub.hub.seq
    made = []
    try:
        for _ in range(3):
            a, b = await one.call_next(1), await two.call_next(2)
            made += [(a.number, 1), (b.number, 2)]
            # Both are said while they wait for their residents; then they are served.
            await page.wait_for_function(f"({SPOKEN})(window.__display) && "
                                         f"window.__display.announcer.log.length === {len(made)}")
            assert await page.text_content("#now-number") == b.number
            for clerk, ticket in ((one, a), (two, b)):
                await clerk.start(ticket.id)
                await clerk.finish(ticket.id, "immediate")
        await two.pause(2, "临时离开")
    finally:
        await one.close()
        await two.close()
    numbers = [n for n, _ in made]
    await page.wait_for_function(
        f"document.querySelector('#recent li .num')?.textContent === '{numbers[-1]}'")
    assert await texts(page, "#recent li .num") == numbers[::-1]
    # Every call started or ended: none is 正在叫号 any more.
    await page.wait_for_selector("#now-number", state="hidden")
    assert "欢迎您" in (await page.text_content("#now-window") or "")
    await page.wait_for_function(
        "document.querySelector('[data-window=\"2\"]').classList.contains('paused')")
    assert "暂停服务" in (await page.text_content('[data-window="2"]') or "")
    # 挂牌上岗: the clerk on duty, by name and staff number, on each open window's tile.
    tile = await page.text_content('[data-window="1"]') or ""
    assert "张丽" in tile and "工号1001" in tile
    await page.wait_for_function(
        "document.querySelector('[data-matter=\"A\"] .matter-count b').textContent === '0'")

    said = await log(page)
    expected = await calls_since(display_hub, start)
    assert [(e["seq"], e["number"], e["window"]) for e in said] == expected
    assert [(e["number"], e["window"]) for e in said] == made
    assert {e["status"] for e in said} == {"clips"}
    assert [e for e in said if not said_as_configured(e)] == []
    assert page.errors == []

    # A page loaded now shows these calls but does not say any of them again.
    late = await open_display(browser, display_hub, query=FAST)
    assert await texts(late, "#recent li .num") == numbers[::-1]
    await asyncio.sleep(0.5)
    assert await log(late) == []


async def test_a_burst_of_eight_is_said_in_order_what_ended_is_dropped_recalls_collapse(
        display_hub: RunningHub, browser: Any) -> None:
    await issue(display_hub, "AABCCDEFGJ")  # one or two for each window
    windows = range(1, 9)
    clerks = {w: await display_hub.clerk(w) for w in windows}
    page = await open_display(browser, display_hub, query="&speed=16")
    start = display_hub.hub.seq
    try:
        called = dict(zip(windows, await asyncio.gather(
            *(clerks[w].call_next(w) for w in windows)), strict=True))
        # While they wait their turn: window 5's resident has come (started), window 6 was
        # recalled twice (one announcement), window 7's cancelled.
        await page.wait_for_function("window.__display.announcer.queue.length >= 6")
        await clerks[5].start(called[5].id)
        await clerks[6].recall(called[6].id)
        await clerks[6].recall(called[6].id)
        await clerks[7].cancel(called[7].id, "群众表示不再办理")
        await page.wait_for_function(
            f"({SPOKEN})(window.__display) && window.__display.state.seq >= "
            f"{display_hub.hub.seq}", timeout=60_000)
    finally:
        for clerk in clerks.values():
            await clerk.close()
    entries = await log(page)
    calls = await calls_since(display_hub, start)
    first_calls = calls[:8]
    assert sorted((e["seq"], e["number"]) for e in entries if not e["recall"]) == [
        (seq, number) for seq, number, _ in first_calls]  # each call once (in its own time)
    by_number: dict[str, list[str]] = {}
    for e in entries:
        by_number.setdefault(e["number"], []).append(e["status"])
    assert by_number[called[5].number] == ["ended"]  # started before its turn
    assert by_number[called[7].number] == ["ended"]  # cancelled before its turn
    assert sorted(by_number[called[6].number]) == ["clips", "collapsed", "collapsed"]
    spoken = [e for e in entries if e["status"] == "clips"]
    assert [e["number"] for e in spoken] == [
        called[w].number for w in windows if w not in (5, 7)]
    for before, after in itertools.pairwise(spoken):
        assert after["started"] >= before["ended"], "two announcements overlapped"
    assert [e for e in spoken if not said_as_configured(e)] == []
    assert any(e["form"] == "brief" for e in spoken)  # others waited: said once, briefly
    # The recalled ticket is one row, marked 重呼.
    row = page.locator(f'#recent li[data-ticket="{called[6].id}"]')
    assert await row.count() == 1 and "重呼" in (await row.text_content() or "")
    assert page.errors == []


async def test_the_page_rides_out_a_hub_restart_by_itself(display_hub: RunningHub,
                                                         browser: Any) -> None:
    await issue(display_hub, "AAA")
    clerk = await display_hub.clerk(1)
    page = await open_display(browser, display_hub, query=FAST)
    boot = await page.evaluate("window.__display.boot")
    try:
        first = await clerk.call_next(1)
        await page.wait_for_function("document.querySelector('#now-number').textContent"
                                     " === 'A001'")
        await display_hub.stop()
        await page.wait_for_selector("#connection", state="visible")
        assert "正在重新连接" in (await page.text_content("#connection") or "")
        assert await page.text_content("#now-number") == "A001"  # the last state stays
        tries = await page.evaluate("window.__display.connection.opened")
        await page.wait_for_function(f"window.__display.connection.opened > {tries}")
        await display_hub.start()
        # Made before the page is back: it arrives as a missed event on resume.
        await clerk.start(first.id)
        await clerk.finish(first.id, "immediate")
        second = await clerk.call_next(1)
        await page.wait_for_selector("#connection", state="hidden", timeout=20_000)
        await page.wait_for_function("document.querySelector('#now-number').textContent"
                                     " === 'A002'")
        await page.wait_for_function("window.__display.announcer.log.length === 2"
                                     f" && ({SPOKEN})(window.__display)")
        await clerk.recall(second.id)  # said again: the first saying was over
        await page.wait_for_function("window.__display.announcer.log.length === 3"
                                     f" && ({SPOKEN})(window.__display)")
    finally:
        await clerk.close()
    assert await page.evaluate("window.__display.boot") == boot  # never reloaded
    said = [(e["number"], e["recall"]) for e in await log(page)]
    assert said == [("A001", False), ("A002", False), ("A002", True)]
    assert await texts(page, "#recent li .num") == ["A002", "A001"]  # one row, 重呼
    assert "重呼" in (await page.text_content("#recent li.recall") or "")
    assert await page.text_content("#now-label") == "再次呼叫"
    assert page.errors == []


async def test_without_espeak_the_browser_speaks(tmp_path: Path, clip_cache: Path,
                                                 browser: Any) -> None:
    edit = voice_edit(clip_cache / "none", espeak='"no-such-espeak"')
    async with running_hub(tmp_path, edit=edit) as hub:
        await issue(hub, "A")
        page = await open_display(browser, hub, query=FAST)
        settings = await page.evaluate("window.__display.settings()")
        assert settings["clips"]["qing"] is None and settings["clips"]["chime"]
        clerk = await hub.clerk(1)
        try:
            await clerk.call_next(1)
        finally:
            await clerk.close()
        await page.wait_for_function(f"window.__display.announcer.log.length === 1"
                                     f" && ({SPOKEN})(window.__display)")
        [entry] = await log(page)
        assert (entry["number"], entry["status"]) == ("A001", "speech")


async def test_a_wrong_token_is_explained_on_screen(display_hub: RunningHub,
                                                   browser: Any) -> None:
    page = await open_display(browser, display_hub, token="not-a-token", ready=False)
    await page.wait_for_selector("#problem", state="visible")
    problem = await page.text_content("#problem") or ""
    assert "令牌" in problem and "中心办公室" in problem
