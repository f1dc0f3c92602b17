"""Nothing on the hall display is cut, at each screen size, in Chinese alone and with English;
a long notice is shown whole, page by page, and the screen around it never moves."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.display.fit import cut, settled
from tests.display.helpers import ARTIFACTS, voice_edit
from tests.display.test_page_look import SCREENS, busy_hall
from tests.hubfixture import RunningHub, running_hub

LONG_NOTICE = ("青溪镇东村王**申请的农村宅基地使用权及房屋所有权首次登记（D015）已于今日办结，"
               "请申请人携带居民身份证原件及受理回执到5号窗口领取不动产权证书；"
               "委托他人领取的，受托人须同时携带委托书及本人身份证。领取时间为工作日上午九时至"
               "十二时、下午二时至五时。如有疑问，请拨打中心服务电话咨询。")
PANELS = ".top, .now, .recent, .windows, .waiting, .notices"


async def hall_with_notices(hub: RunningHub) -> None:
    await busy_hall(hub)
    async with await hub.clerk(1) as clerk:  # a recall, marked on its call's row
        current = hub.hub.hall.windows[1].current
        assert current is not None
        await clerk.recall(current)
    office = hub.client()
    await office.login("9001", "123456")
    until = (hub.clock().date() + timedelta(days=3)).isoformat()
    for title, text in (("办结公告", LONG_NOTICE), ("温馨提示", "请保管好随身物品。")):
        await office.json("POST", "/api/notices", {"title": title, "text": text,
                                                   "show_until": until})
    await office.close()


async def open_page(browser: Any, hub: RunningHub, width: int, height: int,
                    clock: bool = False) -> Any:
    """`clock`: the page's clock runs, and the test may move it on (`clock.fast_forward`)."""
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    if clock:
        await page.clock.install()
        await page.clock.resume()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    await page.goto(f"{hub.url}/display?token=demo-display&muted=1")
    await page.wait_for_function("window.__display && window.__display.state.ready"
                                 " && document.querySelector('#notice-page').textContent")
    await settled(page)
    return page


async def panels(page: Any) -> list[dict[str, float]]:
    found: list[dict[str, float]] = await page.eval_on_selector_all(PANELS, """els => els.map(e => {
        const r = e.getBoundingClientRect();
        return {x: r.x, y: r.y, w: r.width, h: r.height};
    })""")
    return found


@pytest.mark.parametrize("english", [False, True], ids=["chinese", "english"])
async def test_nothing_is_cut_at_any_size(tmp_path: Path, clip_cache: Path, browser: Any,
                                          english: bool) -> None:
    def edit(text: str) -> str:
        text = voice_edit(clip_cache, notice_seconds="600")(text)
        return text if english else text.replace("english = true", "english = false")

    async with running_hub(tmp_path, edit=edit) as hub:
        await hall_with_notices(hub)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for name, (width, height) in SCREENS.items():
            page = await open_page(browser, hub, width, height)
            lang = "en" if english else "zh"
            await page.screenshot(path=str(ARTIFACTS / f"fit-{lang}-{name}.png"))
            problems = await cut(page, (".notice-text",))
            assert problems == [], f"{name}:\n" + "\n".join(problems)
            # The recent calls are whole rows, and the recalled one is marked on its row.
            rows = await page.eval_on_selector_all("#recent li", "els => els.length")
            assert rows >= 3, name
            assert page.errors == []
            await page.context.close()


async def test_a_long_notice_is_shown_whole_page_by_page_and_nothing_moves(
        tmp_path: Path, clip_cache: Path, browser: Any) -> None:
    async with running_hub(tmp_path, edit=voice_edit(clip_cache, notice_seconds="12")) as hub:
        await hall_with_notices(hub)
        for name, (width, height) in SCREENS.items():
            page = await open_page(browser, hub, width, height, clock=True)
            before = await panels(page)
            seen: list[str] = []
            pages = await page.evaluate("window.__display.notice().pages")
            assert pages >= 2, name  # the long notice does not fit in two lines at once
            for turn in range(pages + 1):
                if turn:
                    # notice_seconds on: the next page is due (and not before, however slow
                    # this machine is)
                    await page.clock.fast_forward(12_000)
                shown = await page.wait_for_function(f"""() => {{
                    const n = window.__display.notice();
                    return n.index === {0 if turn < pages else 1} && n.page === {turn % pages}
                        && n;
                }}""", timeout=15_000)
                state = await shown.json_value()
                await settled(page)
                # The box shows exactly two whole lines of the notice, at this page's lines.
                box = await page.evaluate("""() => {
                    const box = document.querySelector('#notice-text');
                    const text = document.querySelector('#notice-page');
                    const line = parseFloat(getComputedStyle(box).lineHeight);
                    const b = box.getBoundingClientRect(), t = text.getBoundingClientRect();
                    return {height: b.height, line, offset: b.top - t.top,
                            text: text.textContent, count: document.querySelector(
                                '#notice-count').textContent};
                }""")
                assert abs(box["height"] - 2 * box["line"]) < 1, name
                assert abs(box["offset"] - state["page"] * box["height"]) < 1, name
                seen.append(box["count"])
                assert await panels(page) == before, f"the layout moved on {name}"
            assert seen[:2] == [f"1 / 2（1/{pages}）", f"1 / 2（2/{pages}）"], name
            assert seen[-1] == "2 / 2", name
            assert page.errors == []
            await page.context.close()
