"""Live clients: every committed event goes to every WebSocket, in sequence order.

A broadcast to a hall of displays must not cost a task switch per display per event: each
event is framed once (server frames are neither masked nor compressed, so every client gets
the same bytes) and written straight onto each client's transport, in order, in one pass.
The last events are kept in memory so a reconnecting client gets what it missed.

Residents' phones follow one ticket each, not the hall: after each batch the hub builds each
followed ticket's view once and writes it to that ticket's followers only when it changed
(`follow`, `refresh`); a phone never costs the broadcast of an event.

A client that stops reading is cut: once its unsent bytes pass `UNSENT_LIMIT`, or once they
have not moved for `STALL_SECONDS`. A close frame could not pass the full queue ahead of it,
and a transport closed politely keeps that queue until it drains, which is never; so the
connection is reset, and its queue goes with it. The client resumes from the backlog, or a
snapshot, when it comes back. A slow reader is not cut while its queue keeps moving.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from aiohttp import WSCloseCode, web

BACKLOG = 10_000
# Unsent bytes a client may have queued: above a full hall's snapshot (about 450 kB for a
# clerk with 600 waiting), far below what a thousand stalled readers could cost.
UNSENT_LIMIT = 1024 * 1024
STALL_SECONDS = 10.0  # a queue that has not moved for this long belongs to a stalled reader
RESET = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: closing drops what the kernel holds
# The kernel's send buffer for a WebSocket (Linux doubles it). Left to itself it grows to
# megabytes for a reader that stopped, out of the hub's sight; this still carries a hall's
# traffic over Wi-Fi many times over.
SOCKET_BUFFER = 64 * 1024


def text_frame(payload: bytes) -> bytes:
    """A final, unmasked WebSocket text frame (RFC 6455 section 5.2) around `payload`."""
    size = len(payload)
    if size < 126:
        return struct.pack("!BB", 0x81, size) + payload
    if size < 65536:
        return struct.pack("!BBH", 0x81, 126, size) + payload
    return struct.pack("!BBQ", 0x81, 127, size) + payload


Audience = Literal["public", "clerk", "office"]


@dataclass(frozen=True, slots=True)
class Message:
    """One event, framed for each audience (see `server.present.events`)."""

    seq: int
    public: bytes  # kiosks, displays, rating pads, phones
    clerk: bytes
    office: bytes

    def to(self, audience: Audience) -> bytes:
        return self.public if audience == "public" else (
            self.clerk if audience == "clerk" else self.office)


@dataclass(eq=False)
class Client:
    ws: web.WebSocketResponse
    transport: asyncio.WriteTransport
    audience: Audience
    unsent_limit: int = UNSENT_LIMIT
    stall_seconds: float = STALL_SECONDS
    stale: bool = False
    written: int = 0  # bytes this client was sent through `send`
    moved: int = 0  # bytes that had left the queue when the watch was set
    watch: asyncio.TimerHandle | None = None

    def __post_init__(self) -> None:
        self._setsockopt(socket.SO_SNDBUF, SOCKET_BUFFER)

    def _setsockopt(self, option: int, value: int | bytes) -> None:
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, option, value)

    def send(self, frame: bytes) -> None:
        transport = self.transport
        if self.stale or transport.is_closing():
            return
        # Checked before writing, so that one frame larger than the limit (a big hall's
        # snapshot) still goes to a client that keeps up.
        unsent = transport.get_write_buffer_size()
        if unsent > self.unsent_limit:
            self.cut()
            return
        transport.write(frame)
        self.written += len(frame)
        if self.watch is None:
            self.keep_watch()

    def deliver(self, message: Message) -> None:
        self.send(message.to(self.audience))

    def keep_watch(self) -> None:
        """While bytes wait in the queue, check that some leave it every `stall_seconds`."""
        if self.watch is not None or self.stale:
            return
        unsent = self.transport.get_write_buffer_size()
        if unsent:
            self.moved = self.written - unsent
            self.watch = asyncio.get_running_loop().call_later(self.stall_seconds, self._check)

    def _check(self) -> None:
        self.watch = None
        unsent = self.transport.get_write_buffer_size()
        # aiohttp's own pings also queue here, uncounted in `written`: they make `moved`
        # smaller, never larger, so they cannot pass for progress.
        if unsent and self.written - unsent <= self.moved:
            self.cut()
        else:
            self.keep_watch()

    def cut(self) -> None:
        """Reset the connection: the queue is freed now, the client reconnects and resyncs."""
        if self.stale:
            return
        self.stale = True
        if self.watch is not None:
            self.watch.cancel()
            self.watch = None
        self._setsockopt(socket.SO_LINGER, RESET)
        self.transport.abort()


class Live:
    def __init__(self) -> None:
        self.clients: set[Client] = set()
        self.backlog: deque[Message] = deque(maxlen=BACKLOG)
        self.followers: dict[str, set[Client]] = {}  # ticket id -> the phones following it
        self.shown: dict[str, bytes] = {}  # ticket id -> the frame its followers have

    def publish(self, messages: list[Message]) -> None:
        self.backlog.extend(messages)
        for client in self.clients:
            for m in messages:
                client.deliver(m)

    def announce(self, frame: bytes) -> None:
        """One frame to every client of the hall's feed, kept nowhere (`queues`)."""
        for client in self.clients:
            client.send(frame)

    def follow(self, ticket: str, client: Client, frame: bytes) -> None:
        """A phone starts following `ticket`; `frame` is the ticket as it stands now."""
        self.followers.setdefault(ticket, set()).add(client)
        self.shown[ticket] = frame
        client.send(frame)

    def unfollow(self, ticket: str, client: Client) -> None:
        found = self.followers.get(ticket)
        if found is not None:
            found.discard(client)
            if not found:
                del self.followers[ticket]
                self.shown.pop(ticket, None)

    def refresh(self, view: Callable[[str], bytes | None]) -> None:
        """Each followed ticket's frame, made by `view` (None: no longer known); written to
        its followers when it differs from what they have."""
        for ticket, clients in self.followers.items():
            frame = view(ticket)
            if frame is None or frame == self.shown.get(ticket):
                continue
            self.shown[ticket] = frame
            for client in clients:
                client.send(frame)

    def since(self, seq: int, last: int) -> list[Message] | None:
        """The messages after `seq`, or None when they are no longer all in memory."""
        if seq == last:
            return []
        if seq > last or not self.backlog or self.backlog[0].seq > seq + 1:
            return None
        return [m for m in self.backlog if m.seq > seq]

    def add(self, client: Client) -> None:
        self.clients.add(client)

    def remove(self, client: Client) -> None:
        self.clients.discard(client)

    async def close_all(self) -> None:
        """Say goodbye to those who can hear it, all at once; cut those who cannot."""
        phones = [c for followers in self.followers.values() for c in followers]
        self.followers, self.shown = {}, {}
        clients, self.clients = [*self.clients, *phones], set()
        for client in clients:
            if client.transport.get_write_buffer_size():
                client.cut()
        await asyncio.gather(*(_close(c) for c in clients if not c.stale))


async def _close(client: Client) -> None:
    with contextlib.suppress(Exception):
        await client.ws.close(code=WSCloseCode.GOING_AWAY, message=b"hub shutdown")
