"""The county's console and the office console's county card, in headless Chromium against a
real county service and a real hub shipping to it."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from bianmin.client import new_request_id
from server.county import COUNTY_LINK
from tests.county.kit import STAFF_PIN, Postgres, running_county, ships_to
from tests.hubfixture import KIOSK, Clock, running_hub

CENTERS = {"qingxi": "青溪镇便民服务中心", "baishi": "白石镇便民服务中心"}


async def test_county_console_and_office_card(tmp_path: Path, pg: Postgres,
                                              browser: Any) -> None:
    clock = Clock(datetime.fromisoformat("2026-11-30T09:00:00+08:00"))
    async with running_county(tmp_path / "county", pg.dsn, CENTERS, clock) as county, \
            running_hub(tmp_path / "a", clock=clock, edit=ships_to(pg.dsn, "qingxi")) as hub:
        async with hub.client(KIOSK) as kiosk:
            for matter in "ABC":
                await kiosk.issue_ticket(matter, new_request_id())
        assert hub.runner is not None
        await asyncio.wait_for(hub.runner.app[COUNTY_LINK].shipped(hub.hub.seq), 30)
        await county.settle()

        page = await browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        await page.goto(county.url)
        await page.fill("#login-form [name=staff_no]", "8001")
        await page.fill("#login-form [name=pin]", STAFF_PIN)
        await page.click("#login-form button[type=submit]")
        await page.wait_for_selector("#board tbody tr[data-center=qingxi]")
        row = await page.text_content("#board tbody tr[data-center=qingxi]")
        assert "青溪镇便民服务中心" in row and "正常" in row
        assert "从未连接" in await page.text_content("#board tbody tr[data-center=baishi]")
        assert "3等候人数" in (await page.text_content("#board-summary")).replace(" ", "")
        await page.click("[data-tab=center]")
        # (The page forbids evaluating strings, so the test waits on selectors alone.)
        await page.wait_for_selector("#center-figures tbody tr:nth-child(3)")
        assert "户籍办理" in await page.text_content("#center-figures")
        await page.click("[data-tab=figures]")
        await page.wait_for_selector("#figures tbody tr.county")
        assert "清河县政务服务中心" in await page.text_content("#figures tbody tr.county")
        assert errors == []

        office = await browser.new_page()
        await office.goto(f"{hub.url}/office")
        await office.fill("#login-form [name=staff_no]", "9001")
        await office.fill("#login-form [name=pin]", "123456")
        await office.click("#login-form button[type=submit]")
        await office.wait_for_function(
            "document.getElementById('county-link').textContent.includes('已同步')")
        assert await office.is_visible("#county-card")
