"""How the page looks: screenshots of a busy hall kept under test-artifacts/display/, the
layout fitting each screen, the notice board only when there are notices."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.display.helpers import ARTIFACTS, issue, open_display, serve_next, texts, voice_edit
from tests.hubfixture import RunningHub, running_hub

SCREENS = {"1920x1080": (1920, 1080), "1280x720": (1280, 720), "portrait-1080x1920": (1080, 1920)}
async def busy_hall(hub: RunningHub) -> None:
    await issue(hub, "AAAAABBBBBBCCCDDDDEEFFGGGJJ")
    for window in (1, 2, 3, 5, 6, 7):
        clerk = await hub.clerk(window)
        try:
            await serve_next(clerk, window)
            await clerk.call_next(window)
        finally:
            await clerk.close()
    clerk = await hub.clerk(4)
    try:
        await clerk.pause(4, "临时离开")
    finally:
        await clerk.close()


async def overflowing(page: Any) -> list[str]:
    """Elements whose content is cut off or that stick out of the screen."""
    found: list[str] = await page.evaluate("""() => {
        const out = [];
        const w = innerWidth, h = innerHeight;
        for (const el of document.querySelectorAll('.screen > *, .main > *')) {
            if (el.hidden || getComputedStyle(el).display === 'none') continue;
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 || r.bottom > h + 1 || r.left < -1 || r.top < -1) {
                out.push(el.className + ' outside ' + JSON.stringify(r));
            }
        }
        for (const el of document.querySelectorAll('#now-number, #now-window')) {
            if (el.scrollWidth > el.clientWidth + 1) out.push(el.id + ' cut');
        }
        return out;
    }""")
    return found


async def test_screenshots_of_a_busy_hall(display_hub: RunningHub, browser: Any) -> None:
    await busy_hall(display_hub)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = await open_display(browser, display_hub, query="&muted=1")
    assert await page.text_content("#now-number") == "G002"
    assert await page.text_content("#center-name") == "青溪镇便民服务中心"
    for name, (width, height) in SCREENS.items():
        await page.set_viewport_size({"width": width, "height": height})
        await page.wait_for_timeout(200)
        assert await overflowing(page) == [], name
        await page.screenshot(path=str(ARTIFACTS / f"display-{name}.png"))
        number = await page.eval_on_selector("#now-number", "e => e.getBoundingClientRect()")
        recent = await page.eval_on_selector("#recent li", "e => e.getBoundingClientRect()")
        # The number just called is by far the largest thing on the screen.
        assert number["height"] > 2.5 * recent["height"], name
    assert len(await texts(page, ".window-tile")) == 8
    assert "暂停服务" in (await page.text_content('[data-window="4"]') or "")
    assert "暂未开放" in (await page.text_content('[data-window="8"]') or "")
    # The Chinese is drawn with a CJK font: each ideograph is as wide as it is tall.
    em = await page.evaluate("""() => {
        const probe = document.createElement('span');
        probe.style.fontSize = '100px';
        probe.textContent = '便民服务中心';
        document.body.append(probe);
        const r = probe.getBoundingClientRect();
        probe.remove();
        return r.width / 6;
    }""")
    assert 90 <= em <= 110
    assert page.errors == []


async def notice_at(page: Any, count: str) -> str:
    """The notice's text once the board shows notice `count` (e.g. "2 / 2")."""
    shown = await page.wait_for_function(f"""() => {{
        const count = document.querySelector('#notice-count').textContent;
        return count === '{count}' && document.querySelector('#notice-text').textContent;
    }}""")
    return str(await shown.json_value())


async def test_the_notice_board_shows_the_offices_notices_masked_and_live(
        tmp_path: Path, clip_cache: Path, browser: Any) -> None:
    edit = voice_edit(clip_cache, notice_seconds="3")
    async with running_hub(tmp_path, edit=edit) as hub:
        page = await open_display(browser, hub, query="&muted=1")
        assert await page.is_hidden("#notices")
        office = hub.client()
        await office.login("9001", "123456")
        today = hub.clock().date()
        until = (today + timedelta(days=3)).isoformat()
        first = await office.json("POST", "/api/notices", {
            "title": "办结公告", "names": ["王小明"], "show_until": until,
            "text": "申请人王小明（13812345678）的不动产登记（D003）已办结。"})
        await office.json("POST", "/api/notices", {
            "title": "受理公告", "text": "C001 民政救助 已受理，十五个工作日内办结",
            "show_until": until})
        # Each notice's text is read with its place in the rotation, at the same moment: a
        # busy machine may take longer than a notice's 3 s between two reads.
        assert await notice_at(page, "1 / 2") == (
            "办结公告　申请人王**（138****5678）的不动产登记（D003）已办结。")
        assert await notice_at(page, "2 / 2") == (
            "受理公告　C001 民政救助 已受理，十五个工作日内办结")
        await page.screenshot(path=str(ARTIFACTS / "display-notices-1920x1080.png"))
        assert await overflowing(page) == []
        assert "王小明" not in await page.content()
        await office.json("POST", f"/api/notices/{first['id']}/withdraw")
        await page.wait_for_function(
            "document.querySelector('#notice-count').textContent === ''")
        for notice in await office.json("GET", "/api/notices"):
            if notice["state"] == "published":
                await office.json("POST", f"/api/notices/{notice['id']}/withdraw")
        await page.wait_for_function("document.querySelector('#notices').hidden")
        await office.close()


async def test_english_lines_follow_the_configuration(tmp_path: Path, clip_cache: Path,
                                                      browser: Any) -> None:
    def edit(text: str) -> str:
        return voice_edit(clip_cache)(text).replace("english = true", "english = false")

    async with running_hub(tmp_path, edit=edit) as hub:
        page = await open_display(browser, hub, query="&muted=1")
        assert await page.is_hidden("#center-name-en")
        assert await page.is_hidden("#now-window-en")
    async with running_hub(tmp_path / "en", edit=voice_edit(clip_cache)) as hub:
        page = await open_display(browser, hub, query="&muted=1")
        english = await page.text_content("#center-name-en")
        assert english == "Qingxi Town Convenience Service Center"
        assert await page.is_visible("#now-window-en")
