"""A receipt printer on a local socket for benchmarks: it takes every job, counts it, and
answers the `DLE EOT n` status requests as an idle Epson-compatible printer with paper."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from bench.common import free_port
from bianmin.wire.devices import PrinterSettings

DLE_EOT = b"\x10\x04"
READY = b"\x12"  # every status byte's fixed bits, nothing wrong


@dataclass
class SinkPrinter:
    port: int = field(default_factory=free_port)
    jobs: int = 0  # connections that sent something besides status requests
    _server: asyncio.Server | None = None

    @property
    def settings(self) -> PrinterSettings:
        return PrinterSettings(kind="network", host="127.0.0.1", port=self.port, columns=48,
                               timeout=1.0)

    async def __aenter__(self) -> SinkPrinter:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        printed = False
        with contextlib.suppress(ConnectionError):
            while chunk := await reader.read(65536):
                queries = chunk.count(DLE_EOT)
                writer.write(READY * queries)
                await writer.drain()
                printed = printed or len(chunk) > 3 * queries
        self.jobs += printed
        writer.close()
