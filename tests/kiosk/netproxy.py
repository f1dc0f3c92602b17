"""A TCP proxy on 127.0.0.1 between the kiosk and the hub, to break the network on purpose.

It passes everything through, except that it can cut a ticket request (or another request,
`watch`) before the hub sees it, let the hub answer and then lose the answer on the way
back (the case a retry with the same request id exists for), hold the hub's answer to a
watched request until the test lets it through (`hold()`, `release()`), or slow every answer
down (`delay`), as a hub on a slow network would.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from tests.hubfixture import free_port

TICKET_REQUEST = b"POST /api/tickets "


@dataclass
class Proxy:
    upstream_port: int
    port: int = field(default_factory=free_port)
    watch: bytes = TICKET_REQUEST  # the start of the requests to cut, lose and count
    cut_requests: int = 0  # ticket requests to drop before they reach the hub
    lose_answers: int = 0  # ticket answers to drop after the hub has acted
    ticket_requests: int = 0  # how many watched requests came from the kiosk
    delay: float = 0.0  # seconds each answer is held back, as on a slow network
    answers_held: int = 0  # answers to watched requests the hub gave that wait for release()
    answers_passed: int = 0  # answers to watched requests that reached the kiosk
    holding: bool = False
    _gate: asyncio.Event = field(default_factory=asyncio.Event)
    _server: asyncio.Server | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)

    def hold(self) -> None:
        """Hold the hub's answers to watched requests from now on, until `release()`."""
        self.holding = True
        self._gate.clear()

    def release(self) -> None:
        self.holding = False
        self._gate.set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> Proxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.close()
            self._tasks.discard(task)
            return
        self._writers.add(up_writer)
        losing = asyncio.Event()
        watched = asyncio.Event()  # the answer on its way down is to a watched request
        held = asyncio.Event()

        async def upward() -> None:
            while chunk := await reader.read(65536):
                if chunk.startswith(self.watch):
                    self.ticket_requests += 1
                    watched.set()
                    if self.holding:
                        held.set()
                    if self.cut_requests:
                        self.cut_requests -= 1
                        return
                    if self.lose_answers:
                        self.lose_answers -= 1
                        losing.set()
                up_writer.write(chunk)
                await up_writer.drain()

        async def downward() -> None:
            while chunk := await up_reader.read(65536):
                if losing.is_set():
                    return  # the hub answered; the answer never arrives
                if held.is_set():
                    held.clear()
                    self.answers_held += 1
                    await self._gate.wait()
                    self.answers_held -= 1
                if self.delay:
                    await asyncio.sleep(self.delay)  # the network is slow, not the test
                writer.write(chunk)
                await writer.drain()
                if watched.is_set():
                    watched.clear()
                    self.answers_passed += 1

        try:
            pipes = [asyncio.ensure_future(upward()), asyncio.ensure_future(downward())]
            _, pending = await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
            for pipe in pending:
                pipe.cancel()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            for w in (writer, up_writer):
                w.close()
                self._writers.discard(w)
            self._tasks.discard(task)
