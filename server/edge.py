"""The hub's edge: every connection is admitted, timed and, under pressure, shed here.

aiohttp bounds neither how long a client may take over its request headers nor how many
connections one address may hold, and asyncio's accept loop, once the process has no file
descriptor left, logs "Too many open files" and stops accepting for a second at a time,
kiosks and clerks included. So the hub listens through `server.listen.EdgeSite`, which
accepts for itself and asks the `Edge` here about each connection as it comes, before
aiohttp sees it:

- a connection must finish its request headers within `header_seconds` of its first byte
  (or of its opening), and a request body must arrive within `body_seconds` of the headers;
  a late one is answered 408 and closed;
- one address may hold `per_address` connections, and all together `connections`, kept
  below the process's open-file limit so that accepting never fails;
- at either cap the connection waiting longest for its request headers makes room, then the
  longest-idle keep-alive connection (if idle a second or more); only when none is left is
  the newcomer refused (503), at once, with no handler made for it. Slow senders go first,
  working kiosks and clerks last;
- WebSockets, which stay, may take only a quarter of the connections, so that a crowd of
  them (stalled or not) cannot leave a kiosk or a clerk without a way in.

A connection's state moves pending (accepted, its transport on the way) -> waiting (for a
request's headers) -> asked (the headers are in) -> busy (its request is being handled, or
it is a WebSocket) -> idle (keep-alive, between requests) -> waiting ... A `Guard` between
each transport and aiohttp's handler watches the bytes while headers are due; the middleware
marks busy and idle. Only waiting and idle connections are ever shed.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web
from aiohttp.typedefs import Middleware

from server.live import STALL_SECONDS, UNSENT_LIMIT

log = logging.getLogger("bianmin.hub")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

BATCH = 128  # the most connections accepted in one pass of the loop (server/listen.py)
# Descriptors kept back for the database, log, static files and the like.
SPARE_FILES = 64
REPORT_SECONDS = 30.0  # sheds and refusals are summed up in the log at most this often
# A keep-alive connection idle this long may be closed to make room; a client between two
# quick requests is not, lest its next request meet the closing connection.
IDLE_GRACE = 1.0


@dataclass(frozen=True, slots=True)
class Limits:
    header_seconds: float = 10.0  # a request's headers, from its first byte
    body_seconds: float = 30.0  # a request's body, from the end of its headers
    # Open connections per client address (0: no cap). A device needs a handful; a guest
    # Wi-Fi's phones behind one NAT address share it (their idle keep-alive connections make
    # room); one address alone never takes much more than a third of what 1,024 files allow.
    per_address: int = 256
    connections: int = 0  # all open connections (0: from the open-file limit)
    ws_unsent_bytes: int = UNSENT_LIMIT  # a WebSocket reader is cut past this ...
    ws_stall_seconds: float = STALL_SECONDS  # ... or once its queue has not moved this long


def connection_cap(batch: int = BATCH) -> int:
    """Connections the open-file limit allows with room to spare: for the spare files, and for
    the connections shed in one accept batch, whose descriptors close an instant later."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        soft = 1 << 20
    return max(16, soft - batch - SPARE_FILES)


def refusal(status: int, reason: str, code: str, message: str) -> bytes:
    body = orjson.dumps({"error": {"code": code, "message": message}})
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


TOO_SLOW = refusal(408, "Request Timeout", "too-slow",
                   "请求发送超时，连接已断开，请重试。")
FULL_MESSAGE = "服务器连接已满，请稍后再试。"
TOO_MANY = refusal(503, "Service Unavailable", "too-many-connections", FULL_MESSAGE)
TOO_LARGE = refusal(431, "Request Header Fields Too Large", "headers-too-large",
                    "请求头过大，连接已断开。")

PENDING, WAITING, ASKED, BUSY, IDLE, CLOSED = range(6)
END_OF_HEADERS = b"\r\n\r\n"
MAX_HEAD = 64 * 1024  # far above what aiohttp's own limits on a request's head allow


@dataclass(eq=False)
class Peer:
    """The open connections of one client address."""

    count: int = 0
    waiting: OrderedDict[Guard, None] = field(default_factory=OrderedDict)
    idle: OrderedDict[Guard, None] = field(default_factory=OrderedDict)


class Guard(asyncio.Protocol):
    """Stands between a transport and aiohttp's handler of it. Made for a connection already
    admitted; the handler is made only once the first request's headers are in, so that a
    connection that never gets that far costs the hub next to nothing. Then it tells the edge
    when a request begins on the kept-alive connection."""

    __slots__ = ("address", "edge", "head", "inner", "peer", "since", "socket", "state",
                 "tail", "transport")

    def __init__(self, edge: Edge, address: str, peer: Peer) -> None:
        self.edge = edge
        self.address = address
        self.peer = peer
        self.inner: asyncio.Protocol | None = None
        self.transport: asyncio.Transport | None = None
        self.state = PENDING
        self.since = 0.0
        self.socket = False  # a WebSocket
        self.tail = b""  # the last bytes of headers so far, for an end split across reads
        self.head = bytearray()  # the first request's bytes, until the handler is made

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.edge.started(self)

    def data_received(self, data: bytes) -> None:
        if self.state == CLOSED:  # shed, and the transport is letting go
            return
        if self.state == IDLE:
            self.edge.wait(self)  # a new request on a kept-alive connection
        if self.state == WAITING:
            self._look_for_the_end(data)
        if self.inner is not None:
            self.inner.data_received(data)
            return
        self.head += data
        if self.state == ASKED:
            self.inner = self.edge.handler()
            assert self.transport is not None
            self.inner.connection_made(self.transport)
            head, self.head = bytes(self.head), bytearray()
            self.inner.data_received(head)
        elif len(self.head) > MAX_HEAD:
            self.edge.refuse(self, TOO_LARGE)

    def _look_for_the_end(self, data: bytes) -> None:
        """Headers complete are a request asked: no longer to be shed for being slow, though
        aiohttp may take a moment yet to hand it to the middleware."""
        if END_OF_HEADERS in data or END_OF_HEADERS in self.tail + data[:3]:
            self.edge.asked(self)
        else:
            self.tail = (self.tail + data)[-3:]

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.inner is not None else None

    def connection_lost(self, exc: Exception | None) -> None:
        self.edge.drop(self)
        if self.inner is not None:
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.inner is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.inner is not None:
            self.inner.resume_writing()


def address(peername: Any) -> str:
    return str(peername[0]) if isinstance(peername, tuple) and peername else ""


def answer(transport: asyncio.Transport, response: bytes) -> None:
    """Say why, and hang up: the few bytes fit in the socket at once unless the client has
    stopped reading, and then nothing is kept for it."""
    if not transport.is_closing():
        transport.write(response)
    if transport.get_write_buffer_size():
        transport.abort()
    else:
        transport.close()


class Edge:
    """Every open connection of one server: counts, caps, the header clock and the sheds."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cap = limits.connections or connection_cap()
        self.count = 0
        self.sockets = 0
        self.peers: dict[str, Peer] = {}
        self.guards: dict[asyncio.BaseTransport, Guard] = {}
        # Those on the header clock, in the order their clocks started: waiting, and asked
        # but not yet begun (a head that only looks whole must not escape the clock).
        self.timed: OrderedDict[Guard, None] = OrderedDict()
        self.waiting: OrderedDict[Guard, None] = OrderedDict()  # the sheddable of them
        self.idle: OrderedDict[Guard, None] = OrderedDict()
        self.shed: Counter[str] = Counter()
        self.handler: Callable[[], asyncio.Protocol] = _unserved
        self._timer: asyncio.TimerHandle | None = None
        self._report: asyncio.TimerHandle | None = None

    def admit(self, address: str) -> Guard | None:
        """A Guard for a connection just accepted from `address`, or None to refuse it.
        Counted from here on, so every descriptor the hub holds is in `count`."""
        limit = self.limits.per_address
        peer = self.peers.get(address)
        if (limit and peer is not None and peer.count >= limit
                and not self._make_room(peer.waiting, peer.idle, "per-address")):
            self.note("refused, per-address cap")
            return None
        if self.count >= self.cap and not self._make_room(self.waiting, self.idle, "global"):
            self.note("refused, connection cap")
            return None
        peer = self.peers.get(address)  # making room may have closed its last one
        if peer is None:
            peer = self.peers[address] = Peer()
        peer.count += 1
        self.count += 1
        return Guard(self, address, peer)

    def started(self, guard: Guard) -> None:
        assert guard.transport is not None
        self.guards[guard.transport] = guard
        self.wait(guard)

    def _make_room(self, waiting: OrderedDict[Guard, None], idle: OrderedDict[Guard, None],
                   cap: str) -> bool:
        if waiting:
            victim = next(iter(waiting))
            self.note(f"shed waiting for headers, {cap} cap")
            self._close(victim, TOO_MANY)
            return True
        if idle:
            victim = next(iter(idle))
            if victim.since <= asyncio.get_running_loop().time() - IDLE_GRACE:
                self.note(f"shed idle keep-alive, {cap} cap")
                self._close(victim, None)
                return True
        return False

    def wait(self, guard: Guard) -> None:
        """The connection owes the headers of a request from now on."""
        self._leave(guard)
        guard.state = WAITING
        guard.tail = b""
        guard.since = asyncio.get_running_loop().time()
        self.timed[guard] = None
        self.waiting[guard] = None
        guard.peer.waiting[guard] = None
        if self._timer is None:
            self._arm()

    def asked(self, guard: Guard) -> None:
        del self.waiting[guard]
        del guard.peer.waiting[guard]
        guard.state = ASKED

    def refuse(self, guard: Guard, response: bytes) -> None:
        self.note("closed, headers too large")
        self._close(guard, response)

    def busy(self, transport: asyncio.BaseTransport | None) -> Guard | None:
        guard = self.guards.get(transport) if transport is not None else None
        if guard is not None and guard.state != CLOSED:
            self._leave(guard)
            guard.state = BUSY
        return guard

    def hold(self, transport: asyncio.BaseTransport | None) -> bool:
        """Whether this request may become a WebSocket: a quarter of the connections may.
        A hall needs a few dozen; at 1,024 open files that is 208."""
        guard = self.guards.get(transport) if transport is not None else None
        if guard is None or guard.socket:
            return True
        if self.sockets >= self.cap // 4:
            self.note("refused, WebSocket share")
            return False
        guard.socket = True
        self.sockets += 1
        return True

    def rest(self, guard: Guard) -> None:
        """The request is answered; the connection may be kept alive for the next."""
        if guard.state == BUSY:
            guard.state = IDLE
            guard.since = asyncio.get_running_loop().time()
            self.idle[guard] = None
            guard.peer.idle[guard] = None

    def drop(self, guard: Guard) -> None:
        if guard.state == CLOSED:
            return
        self._leave(guard)
        guard.state = CLOSED
        if guard.transport is not None:
            self.guards.pop(guard.transport, None)
        self.count -= 1
        self.sockets -= guard.socket
        guard.peer.count -= 1
        if not guard.peer.count:
            self.peers.pop(guard.address, None)

    def _leave(self, guard: Guard) -> None:
        if guard.state == WAITING:
            del self.timed[guard]
            del self.waiting[guard]
            del guard.peer.waiting[guard]
        elif guard.state == ASKED:
            del self.timed[guard]
        elif guard.state == IDLE:
            del self.idle[guard]
            del guard.peer.idle[guard]

    def _close(self, guard: Guard, response: bytes | None) -> None:
        transport = guard.transport
        self.drop(guard)
        assert transport is not None
        if response is None:
            transport.close()
        else:
            answer(transport, response)

    def _arm(self) -> None:
        """One timer for all: the timed are in the order their clocks started, so only the
        first can be due."""
        if self.timed:
            first = next(iter(self.timed))
            loop = asyncio.get_running_loop()
            self._timer = loop.call_at(first.since + self.limits.header_seconds, self._expire)

    def _expire(self) -> None:
        self._timer = None
        due = asyncio.get_running_loop().time() - self.limits.header_seconds
        while self.timed:
            first = next(iter(self.timed))
            if first.since > due:
                break
            self.note("closed, headers too slow")
            self._close(first, TOO_SLOW)
        self._arm()

    def note(self, what: str) -> None:
        self.shed[what] += 1
        if self._report is None:
            self._report = asyncio.get_running_loop().call_later(REPORT_SECONDS, self._tell)

    def _tell(self) -> None:
        self._report = None
        summary = ", ".join(f"{what}: {n}" for what, n in self.shed.most_common())
        self.shed.clear()
        log.warning("connections in the last %.0f s: %s (now %d open of %d allowed: "
                    "%d waiting for headers, %d WebSockets)", REPORT_SECONDS, summary,
                    self.count, self.cap, len(self.waiting), self.sockets)

    def close(self) -> None:
        for handle in (self._timer, self._report):
            if handle is not None:
                handle.cancel()
        self._timer = self._report = None


def _unserved() -> asyncio.Protocol:
    raise RuntimeError("the edge has no server: start it through server.listen.EdgeSite")


EDGE = web.AppKey("edge", Edge)
LIMITS = web.AppKey("limits", Limits)


def middleware(edge: Edge) -> Middleware:
    @web.middleware
    async def limit_request(request: web.Request, handler: Handler) -> web.StreamResponse:
        if _gone(request):  # shed on its way here: there is no one to answer
            return web.Response(status=503)
        guard = edge.busy(request.transport)
        try:
            if request.body_exists and not await _body_in_time(request, edge.limits):
                return await _hang_up(request)
            return await handler(request)
        except ConnectionError:
            if _gone(request):  # the client left mid-request: not the hub's error to log
                return web.Response(status=503)  # aiohttp drops it quietly
            raise
        finally:
            if guard is not None:
                edge.rest(guard)

    return limit_request


def _gone(request: web.Request) -> bool:
    return request.transport is None or request.transport.is_closing()


async def _body_in_time(request: web.Request, limits: Limits) -> bool:
    """Reads the whole body (aiohttp keeps it for the handler's own read) within the limit.
    Every route with a body reads all of it, up to `client_max_size`, so reading it here
    costs nothing more and keeps a trickling sender from holding a handler."""
    try:
        async with asyncio.timeout(limits.body_seconds):
            await request.read()
    except TimeoutError:
        return False
    return True


async def _hang_up(request: web.Request) -> web.Response:
    """Answer 408 and close at once: aiohttp would otherwise linger, reading the rest of the
    body it no longer wants for up to ten seconds."""
    response = web.Response(body=TOO_SLOW.partition(b"\r\n\r\n")[2], status=408,
                            content_type="application/json")
    response.force_close()
    await response.prepare(request)
    await response.write_eof()
    request.protocol.force_close()
    return response
