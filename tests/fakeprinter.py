"""A network receipt printer on 127.0.0.1 that records what it receives.

It answers `DLE EOT` status requests like an Epson-compatible printer, and can be told to be
out of paper, have its cover open, refuse connections, reset them, stall (accept and never
read), stay silent to status requests (as many cheap printers do), or take a whole job and
then reset the connection or stall (`reset-after`, `stall-after`: the job may not have
printed).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from dataclasses import dataclass, field

from bianmin.wire.devices import PrinterSettings
from tests.hubfixture import free_port

DLE_EOT = b"\x10\x04"
CUT = b"\x1dV"  # the end of every job


@dataclass
class FakePrinter:
    port: int = field(default_factory=free_port)
    mode: str = "ok"  # ok | silent | reset | stall | reset-after | stall-after
    paper: str = "ok"  # ok | low | out
    cover_open: bool = False
    connections: list[bytes] = field(default_factory=list)  # everything each one sent
    queries: int = 0
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _stalled: list[asyncio.StreamWriter] = field(default_factory=list)
    received: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def settings(self) -> PrinterSettings:
        return PrinterSettings(kind="network", host="127.0.0.1", port=self.port, columns=48,
                               timeout=1.0)

    @property
    def jobs(self) -> list[bytes]:
        """What each connection sent besides status requests: the printed jobs."""
        out = []
        for data in self.connections:
            for n in (1, 2, 3, 4):
                data = data.replace(DLE_EOT + bytes([n]), b"")
            if data:
                out.append(data)
        return out

    async def start(self) -> FakePrinter:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        return self

    async def refuse(self) -> None:
        """Stop listening: connections are refused, as with a printer switched off."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def stop(self) -> None:
        await self.refuse()
        for writer in self._stalled:
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def __aenter__(self) -> FakePrinter:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _status(self, n: int) -> bytes:
        offline = self.cover_open or self.paper == "out"
        if n == 1:
            return bytes([0x12 | (0x08 if offline else 0)])
        if n == 2:
            return bytes(
                [0x12 | (0x04 if self.cover_open else 0) | (0x20 if self.paper == "out" else 0)]
            )
        if n == 3:
            return b"\x12"
        return bytes([0x12 | {"ok": 0, "low": 0x0C, "out": 0x6C}[self.paper]])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        index = len(self.connections)
        self.connections.append(b"")
        try:
            if self.mode == "stall":
                self._stalled.append(writer)  # holds the socket open, never reads
                await asyncio.Event().wait()
            if self.mode == "reset":
                await reader.read(64)
                sock = writer.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
                return
            while chunk := await reader.read(65536):
                self.connections[index] += chunk
                self.received.set()
                if CUT in self.connections[index] and self.mode.endswith("-after"):
                    if self.mode == "stall-after":
                        self._stalled.append(writer)
                        await asyncio.Event().wait()
                    sock = writer.get_extra_info("socket")
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                    return
                if self.mode == "silent":
                    continue
                start = 0
                while (found := chunk.find(DLE_EOT, start)) >= 0 and found + 2 < len(chunk):
                    self.queries += 1
                    writer.write(self._status(chunk[found + 2]))
                    start = found + 3
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()
