"""The phone page the QR code on a ticket opens: `/t/{ticket}` on the hub."""

from __future__ import annotations

import aiohttp

from bianmin.client import new_request_id
from tests.hubfixture import KIOSK, RunningHub


async def page(hub: RunningHub, ticket_id: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as http, http.get(f"{hub.url}/t/{ticket_id}") as resp:
        return resp.status, resp.headers["Content-Type"], await resp.text()


async def test_a_ticket_page_follows_the_ticket(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        first = await kiosk.issue_ticket("A", new_request_id())
        second = await kiosk.issue_ticket("A", new_request_id())
        for _ in range(4):
            last = await kiosk.issue_ticket("A", new_request_id())
    status, kind, text = await page(hub, last.id)
    assert status == 200 and kind.startswith("text/html")
    assert "A006" in text and "户籍办理" in text and "等候中" in text
    assert "您前面还有 5 人，请您耐心等候。" in text  # no window open yet: no estimate
    assert "5 ahead of you" in text  # the demo center shows English too
    assert "办理窗口：" in text and "1号窗口（暂未开放）、8号窗口（暂未开放）" in text
    assert 'http-equiv="refresh"' in text
    assert "http://" not in text and "https://" not in text  # nothing fetched from outside
    _, _, text = await page(hub, second.id)
    assert "您前面还有 1 人，即将轮到您，请到窗口附近留意叫号。" in text

    clerk = await hub.clerk(1)
    try:
        await clerk.call_next(1)
        _, _, text = await page(hub, second.id)
        assert "下一位就是您" in text
        await clerk.start(first.id)
        await clerk.finish(first.id, "immediate")
        await clerk.call_next(1)
        _, _, text = await page(hub, second.id)
        assert "已叫号" in text and "请到 1 号窗口办理。" in text
        await clerk.start(second.id)
        await clerk.finish(second.id, "immediate")
        _, _, text = await page(hub, second.id)
        assert "已办结" in text and 'http-equiv="refresh"' not in text
    finally:
        await clerk.close()


async def test_an_unknown_ticket_gets_a_polite_page(hub: RunningHub) -> None:
    status, _, text = await page(hub, "20000101-Z999")
    assert status == 404
    assert "对不起，没有找到这张号票。" in text


async def test_page_escapes_what_it_shows(hub: RunningHub) -> None:
    status, _, text = await page(hub, "<script>alert(1)</script>")
    assert status == 404 and "<script>" not in text
