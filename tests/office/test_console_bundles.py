"""一件事 in the office console, in headless Chromium: the live tab names a bundle's step moving
on (转入下一项) and matters a clerk joined (联办) as they happen, and the 统计考核 tab shows the
一件事 table from `/api/figures/bundles` with its CSV link."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.client import new_request_id
from tests.browser import ARTIFACTS
from tests.hubfixture import KIOSK, RunningHub
from tests.office.test_office_pages import open_console


async def cells(page: Any, bundle: str) -> dict[str, str]:
    found: dict[str, str] = await page.eval_on_selector_all(
        f"#bundle-figures tr[data-bundle='{bundle}'] td",
        "tds => Object.fromEntries(tds.map(td => [td.dataset.col, td.textContent]))")
    return found


@pytest.mark.hall_clock("09:00")  # it lets 25 minutes pass with the office signed in
async def test_the_console_names_moves_and_counts_bundles(browser: Any, hub: RunningHub) -> None:
    console = await open_console(browser, hub)
    async with hub.client(KIOSK) as kiosk:
        whole = await kiosk.issue_bundle("restaurant", new_request_id())  # G, then F
        stopped = await kiosk.issue_bundle("restaurant", new_request_id())
        walk_in = await kiosk.issue_ticket("A", new_request_id())
    c7, c3, c1 = await hub.clerk(7), await hub.clerk(3), await hub.clerk(1)
    try:
        for ticket, outcome in ((whole, "immediate"), (stopped, "returned")):
            await c7.call_next(7)
            await c7.start(ticket.id)
            hub.clock.advance(minutes=10)
            await c7.finish(ticket.id, outcome,
                            reason="经营场所不符合要求" if outcome == "returned" else "")
        await console.wait_for_function(
            "document.getElementById('moves').textContent.includes('转入下一项')")
        moves = await console.text_content("#moves") or ""
        assert (f"{whole.number} 7号窗口转入下一项：卫生健康（开办小餐饮店一件事 第 2/2 项）"
                in moves)
        assert stopped.number not in moves  # 退回 stops it: it goes nowhere
        await c3.call_next(3)
        await c3.start(whole.id)
        await console.wait_for_function(
            "[...document.querySelectorAll('#windows tbody tr')][2].textContent"
            ".includes('开办小餐饮店一件事 第 2/2 项')")
        hub.clock.advance(minutes=15)
        await c3.finish(whole.id, "immediate")
        await c1.call_next(1)
        await c1.start(walk_in.id)
        await c1.join_matters(walk_in.id, ["B", "C"], "户口迁入后须一并办理社保和救助")
        await console.wait_for_function(
            "document.getElementById('moves').textContent.includes('联办')")
        assert f"{walk_in.number} 1号窗口联办：社保医保、民政救助" in (
            await console.text_content("#moves") or "")
        await c1.finish(walk_in.id, "immediate")

        day = hub.clock().date().isoformat()
        await console.click("[data-tab=figures]")
        await console.fill("#fig-from", day)
        await console.fill("#fig-to", day)
        await console.click("#fig-refresh")
        await console.wait_for_selector("#bundle-figures tr[data-bundle='restaurant']")
        row = await cells(console, "restaurant")
        assert row == {"label": "开办小餐饮店一件事", "started": "2", "done": "1", "stopped": "1",
                       "ended": "0", "steps": "3", "whole_mean": f"{10 + 10 + 15:.1f}",
                       "whole_median": row["whole_median"], "whole_p90": row["whole_p90"],
                       "limit_minutes": "90", "over_limit": "0"}
        joined = await cells(console, "")  # 联办 a clerk started: one step done, two going
        assert joined["label"] == "联办件（窗口联办）" and joined["started"] == "1"
        assert joined["done"] == "0" and joined["limit_minutes"] == ""
        href = await console.get_attribute("#fig-bundles-csv", "href") or ""
        assert href.startswith(f"/api/figures/bundles.csv?from={day}&to={day}&token=")
        csv = await console.evaluate(
            "href => fetch(href).then(r => r.ok ? r.text() : `HTTP ${r.status}`)", href)
        assert "开办小餐饮店一件事" in csv and "restaurant" in csv
        (ARTIFACTS / "office").mkdir(parents=True, exist_ok=True)
        await console.screenshot(path=str(ARTIFACTS / "office" / "office-bundle-figures.png"),
                                 full_page=True)
        assert console.errors == []
    finally:
        for clerk in (c7, c3, c1):
            await clerk.close()
