"""The screen above each window (窗口屏), in headless Chromium against a real hub: what it shows
in each state, live and across a hub restart, laid out whole on the small wide screens used
above counters; and the clerk's photo, from the configuration."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from PIL import Image

from bianmin.config import ConfigError, load
from tests.display.fit import cut, settled
from tests.display.helpers import ARTIFACTS, issue, voice_edit
from tests.hubfixture import DISPLAY, RunningHub, demo_config, demo_toml, raw, running_hub

SCREENS = {"1280x360": (1280, 360), "1920x540": (1920, 540), "1280x720": (1280, 720)}


def with_photo(clip_cache: Path, folder: Path, *, english: bool = True) -> Any:
    """The demo configuration with a photo for clerk 1001 (張丽, window 1)."""
    photos = folder / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (300, 400), (40, 90, 160)).save(photos / "1001.png")

    def edit(text: str) -> str:
        text = voice_edit(clip_cache)(text)
        text = text.replace('name = "张丽"\n', 'name = "张丽"\nphoto = "photos/1001.png"\n')
        return text if english else text.replace("english = true", "english = false")
    return edit


async def open_window(browser: Any, hub: RunningHub, number: int, width: int = 1280,
                      height: int = 360, token: str = DISPLAY, ready: bool = True) -> Any:
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    await page.goto(f"{hub.url}/display/window/{number}?token={token}")
    if ready:
        await page.wait_for_function("window.__window && window.__window.state.ready")
        await settled(page)
    return page


async def shows(page: Any, mode: str) -> None:
    await page.wait_for_function(f"document.body.classList.contains('{mode}')")
    await settled(page)


async def test_a_window_screen_follows_its_window_live(tmp_path: Path, clip_cache: Path,
                                                       browser: Any) -> None:
    async with running_hub(tmp_path, edit=with_photo(clip_cache, tmp_path)) as hub:
        await issue(hub, "AAA")
        page = await open_window(browser, hub, 1)
        await shows(page, "closed")  # nobody signed in
        assert "暂未开放" in (await page.text_content("#now-text") or "")
        assert await page.is_hidden("#clerk")
        clerk = await hub.clerk(1)
        try:
            await shows(page, "idle")
            assert await page.text_content("#clerk-name") == "张丽"
            assert await page.text_content("#clerk-no") == "工号 1001"
            await page.wait_for_function(
                "document.querySelector('#photo').complete"
                " && document.querySelector('#photo').naturalWidth === 300")
            assert await page.text_content("#number") == "1"
            assert await page.text_content("#department") == "派出所户籍"
            assert "等候 3 人" in (await page.text_content("#waiting") or "")

            first = await clerk.call_next(1)
            await shows(page, "called")
            assert await page.text_content("#now-number") == "A001"
            assert "请到本窗口办理" in (await page.text_content("#now-text") or "")
            await clerk.recall(first.id)
            await page.wait_for_function(
                "document.querySelector('#now-label').textContent.startsWith('再次呼叫')")
            await clerk.start(first.id)
            await shows(page, "serving")
            assert await page.text_content("#now-number") == "A001"
            assert "正在办理" in (await page.text_content("#now-label") or "")
            await clerk.finish(first.id, "immediate")
            await shows(page, "idle")
            assert await page.is_hidden("#now-number")

            await clerk.pause(1, "午间休息")  # a usual reason: said to the hall
            await shows(page, "paused")
            assert await page.text_content("#now-text") == "暂停服务：午间休息"
            await clerk.resume(1)
            await clerk.pause(1, "去二楼拿材料")  # a clerk's own words: not shown
            await shows(page, "paused")
            assert await page.text_content("#now-text") == "暂停服务"
            assert "二楼" not in await page.content()
            await clerk.resume(1)
            await clerk.logout()
            await shows(page, "closed")
            assert await page.is_hidden("#clerk")
        finally:
            await clerk.close()
        # Window 2's clerk has no photo: the badge shows name and number alone.
        two = await hub.clerk(2)
        try:
            other = await open_window(browser, hub, 2)
            await shows(other, "idle")
            assert await other.text_content("#clerk-name") == "王强"
            assert await other.is_hidden("#photo")
        finally:
            await two.close()
        assert page.errors == [] and other.errors == []


@pytest.mark.parametrize("english", [False, True], ids=["chinese", "english"])
async def test_nothing_is_cut_on_the_screens_above_counters(tmp_path: Path, clip_cache: Path,
                                                            browser: Any, english: bool) -> None:
    edit = with_photo(clip_cache, tmp_path, english=english)
    async with running_hub(tmp_path, edit=edit) as hub:
        await issue(hub, "AAEEE")
        one, five, six = await hub.clerk(1), await hub.clerk(5), await hub.clerk(6)
        try:
            await one.call_next(1)  # called, with a photo
            await five.pause(5, "外出上门服务")  # paused, the longest usual reason
            served = await six.call_next(6)
            await six.start(served.id)  # serving, no photo
        finally:
            for clerk in (one, five, six):
                await clerk.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for window, mode in ((1, "called"), (5, "paused"), (6, "serving"), (8, "closed")):
            for name, (width, height) in SCREENS.items():
                page = await open_window(browser, hub, window, width, height)
                await shows(page, mode)
                if window == 1:
                    await page.wait_for_function("document.querySelector('#photo').complete")
                lang = "en" if english else "zh"
                await page.screenshot(path=str(ARTIFACTS / f"window-{window}-{lang}-{name}.png"))
                problems = await cut(page)
                assert problems == [], f"window {window} at {name}:\n" + "\n".join(problems)
                # The number is the largest thing on the screen.
                if mode in ("called", "serving"):
                    sizes = await page.evaluate("""() => [...document.querySelectorAll(
                        '#number, #now-number, #clerk-name')].map(
                        (e) => parseFloat(getComputedStyle(e).fontSize))""")
                    assert sizes[1] == max(sizes), (name, sizes)
                assert page.errors == []
                await page.context.close()


async def test_a_window_screen_rides_out_a_hub_restart(display_hub: RunningHub,
                                                       browser: Any) -> None:
    await issue(display_hub, "AA")
    clerk = await display_hub.clerk(1)
    page = await open_window(browser, display_hub, 1)
    try:
        first = await clerk.call_next(1)
        await shows(page, "called")
        await display_hub.stop()
        await page.wait_for_selector("#connection", state="visible")
        assert await page.text_content("#now-number") == "A001"  # the last state stays
        await display_hub.start()
        await clerk.start(first.id)  # made while the screen is away: caught up on return
        await clerk.finish(first.id, "immediate")
        await clerk.call_next(1)
        await page.wait_for_selector("#connection", state="hidden", timeout=20_000)
        await page.wait_for_function(
            "document.querySelector('#now-number').textContent === 'A002'")
    finally:
        await clerk.close()
    assert page.errors == []


async def test_a_wrong_window_or_token_is_explained(display_hub: RunningHub,
                                                   browser: Any) -> None:
    page = await open_window(browser, display_hub, 1, token="not-a-token", ready=False)
    await page.wait_for_selector("#problem", state="visible")
    assert "令牌" in (await page.text_content("#problem") or "")
    for path in ("/display/window/99", "/display/window/x1", "/display/window/%3Cb%3E"):
        status, _ = await raw(display_hub, "GET", path)
        assert status == 404
    await page.goto(f"{display_hub.url}/display/window/99?token={DISPLAY}")
    assert "没有 99 号窗口" in (await page.text_content("body") or "")
    assert "1、2、3、4、5、6、7、8" in (await page.text_content("body") or "")


async def test_a_photo_is_served_to_devices_only(tmp_path: Path, clip_cache: Path) -> None:
    async with running_hub(tmp_path, edit=with_photo(clip_cache, tmp_path)) as hub:
        badge_url = ""
        async with await hub.clerk(1):
            status, hall = await raw(hub, "GET", "/api/hall", token=DISPLAY)
            (one,) = [w for w in hall["windows"] if w["number"] == 1]
            badge_url = one["clerk"]["photo"]
            assert re.fullmatch(r"/api/clerks/1001/photo\?v=[0-9a-f]{10}", badge_url)
        assert (await raw(hub, "GET", badge_url))[0] == 401  # not for anyone on the Wi-Fi
        async with aiohttp.ClientSession() as http, \
                http.get(f"{hub.url}{badge_url}&token={DISPLAY}") as resp:
            assert resp.status == 200 and resp.content_type == "image/png"
            assert (await resp.read())[:8] == b"\x89PNG\r\n\x1a\n"
        status, body = await raw(hub, "GET", "/api/clerks/1002/photo", token=DISPLAY)
        assert status == 404 and body["error"]["code"] == "no-photo"
        status, _ = await raw(hub, "GET", "/api/clerks/9001/photo", token=DISPLAY)
        assert status == 404  # the office's staff are not on a window's badge


@pytest.mark.parametrize(("photo", "problem"), [
    ("photos/none.png", "does not exist"),
    ("photos/1001.gif", "is not a picture"),
    ("photos", "is not a picture"),
    ("", "must not be empty"),
    ("  ", "must not be empty"),
    ("photos/big.jpg", "at most 2 MB"),
])
def test_a_wrong_photo_is_named_with_its_line(tmp_path: Path, photo: str, problem: str) -> None:
    (tmp_path / "photos").mkdir(parents=True)
    (tmp_path / "photos" / "big.jpg").write_bytes(b"\xff" * (2 * 1024 * 1024 + 1))
    text = demo_toml().replace('name = "张丽"\n', f'name = "张丽"\nphoto = "{photo}"\n')
    (tmp_path / "bianmin.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(tmp_path / "bianmin.toml")
    message = str(caught.value)
    line = text.splitlines().index(f'photo = "{photo}"') + 1
    assert f"bianmin.toml:{line}: clerks[0].photo: " in message and problem in message
    assert demo_config(tmp_path / "plain").catalog.photos == {}  # none configured, none shown
