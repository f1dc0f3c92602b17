"""What the county's tests share: the private PostgreSQL, a center configured to ship to it,
what the county holds compared with what the hall holds, and a TCP link that can be cut."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from county.config import CenterEntry
from county.db import register
from county.pgdev import Cluster, free_port
from county.schema import migrate
from server.present.county import county_data
from tests.hubfixture import RunningHub


@dataclass
class Postgres:
    cluster: Cluster
    dsn: str

    async def stop(self, mode: str = "fast") -> None:
        await asyncio.to_thread(self.cluster.stop, mode)

    async def start(self) -> None:
        await asyncio.to_thread(self.cluster.start)

    async def connect(self) -> asyncpg.Connection:
        return await asyncpg.connect(self.dsn)


async def county_ready(dsn: str, *centers: str) -> None:
    """The county's schema, with `centers` listed (the county service does this at start)."""
    conn = await asyncpg.connect(dsn)
    try:
        await migrate(conn)
        await register(conn, [CenterEntry(c, f"{c}镇便民服务中心") for c in centers])
    finally:
        await conn.close()


def ships_to(dsn: str, center: str, **keys: Any) -> Callable[[str], str]:
    """An `edit` of the demo configuration: a [county] section shipping to `dsn` as
    `center`, retrying quickly."""
    values = {"database": dsn, "center_id": center, "retry_seconds": 0.2,
              "timeout_seconds": 2.0, **keys}

    def edit(toml: str) -> str:
        lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in values.items()]
        return toml + "\n[county]\n" + "\n".join(lines) + "\n"

    return edit


Event = tuple[int, str, dict[str, Any]]


def hall_events(hub: RunningHub, *, personal: bool = False) -> list[Event]:
    """Every event in the hall's own store, as the county may have it."""
    with contextlib.closing(sqlite3.connect(hub.config.database)) as db:
        rows = db.execute("SELECT seq, kind, data FROM events ORDER BY seq").fetchall()
    return [(seq, kind, json.loads(county_data(kind, data, personal=personal)))
            for seq, kind, data in rows]


async def county_events(dsn: str, center: str) -> list[Event]:
    """Every event the county holds for `center`, in order (doubles would show twice)."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT seq, kind, data FROM bianmin.events WHERE center = $1 "
                                "ORDER BY seq", center)
    finally:
        await conn.close()
    return [(r["seq"], r["kind"], json.loads(r["data"])) for r in rows]


@dataclass
class Link:
    """A TCP link on loopback between a hub and PostgreSQL, to break on purpose: `cut()`
    resets every connection and refuses new ones; `stall()` keeps them open but carries
    nothing either way (a cable pulled out somewhere between); `deafen()` carries what the hub
    sends but loses every answer; `heal()` mends it."""

    upstream_port: int
    port: int = field(default_factory=free_port)
    cut_off: bool = False
    stalled: bool = False
    deaf: bool = False
    answers_lost: int = 0
    connections: int = 0  # how many the hub opened
    _server: asyncio.Server | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _flowing: asyncio.Event = field(default_factory=asyncio.Event)

    def dsn(self, database_dsn: str) -> str:
        return database_dsn.replace(f":{self.upstream_port}/", f":{self.port}/")

    async def __aenter__(self) -> Link:
        self._flowing.set()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        self._drop()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    def cut(self) -> None:
        self.cut_off = True
        self._drop()

    def stall(self) -> None:
        self.stalled = True
        self._flowing.clear()

    def deafen(self) -> None:
        self.deaf = True

    def heal(self) -> None:
        self.cut_off = self.stalled = self.deaf = False
        self._flowing.set()

    def _drop(self) -> None:
        for writer in list(self._writers):
            transport = writer.transport
            if not transport.is_closing():
                transport.abort()
        self._writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            if self.cut_off:
                writer.transport.abort()
                return
            self.connections += 1
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
            self._writers.update((writer, up_writer))
            pipes = [asyncio.ensure_future(self._pipe(reader, up_writer, answers=False)),
                     asyncio.ensure_future(self._pipe(up_reader, writer, answers=True))]
            _, pending = await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
            for pipe in pending:
                pipe.cancel()
            for w in (writer, up_writer):
                w.transport.abort()
                self._writers.discard(w)
        except (OSError, asyncio.CancelledError):
            writer.transport.abort()
        finally:
            self._tasks.discard(task)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *,
                    answers: bool) -> None:
        with contextlib.suppress(OSError):
            while chunk := await reader.read(65536):
                await self._flowing.wait()
                if answers and self.deaf:
                    self.answers_lost += 1
                    continue
                writer.write(chunk)
                await writer.drain()


# ----- the county service ----------------------------------------------------------------------

STAFF_PIN = "246810"


def county_toml(dsn: str, centers: dict[str, str], **live: float) -> str:
    from bianmin.pins import hash_pin

    lines = ['[county]', 'name = "清河县政务服务中心"', 'timezone = "Asia/Shanghai"',
             '[database]', f'address = "{dsn}"', '[live]',
             *(f"{k} = {v}" for k, v in live.items())]
    for cid, name in centers.items():
        lines += ["[[centers]]", f'id = "{cid}"', f'name = "{name}"']
    lines += ["[[staff]]", 'staff_no = "8001"', 'name = "县中心值班员"',
              f'pin_hash = "{hash_pin(STAFF_PIN, iterations=1000)}"']
    return "\n".join(lines) + "\n"


@dataclass
class RunningCounty:
    app: Any
    port: int
    runner: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def get(self, path: str, token: str | None = None) -> tuple[int, Any]:
        import aiohttp

        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with aiohttp.ClientSession() as s, s.get(self.url + path, headers=headers) as r:
            body = await r.read()
            try:
                return r.status, json.loads(body)
            except ValueError:
                return r.status, body

    async def post(self, path: str, body: Any, token: str | None = None) -> tuple[int, Any]:
        import aiohttp

        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with aiohttp.ClientSession() as s, s.post(self.url + path, json=body,
                                                        headers=headers) as r:
            return r.status, json.loads(await r.read())

    async def sign_in(self) -> str:
        status, body = await self.post("/api/login", {"staff_no": "8001", "pin": STAFF_PIN})
        assert status == 200, body
        return str(body["token"])

    async def settle(self) -> None:
        """Read every center's news and fold every marked day now, as the service would in
        a moment."""
        from county.app import BOARD, POOL
        from county.summaries import summarize

        await self.app[BOARD].refresh()
        async with self.app[POOL].acquire() as conn:
            await summarize(conn)


@contextlib.asynccontextmanager
async def running_county(folder: Any, dsn: str, centers: dict[str, str], clock: Any,
                         **live: float) -> Any:
    from aiohttp import web

    from county.app import SERVER_OPTIONS, create_app
    from county.config import load

    path = folder / "county.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(county_toml(dsn, centers, **live), encoding="utf-8")
    app = create_app(load(path), clock=clock, poll_seconds=3600)
    runner = web.AppRunner(app, handle_signals=False, **SERVER_OPTIONS)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield RunningCounty(app, port, runner)
    finally:
        await runner.cleanup()
