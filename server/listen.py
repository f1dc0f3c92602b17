"""Listening for the hub: a site that accepts connections itself, for the edge to admit.

asyncio's own accept loop would make a transport and a protocol for every connection before
anyone could refuse it, and close a refused one only a loop pass later: during a flood
hundreds of descriptors are open that no count knows of, until accept fails for want of
files. Here each connection is admitted (and counted) or answered 503 and closed on the spot,
with one descriptor for an instant; an admitted one gets its Guard as protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import socket

from aiohttp import web

from server.edge import BATCH, EDGE, TOO_MANY, Guard, address

# Connections the kernel may queue for accepting. Deep, so that a burst of attackers does not
# overflow it and drop a kiosk's SYN (which the kiosk would repeat only a second later);
# the kernel caps it at net.core.somaxconn (4,096 on current Linux).
BACKLOG = 1024
PAUSE_SECONDS = 0.1  # accepting rests this long if the process is out of descriptors after all


class EdgeSite(web.BaseSite):
    """A TCP site that accepts for itself and lets in only what the app's Edge admits."""

    __slots__ = ("_edge", "_host", "_listeners", "_port", "_resume")

    def __init__(self, runner: web.AppRunner, host: str | None, port: int, *,
                 backlog: int = BACKLOG) -> None:
        super().__init__(runner, backlog=backlog)
        self._edge = runner.app[EDGE]
        self._host, self._port = host, port
        self._listeners: list[socket.socket] = []
        self._resume: asyncio.TimerHandle | None = None

    @property
    def port(self) -> int:
        """The port it listens on (the one the system chose, when asked for port 0)."""
        return int(self._listeners[0].getsockname()[1]) if self._listeners else self._port

    @property
    def name(self) -> str:
        return f"http://{self._host or '0.0.0.0'}:{self._port}"

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None
        self._edge.handler = server
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(self._host or None, self._port, type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
        for family, kind, proto, _, where in dict.fromkeys(infos):
            sock = socket.socket(family, kind, proto)
            self._listeners.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(where)
            sock.listen(self._backlog)
            sock.setblocking(False)
        self._listen()

    def _listen(self) -> None:
        self._resume = None
        loop = asyncio.get_running_loop()
        for sock in self._listeners:
            loop.add_reader(sock.fileno(), self._accept, sock)

    def _accept(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        for _ in range(BATCH):
            try:
                conn, peer = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as err:
                if err.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    # Something else took the spare descriptors: rest, and say so only in
                    # the edge's summary, not in a line a second.
                    self._edge.note("accepting paused, out of files")
                    for sock in self._listeners:
                        loop.remove_reader(sock.fileno())
                    self._resume = loop.call_later(PAUSE_SECONDS, self._listen)
                    return
                continue  # that connection was gone before it was taken
            conn.setblocking(False)
            guard = self._edge.admit(address(peer))
            if guard is None:
                with contextlib.suppress(OSError):
                    conn.send(TOO_MANY)
                conn.close()
                continue
            task = loop.create_task(
                loop.connect_accepted_socket(functools.partial(_same, guard), conn))
            task.add_done_callback(functools.partial(self._connected, guard, conn))

    def _connected(self, guard: Guard, conn: socket.socket,
                   task: asyncio.Task[tuple[asyncio.Transport, asyncio.BaseProtocol]]) -> None:
        if task.cancelled() or task.exception() is not None:
            self._edge.drop(guard)
            conn.close()

    async def stop(self) -> None:
        if self._resume is not None:
            self._resume.cancel()
        loop = asyncio.get_running_loop()
        for sock in self._listeners:
            loop.remove_reader(sock.fileno())
            sock.close()
        self._listeners.clear()
        await super().stop()
        self._edge.close()


def _same(guard: Guard) -> Guard:
    """The protocol factory of one connection: its Guard exists already."""
    return guard
