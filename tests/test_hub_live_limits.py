"""A WebSocket reader that stops reading is cut, its queue freed, and it resyncs when it comes
back; one that reads slowly but steadily is left alone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bianmin.client import new_request_id
from bianmin.wire.tickets import TicketPublic
from server.live import Client
from tests.edgekit import Raw, limited_hub, parse_frame, until
from tests.hubfixture import DISPLAY, KIOSK, RunningHub


@pytest.fixture(autouse=True)
def _close_sockets() -> Iterator[None]:
    yield
    Raw.close_all()


def only_client(hub: RunningHub) -> Client:
    (client,) = hub.hub.live.clients
    return client


async def stalled_display(hub: RunningHub) -> tuple[Client, int]:
    """A display that takes its snapshot, then never reads again; with its seq."""
    raw = await Raw.open(hub.port, rcvbuf=4096)
    await raw.upgrade(f"/api/ws?token={DISPLAY}")
    snapshot = await raw.frame()
    assert snapshot["type"] == "snapshot"
    await until(lambda: len(hub.hub.live.clients) == 1)
    return only_client(hub), snapshot["seq"]


async def issue_until(hub: RunningHub, done: Any) -> list[TicketPublic]:
    issued = []
    async with hub.client(KIOSK) as kiosk:
        while not done():
            issued.append(await kiosk.issue_ticket("A", new_request_id()))
    return issued


async def next_message(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    msg = await asyncio.wait_for(ws.receive(), 10)
    assert msg.type == aiohttp.WSMsgType.TEXT, msg
    data: dict[str, Any] = json.loads(msg.data)
    return data


async def test_a_reader_that_stops_is_cut_and_resumes_what_it_missed(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, ws_stall_seconds=0.3) as hub:
        client, seen = await stalled_display(hub)
        # Events until the kernel's buffers are full and a queue builds in the hub.
        issued = await issue_until(hub, lambda: client.transport.get_write_buffer_size() > 0)
        assert len(issued) > 20
        await until(lambda: not hub.hub.live.clients)  # nothing moved for 0.3 s: cut
        assert client.stale and client.transport.get_write_buffer_size() == 0
        ws_url = hub.url.replace("http", "ws") + "/api/ws"
        async with aiohttp.ClientSession() as s:
            ws = await s.ws_connect(f"{ws_url}?token={DISPLAY}&since={seen}")
            resume = await next_message(ws)
            assert resume == {"type": "resume", "seq": seen + len(issued)}
            missed = [await next_message(ws) for _ in issued]
            assert [m["ticket"]["id"] for m in missed] == [t.id for t in issued]
            await ws.close()


async def test_a_queue_past_the_byte_bound_is_cut_at_once(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, ws_unsent_bytes=16 * 1024, ws_stall_seconds=600) as hub:
        client, seen = await stalled_display(hub)
        issued = await issue_until(hub, lambda: client.stale)  # long before 600 s
        await until(lambda: not hub.hub.live.clients)
        assert client.transport.get_write_buffer_size() == 0
        # What it missed no longer fits a queue that small: it gets a fresh snapshot instead.
        ws_url = hub.url.replace("http", "ws") + "/api/ws"
        async with aiohttp.ClientSession() as s:
            ws = await s.ws_connect(f"{ws_url}?token={DISPLAY}&since={seen}")
            snapshot = await next_message(ws)
            assert snapshot["type"] == "snapshot" and snapshot["seq"] == seen + len(issued)
            waiting = {m["prefix"]: m["waiting"] for m in snapshot["hall"]["matters"]}
            assert waiting["A"] == len(issued)
            await ws.close()


async def test_a_slow_reader_that_keeps_reading_is_not_cut(tmp_path: Path) -> None:
    # The kernel says a socket is writable again only once a good part of its buffer is free,
    # so even a steady reader moves the hub's queue in steps: at 100 kB/s about every 0.5 s
    # here. The stall limit must stand well above a step at the slowest honest rate.
    stall = 1.5
    async with limited_hub(tmp_path, ws_stall_seconds=stall) as hub:
        loop = asyncio.get_running_loop()
        raw = await Raw.open(hub.port, rcvbuf=4096)
        await raw.upgrade(f"/api/ws?token={DISPLAY}")
        await until(lambda: len(hub.hub.live.clients) == 1)
        client = only_client(hub)
        seqs: list[int] = []
        behind: list[float] = []  # the times its queue in the hub was seen non-empty

        async def read_slowly() -> None:  # 100 kB/s at most, a display on a poor link
            await until(lambda: client.transport.get_write_buffer_size() > 0)
            buffer = bytearray(raw.buffer)
            while True:
                while (parsed := parse_frame(buffer)) is not None:
                    payload, used = parsed
                    del buffer[:used]
                    message = json.loads(payload)
                    if message["type"] != "queues":  # counts, without a number of their own
                        seqs.append(message["seq"])
                if client.transport.get_write_buffer_size():
                    behind.append(loop.time())
                chunk = await raw.loop.sock_recv(raw.sock, 1024)
                assert chunk, "the hub cut a reader that kept reading"
                buffer += chunk
                await asyncio.sleep(0.01)

        reading = asyncio.create_task(read_slowly())
        # Events until the kernel's buffers are full and the hub queues, then a burst.
        issued = await issue_until(hub, lambda: client.transport.get_write_buffer_size() > 0)
        async with hub.client(KIOSK) as kiosk:
            await asyncio.gather(*[kiosk.issue_ticket("A", new_request_id())
                                   for _ in range(300)])
        await until(lambda: reading.done() or (bool(seqs) and seqs[-1] == hub.hub.seq),
                    timeout=30)
        assert not reading.done(), reading.exception()
        reading.cancel()
        assert seqs == list(range(seqs[0], hub.hub.seq + 1))
        assert len(seqs) == len(issued) + 301  # the snapshot, and every event
        assert not client.stale and hub.hub.live.clients == {client}
        # It really was behind, for longer than the stall limit, and caught up.
        assert behind[-1] - behind[0] > stall
