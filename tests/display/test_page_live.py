"""The page in headless Chromium against a real hub: calls shown and said, in order, once;
a hub restart survived without a reload."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path
from typing import Any

from display.voice import announcement
from tests.display.helpers import issue, open_display, serve_next, texts, voice_edit
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


async def test_calls_appear_in_order_and_are_said_once(display_hub: RunningHub,
                                                      browser: Any) -> None:
    await issue(display_hub, "AAABBB")
    one, two = await display_hub.clerk(1), await display_hub.clerk(2)
    page = await open_display(browser, display_hub, query=FAST)
    start = display_hub.hub.seq
    made = []
    try:
        for _ in range(3):
            made.append(((await serve_next(one, 1)).number, 1))
            made.append(((await serve_next(two, 2)).number, 2))
        await two.pause(2, "临时离开")
    finally:
        await one.close()
        await two.close()
    numbers = [n for n, _ in made]
    await page.wait_for_function(
        f"document.querySelector('#recent li .num')?.textContent === '{numbers[-1]}'")
    assert await texts(page, "#recent li .num") == numbers[::-1]
    assert await page.text_content("#now-number") == "B003"
    assert "2" in (await page.text_content("#now-window") or "")
    await page.wait_for_function(
        "document.querySelector('[data-window=\"2\"]').classList.contains('paused')")
    assert "暂停服务" in (await page.text_content('[data-window="2"]') or "")
    assert await page.text_content('[data-matter="A"] .matter-count b') == "0"

    await page.wait_for_function(f"({SPOKEN})(window.__display) && "
                                 f"window.__display.announcer.log.length === {len(made)}")
    said = await log(page)
    expected = await calls_since(display_hub, start)
    assert [(e["seq"], e["number"], e["window"]) for e in said] == expected
    assert [(e["number"], e["window"]) for e in said] == made
    assert {e["status"] for e in said} == {"clips"}
    for entry in said:
        assert entry["tokens"] == announcement(entry["number"], entry["window"])
    assert page.errors == []

    # A page loaded now shows these calls but does not say any of them again.
    late = await open_display(browser, display_hub, query=FAST)
    assert await texts(late, "#recent li .num") == numbers[::-1]
    await asyncio.sleep(0.5)
    assert await log(late) == []


async def test_a_burst_of_twenty_calls_is_said_in_order_each_once(display_hub: RunningHub,
                                                                 browser: Any) -> None:
    # Window 8 (J, A, B) and 3 (F before B) take their own matter first: it came first.
    await issue(display_hub, "JJFFF" + "AAA" + "BBB" + "CCC" + "DD" + "EE" + "GG")
    rounds = {1: 3, 2: 3, 3: 3, 4: 3, 5: 2, 6: 2, 7: 2, 8: 2}
    clerks = {w: await display_hub.clerk(w) for w in rounds}
    page = await open_display(browser, display_hub, query="&speed=64")
    start = display_hub.hub.seq

    async def window(w: int) -> None:
        for _ in range(rounds[w]):
            await serve_next(clerks[w], w)

    began = time.monotonic()
    try:
        await asyncio.gather(*(window(w) for w in rounds))
        elapsed = time.monotonic() - began
    finally:
        for clerk in clerks.values():
            await clerk.close()
    assert elapsed < 1.0, f"the burst took {elapsed:.2f} s"
    await page.wait_for_function("window.__display.announcer.queue.length > 0")  # they wait

    await page.wait_for_function(
        f"({SPOKEN})(window.__display) && window.__display.announcer.log.length >= 20",
        timeout=60_000)
    said = await log(page)
    expected = await calls_since(display_hub, start)
    assert len(expected) == 20
    assert [(e["seq"], e["number"], e["window"]) for e in said] == expected
    assert all(e["status"] == "clips" for e in said)
    for before, after in itertools.pairwise(said):
        assert after["started"] >= before["ended"], "two announcements overlapped"
    recent = await texts(page, "#recent li .num")
    assert recent == [number for _, number, _ in expected[::-1][:len(recent)]]
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
        await clerk.recall(second.id)
        await page.wait_for_function("window.__display.announcer.log.length === 3"
                                     f" && ({SPOKEN})(window.__display)")
    finally:
        await clerk.close()
    assert await page.evaluate("window.__display.boot") == boot  # never reloaded
    said = [(e["number"], e["recall"]) for e in await log(page)]
    assert said == [("A001", False), ("A002", False), ("A002", True)]
    assert await texts(page, "#recent li .num") == ["A002", "A002", "A001"]
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
