"""Live clients: every committed event goes to every WebSocket, in sequence order.

A broadcast to a hall of displays must not cost a task switch per display per event: each
event is framed once (server frames are neither masked nor compressed, so every client gets
the same bytes) and written straight onto each client's transport, in order, in one pass.
A client that stops reading is closed once its unsent bytes pass a limit, and resyncs from a
snapshot when it reconnects. The last events are kept in memory so a reconnecting client
gets what it missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import WSCloseCode, web

BACKLOG = 10_000
WRITE_LIMIT = 4 * 1024 * 1024  # unsent bytes a slow client may pile up before it must resync


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
    transport: asyncio.BaseTransport
    audience: Audience
    stale: bool = False
    closing: set[asyncio.Task[bool]] = field(default_factory=set)

    def send(self, frame: bytes) -> None:
        transport = self.transport
        assert isinstance(transport, asyncio.WriteTransport)
        if self.stale or transport.is_closing():
            return
        if transport.get_write_buffer_size() > WRITE_LIMIT:
            self.stale = True
            task = asyncio.get_running_loop().create_task(
                self.ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"resync"))
            self.closing.add(task)
            task.add_done_callback(self.closing.discard)
            return
        transport.write(frame)

    def deliver(self, message: Message) -> None:
        self.send(message.to(self.audience))


class Live:
    def __init__(self) -> None:
        self.clients: set[Client] = set()
        self.backlog: deque[Message] = deque(maxlen=BACKLOG)

    def publish(self, messages: list[Message]) -> None:
        self.backlog.extend(messages)
        for client in self.clients:
            for m in messages:
                client.deliver(m)

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
        for client in list(self.clients):
            with contextlib.suppress(Exception):
                await client.ws.close(code=WSCloseCode.GOING_AWAY, message=b"hub shutdown")
        self.clients.clear()
