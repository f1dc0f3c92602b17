"""The WebSocket: snapshot, ordered events, resume after a drop, public and staff views."""

from __future__ import annotations

import asyncio
import json
from itertools import groupby
from typing import Any

import aiohttp

from bianmin.client import Connection, new_request_id
from bianmin.mirror import HallMirror
from bianmin.wire.live import PublicMessage
from bianmin.wire.tickets import TicketPublic
from tests.hubfixture import DISPLAY, KIOSK, RunningHub
from tests.waiting import WAIT


async def receive(ws: aiohttp.ClientWebSocketResponse, kind: str | None = None,
                  timeout: float = 5.0) -> dict[str, Any]:
    while True:
        msg = await asyncio.wait_for(ws.receive(), timeout)
        assert msg.type == aiohttp.WSMsgType.TEXT, msg
        data: dict[str, Any] = json.loads(msg.data)
        if kind is None or data.get("kind") == kind or data.get("type") == kind:
            return data


async def test_two_clients_see_each_others_effects(hub: RunningHub) -> None:
    clerk = await hub.clerk(1)
    ws_url = hub.url.replace("http", "ws") + "/api/ws"
    async with aiohttp.ClientSession() as s:
        display = await s.ws_connect(f"{ws_url}?token={DISPLAY}")
        counter = await s.ws_connect(f"{ws_url}?token={clerk.token}")
        snap = await receive(display, "snapshot")
        assert snap["hall"]["center"]["name"] == "青溪镇便民服务中心"
        await receive(counter, "snapshot")
        async with hub.client(KIOSK) as kiosk:
            issued = await kiosk.issue_ticket("A", new_request_id())
        for ws in (display, counter):
            e = await receive(ws, "ticket-issued")
            assert e["ticket"]["id"] == issued.id and e["seq"] == snap["seq"] + 1
        await clerk.call_next(1)
        shown = await receive(display, "ticket-called")
        assert shown["ticket"]["number"] == "A001" and shown["window"]["number"] == 1
        assert shown["window"]["current"]["number"] == "A001"
        staff = await receive(counter, "ticket-called")
        assert staff["ticket"]["clerk"] == "1001" and "clerk" not in shown["ticket"]
        await clerk.start(issued.id)
        await clerk.transfer(issued.id, "家庭住址涉及隐私", to_window=3)
        public = await receive(display, "ticket-transferred")
        private = await receive(counter, "ticket-transferred")
        assert "reason" not in public["event"] and "note" not in public["ticket"]
        # what a clerk wrote goes with the ticket to the staff who take it on, not in the feed
        assert "reason" not in private["event"] and private["ticket"]["note"] == "家庭住址涉及隐私"
        await display.close()
        await counter.close()
    await clerk.close()


async def test_resume_gets_what_was_missed_in_order(hub: RunningHub) -> None:
    ws_url = hub.url.replace("http", "ws") + "/api/ws"
    async with aiohttp.ClientSession() as s, hub.client(KIOSK) as kiosk:
        ws = await s.ws_connect(f"{ws_url}?token={DISPLAY}")
        first = await receive(ws, "snapshot")
        await kiosk.issue_ticket("A", new_request_id())
        seen = await receive(ws, "event")
        await ws.close()
        for _ in range(5):  # while the display is away
            await kiosk.issue_ticket("B", new_request_id())
        ws = await s.ws_connect(f"{ws_url}?token={DISPLAY}&since={seen['seq']}")
        resume = await receive(ws)
        assert resume["type"] == "resume" and resume["seq"] == first["seq"] + 6
        missed = [await receive(ws) for _ in range(5)]
        assert [m["seq"] for m in missed] == list(range(seen["seq"] + 1, seen["seq"] + 6))
        assert [m["ticket"]["number"] for m in missed] == [f"B00{n}" for n in range(1, 6)]
        await ws.close()
        # a sequence number the hub cannot account for gets a fresh snapshot
        ws = await s.ws_connect(f"{ws_url}?token={DISPLAY}&since=999999")
        assert (await receive(ws))["type"] == "snapshot"
        await ws.close()


async def test_live_feed_reconnects_across_a_hub_restart(hub: RunningHub) -> None:
    mirror: HallMirror[TicketPublic] = HallMirror()
    statuses: list[bool] = []
    async with hub.client(DISPLAY) as display, hub.client(KIOSK) as kiosk:
        feed = display.live(PublicMessage, min_backoff=0.05, max_backoff=0.2)

        async def follow() -> None:
            async for msg in feed:
                if isinstance(msg, Connection):
                    statuses.append(msg.connected)
                mirror.apply(msg)

        task = asyncio.create_task(follow())
        await kiosk.issue_ticket("A", new_request_id())
        await until(lambda: mirror.waiting("A") == 1)
        await hub.restart()
        await kiosk.issue_ticket("A", new_request_id())  # after the restart
        await until(lambda: mirror.waiting("A") == 2)
        # Down once, however many tries the restart took; then up again.
        assert [up for up, _ in groupby(statuses)][:3] == [True, False, True]
        feed.stop()
        task.cancel()


async def until(condition: Any, timeout: float = WAIT) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def test_unauthenticated_websocket_is_refused(hub: RunningHub) -> None:
    async with aiohttp.ClientSession() as s, s.get(hub.url + "/api/ws") as resp:
        assert resp.status == 401
        assert "登录" in (await resp.json())["error"]["message"]


async def test_the_public_feed_counts_the_queues_and_lists_no_tickets(hub: RunningHub) -> None:
    ws_url = hub.url.replace("http", "ws") + "/api/ws"
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession() as s, hub.client(KIOSK) as kiosk:
        display = await s.ws_connect(f"{ws_url}?token={DISPLAY}")
        empty = (await display.receive()).data
        assert json.loads(empty)["type"] == "snapshot"
        clerk = await hub.clerk(1)  # window 1 opens: 户籍办理 gets an estimate
        started = loop.time()
        for _ in range(30):
            await kiosk.issue_ticket("A", new_request_id())
        counts: list[dict[str, Any]] = []
        while not counts or counts[-1]["waiting"]["A"] != 30:
            counts.append(await receive(display, "queues", timeout=WAIT))
        elapsed = loop.time() - started
        # A burst of tickets makes one count a second at most, not one per ticket.
        assert len(counts) <= elapsed / 1.0 + 2
        assert counts[-1]["wait_minutes"]["A"] == hub.hub.hall.wait_for_matter("A", hub.clock())
        assert counts[-1]["wait_minutes"]["A"] is not None
        # A screen joining now gets the counts, not the 30 tickets: its snapshot stays small.
        late = await s.ws_connect(f"{ws_url}?token={DISPLAY}")
        full = (await late.receive()).data
        hall = json.loads(full)["hall"]
        assert "tickets" not in hall
        (a,) = [m for m in hall["matters"] if m["prefix"] == "A"]
        assert a["waiting"] == 30 and a["wait_minutes"] == counts[-1]["wait_minutes"]["A"]
        assert len(full) < len(empty) + 1000  # the window's clerk and the counts, no more
        await clerk.close()
        await display.close()
        await late.close()
