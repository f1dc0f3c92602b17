"""Many live screens, little memory: a hall of 1,000 live clients against a hub in its own
process (the fan-out part of `bench.hub`).

The hall: 420 tickets issued at window 1's matter (220 still waiting at the end). The clients:
hall displays and window screens on the hall's feed (`/api/ws`, the public audience) and
residents' phones following a ticket each (`/api/tickets/{id}/live`, several phones for some
tickets), each a bare WebSocket reader opened from loopback addresses 127.0.0.2 and up (the
hub lets one address hold 256 connections), all at once, as after a hub restart. Each call is
a call-next over HTTP, then a cancel; a call reaches a hall feed as its event, and a phone as
its ticket's new view (one ahead fewer: phones follow tickets at the back of the queue, so
every call changes every phone).

Printed: the hub's resident memory with no clients, with them all connected, and its peak;
from call-next to its arrival at the first and at the last client (p50 and p99); the clerk's
answer to call-next, and how often it left before the first client heard of the call.
A reader's clock starts when its first chunk with the call's sequence number arrives.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import os
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import HubProcess, summary_ms
from bench.rawhttp import RawConnection

LOCAL_ADDRESSES = [f"127.0.0.{n}" for n in range(2, 12)]  # 10 x 256 connections at most
PER_ADDRESS = 200


def _frame(buffer: bytearray) -> tuple[int, bytes, int] | None:
    """The first whole frame in `buffer` from a server (unmasked): opcode, payload, size."""
    if len(buffer) < 2:
        return None
    length, at = buffer[1] & 0x7F, 2
    if length == 126:
        if len(buffer) < 4:
            return None
        length, at = struct.unpack_from("!H", buffer, 2)[0], 4
    elif length == 127:
        if len(buffer) < 10:
            return None
        length, at = struct.unpack_from("!Q", buffer, 2)[0], 10
    if len(buffer) < at + length:
        return None
    return buffer[0] & 0x0F, bytes(buffer[at:at + length]), at + length


def _masked(opcode: int, payload: bytes) -> bytes:
    """A client's frame (masked, as RFC 6455 requires of clients), short payloads only."""
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + body


def rss_mib(pid: int, field_name: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass(eq=False)
class Probe(asyncio.Protocol):
    """A WebSocket client that notes the time a frame with the awaited sequence number first
    arrives, and answers the hub's pings; a protocol with no task of its own, so a thousand
    of them cost the load generator little."""

    path: str
    host: str
    upgraded: asyncio.Future[None] = field(default_factory=lambda:
                                           asyncio.get_running_loop().create_future())
    transport: asyncio.Transport | None = None
    want: bytes = b""
    seen: float | None = None
    head: bytes = b""
    buffer: bytearray = field(default_factory=bytearray)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write((f"GET {self.path} HTTP/1.1\r\nHost: {self.host}\r\n"
                         "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                         f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                         ).encode())

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        if not self.upgraded.done():
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            if b" 101 " not in self.head.split(b"\r\n", 1)[0]:
                self.upgraded.set_exception(ConnectionError(self.head[:200].decode()))
                return
            self.upgraded.set_result(None)
            data = self.head[end + 4:]
        self.buffer += data
        while True:  # whole frames only: the hub's pings are answered, or it hangs up
            frame = _frame(self.buffer)
            if frame is None:
                return
            opcode, payload, size = frame
            del self.buffer[:size]
            if opcode == 0x9 and self.transport is not None:
                self.transport.write(_masked(0xA, payload))
            elif self.want and self.seen is None and self.want in payload:
                self.seen = now

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.upgraded.done():
            self.upgraded.set_exception(ConnectionError("closed before the upgrade"))

    def close(self) -> None:
        if self.transport is not None:
            self.transport.abort()


async def open_probes(url: str, paths: list[str]) -> list[Probe]:
    """All at once, as every screen and phone of a hall comes back after a hub restart."""
    host, port = url.removeprefix("http://").split(":")
    loop = asyncio.get_running_loop()

    async def one(i: int, path: str) -> Probe:
        local = LOCAL_ADDRESSES[i // PER_ADDRESS]
        _, probe = await loop.create_connection(
            functools.partial(Probe, path, host), host, int(port), local_addr=(local, 0))
        await probe.upgraded
        return probe

    return list(await asyncio.gather(*(one(i, p) for i, p in enumerate(paths))))


@dataclass
class Figures:
    answers: list[float] = field(default_factory=list)
    firsts: list[float] = field(default_factory=list)
    lasts: list[float] = field(default_factory=list)
    answered_first: int = 0


async def calls(hub: HubProcess, token: str, probes: list[Probe], count: int) -> Figures:
    host, port = hub.url.removeprefix("http://").split(":")
    conn = await RawConnection.open(host, int(port))
    figures = Figures()
    status, data = await conn.request("GET", "/api/hall", None, token)
    assert status == 200, data
    last = json.loads(data)["seq"]
    try:
        for _ in range(count):
            # The call's number is the next one: the hall is quiet but for these calls.
            want = b'"seq":%d,' % (last + 1)
            for p in probes:
                p.want, p.seen = want, None
            t0, answered, data = await request(hub.url, "POST", "/api/windows/1/call-next",
                                               token)
            deadline = time.monotonic() + 10
            while any(p.seen is None for p in probes):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{sum(p.seen is None for p in probes)} clients did "
                                       "not hear of the call")
                await asyncio.sleep(0.001)
            seen = [p.seen for p in probes if p.seen is not None]
            figures.answers.append(answered - t0)
            figures.firsts.append(min(seen) - t0)
            figures.lasts.append(max(seen) - t0)
            figures.answered_first += answered < min(seen)
            ticket = json.loads(data)["id"]
            status, data = await conn.request("POST", f"/api/tickets/{ticket}/cancel",
                                              {"reason": "bench"}, token)
            assert status == 200, data
            last = json.loads(data)["events"][-1]
    finally:
        await conn.close()
    return figures


@dataclass(eq=False)
class Request(asyncio.Protocol):
    """One HTTP request, its answer timed at its first byte in the same turn of the loop as
    the clients' frames are (a stream reader would wake its reader later, after them)."""

    data: bytes
    done: asyncio.Future[bytes] = field(default_factory=lambda:
                                        asyncio.get_running_loop().create_future())
    sent: float = 0.0
    first: float | None = None
    got: bytearray = field(default_factory=bytearray)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.sent = time.perf_counter()
        transport.write(self.data)

    def data_received(self, data: bytes) -> None:
        if self.first is None:
            self.first = time.perf_counter()
        self.got += data
        head, found, body = bytes(self.got).partition(b"\r\n\r\n")
        if found:
            length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
            if len(body) >= length and not self.done.done():
                self.done.set_result(body[:length])


async def request(url: str, method: str, path: str, token: str, body: bytes = b""
                  ) -> tuple[float, float, bytes]:
    """(sent at, first byte of the answer at, its body), on a fresh connection (its opening
    is not counted)."""
    host, port = url.removeprefix("http://").split(":")
    head = (f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_connection(
        functools.partial(Request, head), host, int(port))
    try:
        answer = await asyncio.wait_for(protocol.done, 10)
    finally:
        transport.close()
    assert protocol.first is not None
    return protocol.sent, protocol.first, answer


def report(title: str, figures: Figures, clients: int) -> None:
    print(f"    {title}")
    print(f"      call-next to the first of {clients}: {summary_ms(figures.firsts)}")
    print(f"      call-next to the last of {clients}:  {summary_ms(figures.lasts)}")
    print(f"      call-next to the clerk's answer: {summary_ms(figures.answers)}; it left "
          f"before the first client heard of the call in {figures.answered_first} of "
          f"{len(figures.answers)} calls")
