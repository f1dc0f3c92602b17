"""Live clients: every committed event goes to every WebSocket, in sequence order.

Each client has its own bounded queue and sender task, so one slow television cannot hold the
others back; a client that falls too far behind is closed and resyncs from a snapshot when it
reconnects. The last events are kept in memory so a reconnecting client gets what it missed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from dataclasses import dataclass, field

from aiohttp import WSCloseCode, web

QUEUE_LIMIT = 5_000
BACKLOG = 10_000


@dataclass(frozen=True, slots=True)
class Message:
    seq: int
    staff: str  # JSON for clerks and the office
    public: str  # JSON for kiosks, displays and anyone else


@dataclass(eq=False)
class Client:
    ws: web.WebSocketResponse
    staff: bool
    queue: asyncio.Queue[str | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_LIMIT)
    )
    overflowed: bool = False

    def offer(self, text: str) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.overflowed = True
            with contextlib.suppress(asyncio.QueueFull):
                self.queue.get_nowait()
                self.queue.put_nowait(None)

    async def pump(self) -> None:
        """Send queued messages until told to stop; only this task writes to the socket."""
        while True:
            text = await self.queue.get()
            if text is None or self.ws.closed:
                break
            await self.ws.send_str(text)
        if self.overflowed and not self.ws.closed:
            await self.ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"resync")


class Live:
    def __init__(self) -> None:
        self.clients: set[Client] = set()
        self.backlog: deque[Message] = deque(maxlen=BACKLOG)

    def publish(self, messages: list[Message]) -> None:
        self.backlog.extend(messages)
        for client in self.clients:
            for m in messages:
                client.offer(m.staff if client.staff else m.public)

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
