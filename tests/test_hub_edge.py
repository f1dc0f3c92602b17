"""The hub's edge: slow requests are cut, one address cannot take every connection, and under
pressure slow senders make room before working kiosks and displays do."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import resource
import socket
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bianmin.client import HubUnavailable, new_request_id
from server.edge import (
    ASKED,
    BATCH,
    CLOSED,
    EDGE,
    IDLE_GRACE,
    Edge,
    Guard,
    Limits,
    connection_cap,
)
from tests.edgekit import Raw, limited_hub, until
from tests.hubfixture import DISPLAY, KIOSK, RunningHub
from tests.hubfixture import refused as refused_by


@pytest.fixture(autouse=True)
def _close_sockets() -> Iterator[None]:
    yield
    Raw.close_all()


HALL = b"GET /api/hall?token=demo-display HTTP/1.1\r\nHost: hub\r\n\r\n"


def edge_of(hub: RunningHub) -> Edge:
    assert hub.runner is not None
    return hub.runner.app[EDGE]


def holding(hub: RunningHub, connections: int) -> bool:
    """Whether the hub holds just so many connections, each past its first moment."""
    edge = edge_of(hub)
    return edge.count == len(edge.guards) == connections


async def test_slow_headers_are_cut_while_a_kiosk_is_served(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, header_seconds=1.0) as hub:
        loop = asyncio.get_running_loop()
        slow = await Raw.open(hub.port)
        began = loop.time()
        await slow.send(b"GET /api/hall HTTP/1.1\r\nHost: hub\r\n")

        async def trickle() -> None:
            with contextlib.suppress(OSError):
                for n in range(60):
                    await slow.send(f"X-Slow-{n}: 1\r\n".encode())
                    await asyncio.sleep(0.05)

        sending = asyncio.create_task(trickle())
        async with hub.client(KIOSK) as kiosk:
            ticket = await kiosk.issue_ticket("A", new_request_id())
            assert ticket.number == "A001"
            assert len(edge_of(hub).waiting) == 1  # the slow one is still there, sending
        status, body = await slow.response()
        assert status == 408 and body["error"]["code"] == "too-slow"
        assert "超时" in body["error"]["message"]
        assert loop.time() - began >= 1.0
        sending.cancel()
        slow.close()
        await until(lambda: edge_of(hub).count == 0)


async def test_a_keep_alive_connection_has_the_limit_for_each_request(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, header_seconds=0.3) as hub:
        raw = await Raw.open(hub.port)
        for _ in range(2):  # idle between requests longer than the limit: not cut for that
            await raw.send(HALL)
            head = await raw.recv()
            assert head.startswith(b"HTTP/1.1 200"), head
            await asyncio.sleep(0.4)
        await raw.send(b"GET /api/hall HTTP/1.1\r\n")  # but a request begun must end in time
        status, _ = await raw.response()
        assert status == 408


async def test_a_head_that_only_looks_whole_stays_on_the_clock(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, header_seconds=0.5) as hub:
        raw = await Raw.open(hub.port)
        await raw.send(b"\r\n\r\n")  # blank lines, which a request may begin with
        await raw.send(b"GET /api/hall HTTP/1.1\r\n")
        status, _ = await raw.response()
        assert status == 408


async def test_a_head_without_end_is_refused_when_too_large(tmp_path: Path) -> None:
    async with limited_hub(tmp_path) as hub:
        raw = await Raw.open(hub.port)
        with contextlib.suppress(OSError):
            await raw.send(b"GET /api/hall HTTP/1.1\r\nX-Long: " + b"x" * 70_000)
        status, body = await raw.response()
        assert status == 431 and body["error"]["code"] == "headers-too-large"


async def test_a_body_sent_too_slowly_is_refused_and_closed(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, body_seconds=0.5) as hub:
        raw = await Raw.open(hub.port)
        body = json.dumps({"matter": "A", "request_id": new_request_id()}).encode()
        await raw.send(b"POST /api/tickets HTTP/1.1\r\nHost: hub\r\n"
                       b"Authorization: Bearer demo-kiosk\r\nContent-Type: application/json\r\n"
                       b"Content-Length: %d\r\n\r\n" % len(body) + body[:5])
        status, reply = await raw.response()  # ends at the hub's close: no lingering
        assert status == 408 and reply["error"]["code"] == "too-slow"
        async with hub.client(KIOSK) as kiosk:  # the half-sent ticket was never issued
            assert (await kiosk.issue_ticket("A", new_request_id())).number == "A001"


async def test_per_address_cap_sheds_that_address_only(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, per_address=3) as hub:
        slow = [await Raw.open(hub.port, "127.0.0.2") for _ in range(3)]
        for raw in slow:
            await raw.send(b"GET /api/hall HTTP/1.1\r\n")
        other = await Raw.open(hub.port, "127.0.0.3")
        await until(lambda: holding(hub, 4))
        # A fourth from the same address: its oldest unfinished request makes room.
        fourth = await Raw.open(hub.port, "127.0.0.2")
        status, body = await slow[0].response()
        assert status == 503 and body["error"]["code"] == "too-many-connections"
        await fourth.send(HALL)
        assert (await fourth.recv()).startswith(b"HTTP/1.1 200")
        # The other address was not touched, and the rest of the first are still waiting.
        await other.send(HALL)
        assert (await other.recv()).startswith(b"HTTP/1.1 200")
        peer = edge_of(hub).peers["127.0.0.2"]
        assert peer.count == 3 and len(peer.waiting) == 2


async def test_per_address_cap_refuses_when_all_are_busy(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, per_address=2) as hub:
        sockets = [await Raw.open(hub.port, "127.0.0.2") for _ in range(2)]
        for ws in sockets:
            await ws.upgrade(f"/api/ws?token={DISPLAY}")
            assert (await ws.frame())["type"] == "snapshot"
        refused = await Raw.open(hub.port, "127.0.0.2")
        status, body = await refused.response()
        assert status == 503 and "稍后再试" in body["error"]["message"]
        other = await Raw.open(hub.port, "127.0.0.3")
        await other.send(HALL)
        assert (await other.recv()).startswith(b"HTTP/1.1 200")
        async with hub.client(KIOSK) as kiosk:  # both displays still hear the hall
            await kiosk.issue_ticket("A", new_request_id())
        for ws in sockets:
            assert (await ws.frame())["kind"] == "ticket-issued"


async def test_idle_keep_alive_makes_room_before_a_newcomer_is_refused(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, per_address=2) as hub:
        idle = [await Raw.open(hub.port, "127.0.0.2") for _ in range(2)]
        for raw in idle:
            await raw.send(HALL)
            assert (await raw.recv()).startswith(b"HTTP/1.1 200")
        # Idle for less than a second: a client between two requests, left alone.
        refused = await Raw.open(hub.port, "127.0.0.2")
        status, _ = await refused.response()
        assert status == 503
        await asyncio.sleep(IDLE_GRACE)
        newcomer = await Raw.open(hub.port, "127.0.0.2")
        assert await idle[0].closed()  # closed without a word, as an idle connection may be
        await newcomer.send(HALL)
        assert (await newcomer.recv()).startswith(b"HTTP/1.1 200")
        await idle[1].send(HALL)
        assert (await idle[1].recv()).startswith(b"HTTP/1.1 200")


async def test_at_the_global_cap_slow_senders_go_first(tmp_path: Path) -> None:
    async with limited_hub(tmp_path, connections=8, per_address=0, body_seconds=60) as hub:
        ws_url = hub.url.replace("http", "ws") + f"/api/ws?token={DISPLAY}"
        async with aiohttp.ClientSession() as s:
            displays = [await s.ws_connect(ws_url) for _ in range(2)]
            for ws in displays:
                assert json.loads((await ws.receive()).data)["type"] == "snapshot"
            slow = [await Raw.open(hub.port, f"127.0.0.{n}") for n in range(10, 16)]
            for raw in slow:
                await raw.send(b"POST /api/tickets HTTP/1.1\r\n")
            await until(lambda: holding(hub, 8))
            async with hub.client(KIOSK) as kiosk:  # one more: the oldest slow one goes
                issued = await kiosk.issue_ticket("A", new_request_id())
            status, _ = await slow[0].response()
            assert status == 503
            for ws in displays:
                event = json.loads((await ws.receive()).data)
                assert event["ticket"]["id"] == issued.id
            await until(lambda: holding(hub, 7))  # the kiosk has let go
            # WebSockets may take a quarter of the connections, and have: a third must wait.
            try:
                await s.ws_connect(ws_url)
                raise AssertionError("a third WebSocket was let in")
            except aiohttp.WSServerHandshakeError as err:
                assert err.status == 503
            # Every connection busy (two displays, the rest sending bodies): a newcomer is
            # refused, and nobody is dropped for it.
            body = b"Host: hub\r\nAuthorization: Bearer demo-kiosk\r\nContent-Length: 99\r\n\r\n{"
            for raw in slow[1:]:
                await raw.send(body)
            await until(lambda: not edge_of(hub).waiting)
            # The connection the refused handshake left idle makes room for one more, once
            # it has been idle long enough not to be a client between two requests.
            await asyncio.sleep(IDLE_GRACE)
            late = await Raw.open(hub.port, "127.0.0.7")
            await late.send(b"POST /api/tickets HTTP/1.1\r\n" + body)
            await until(lambda: holding(hub, 8) and not edge_of(hub).waiting
                        and not edge_of(hub).idle)
            refused = await Raw.open(hub.port, "127.0.0.8")
            status, reply = await refused.response()
            assert status == 503 and reply["error"]["code"] == "too-many-connections"
            async with hub.client(KIOSK) as kiosk:
                refusal = await refused_by(kiosk.issue_ticket("A", new_request_id()))
            # the kiosk says 系统连接中 and tries again
            assert isinstance(refusal, HubUnavailable) and refusal.detail == "HTTP 503"
            for ws in displays:
                assert not ws.closed
                await ws.close()
            for raw in [*slow, late]:
                raw.close()


async def test_a_request_whose_headers_are_in_is_not_shed_as_slow() -> None:
    """Between its last header byte and its handler a request is no longer slow. Shown on the
    edge alone, over real sockets, since with aiohttp behind it that moment is too short."""
    loop = asyncio.get_running_loop()
    edge = Edge(Limits(connections=2, per_address=0))
    edge.handler = asyncio.Protocol  # only the guard's view of the bytes matters here
    ends: list[socket.socket] = []
    transports: list[asyncio.BaseTransport] = []

    async def connect() -> tuple[Guard, socket.socket]:
        ours, theirs = socket.socketpair()
        ends.append(theirs)
        guard = edge.admit("127.0.0.9")
        assert guard is not None
        transport, _ = await loop.connect_accepted_socket(
            functools.partial(lambda g: g, guard), ours)
        transports.append(transport)
        return guard, theirs

    try:
        asked, client = await connect()
        slow, other = await connect()
        client.send(HALL[:-2])  # the end of its headers split over two reads
        other.send(b"GET /api/hall HTTP/1.1\r\n")
        await until(lambda: asked.tail != b"" and slow.tail != b"")
        client.send(HALL[-2:])
        await until(lambda: asked.state == ASKED)
        assert list(edge.waiting) == [slow]
        assert edge.admit("127.0.0.9") is not None  # a newcomer: the slow one makes room
        assert slow.state == CLOSED and asked.state == ASKED
        other.setblocking(True)
        assert other.recv(100).startswith(b"HTTP/1.1 503")
    finally:
        edge.close()
        for transport in transports:
            transport.close()
        for end in ends:
            end.close()
        await asyncio.sleep(0.01)  # the transports let go of their sockets


def test_the_connection_cap_keeps_files_in_reserve() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
    try:
        assert connection_cap() == 1024 - BATCH - 64 == 832
        assert Edge(Limits()).cap == 832
        assert Edge(Limits(connections=50)).cap == 50
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
