"""The county link: every committed event, in sequence, to the county's PostgreSQL.

It runs beside the writer and never in its way. It reads what is committed through a read-only
SQLite connection of its own (WAL lets it read while the writer writes), masks each event in a
worker thread (`server.present.county`), and ships batches with asyncpg through the functions
of `bianmin.countylink`. At least once, and idempotent: the county keeps each (center, seq)
once and answers the last event it holds, so after a lost link, a PostgreSQL restart or a hub
restart the link asks where the county stands and goes on from there. A county down for a day
changes nothing in the hall: its events wait in the hall's own store and go in batches once
the county is back. The log and the office console (`GET /api/county`) say how far behind the
county is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import aiosqlite
import asyncpg
import msgspec
from aiohttp import web

from bianmin.config import Config, County
from bianmin.countylink import (
    GAP,
    HEARTBEAT,
    HELLO,
    PROTOCOL,
    SHIP,
    UNKNOWN_CENTER,
    WRONG_LOGIN,
)
from bianmin.wire.county import CountyLink as LinkView
from server.hub import Hub
from server.keys import HUB
from server.present.county import county_data

log = logging.getLogger("bianmin.county")

Connect = Callable[..., Awaitable[asyncpg.Connection]]
Row = tuple[int, str, str, str | None, int | None, str | None, str]
FIRST_RETRY = 1.0
REMIND_SECONDS = 600.0  # while the link is down, the log says so again this often


class Refused(Exception):
    """The county will not take this hall's events as things stand: retrying soon is useless
    (the message says what a person must do)."""


@dataclass
class Batch:
    """Events as the county's `ship` takes them: one array per column."""

    seqs: list[int]
    ats: list[datetime]
    days: list[date]
    kinds: list[str]
    tickets: list[str | None]
    windows: list[int | None]
    clerks: list[str | None]
    data: list[str]


def prepare(rows: list[Row], tz: ZoneInfo, personal: bool) -> Batch:
    """Stored rows as they leave the hall (runs in a worker thread)."""
    batch = Batch([], [], [], [], [], [], [], [])
    for seq, at, kind, ticket, window, clerk, data in rows:
        moment = datetime.fromisoformat(at)
        batch.seqs.append(seq)
        batch.ats.append(moment)
        batch.days.append(moment.astimezone(tz).date())
        batch.kinds.append(kind)
        batch.tickets.append(ticket)
        batch.windows.append(window)
        batch.clerks.append(clerk)
        batch.data.append(county_data(kind, data, personal=personal))
    return batch


def problem_of(err: BaseException, county: County) -> str:
    """What went wrong, for the office, in words a person can act on."""
    host = urlsplit(county.database).hostname or "county"
    if isinstance(err, Refused):
        return str(err)
    if isinstance(err, asyncpg.PostgresError):
        state = getattr(err, "sqlstate", "")
        if state == UNKNOWN_CENTER:
            return f"县级平台未登记本中心（{county.center_id}），请联系县政务服务中心核对。"
        if state == GAP:
            return "县级平台与本中心的事件序号不衔接，正在重新核对后续传。"
        if state == WRONG_LOGIN:
            return "县级平台为本中心登记了另一个数据库账号，请核对配置中的账号。"
        if state in ("28P01", "28000"):
            return "县级平台数据库拒绝登录，请核对配置中的账号与密码。"
        if state in ("42883", "3F000", "42P01"):
            return "县级平台尚未完成初始化（请县中心先启动县级服务），稍后自动重试。"
        if state == "3D000":
            return "县级平台的数据库不存在，请核对配置中的数据库地址。"
    if isinstance(err, TimeoutError):
        return f"连接县级平台（{host}）超时，稍后自动重试。"
    return f"无法连接县级平台（{host}），稍后自动重试。"


class CountyLink:
    def __init__(self, config: Config, county: County, hub: Hub, *,
                 connect: Connect = asyncpg.connect) -> None:
        self.config, self.county, self.hub = config, county, hub
        self._connect = connect
        self._wake = asyncio.Event()
        self._changed = asyncio.Condition()  # told of every change of state
        self._task: asyncio.Task[None] | None = None
        self._db: aiosqlite.Connection | None = None
        self.up = False
        self.county_seq: int | None = None
        self.since: datetime | None = None
        self.last_shipped_at: datetime | None = None
        self.message = "正在连接县级平台…"
        self._reminded = 0.0
        self._behind_from: tuple[int, float] | None = None  # catching up: (from seq, when)

    async def start(self) -> None:
        uri = Path(self.config.database).absolute().as_uri() + "?mode=ro"
        self._db = await aiosqlite.connect(uri, uri=True)
        await self._db.execute("PRAGMA busy_timeout=5000")
        self.hub.on_commit.append(self._committed)
        self._task = asyncio.create_task(self._run(), name="county-link")

    async def stop(self) -> None:
        with contextlib.suppress(ValueError):
            self.hub.on_commit.remove(self._committed)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._db is not None:
            await self._db.close()

    def _committed(self, seq: int) -> None:
        self._wake.set()

    def _closed(self, conn: object) -> None:
        self._wake.set()

    def view(self) -> LinkView:
        behind = None if self.county_seq is None else max(0, self.hub.seq - self.county_seq)
        return LinkView(configured=True, center_id=self.county.center_id, up=self.up,
                        county_seq=self.county_seq, hub_seq=self.hub.seq, behind=behind,
                        since=self.since, last_shipped_at=self.last_shipped_at,
                        message=self.message)

    async def until(self, condition: Callable[[CountyLink], bool]) -> None:
        """Return once `condition(self)` holds (it is checked on every change of state)."""
        async with self._changed:
            await self._changed.wait_for(lambda: condition(self))

    async def shipped(self, seq: int) -> None:
        """Return once the county holds every event up to `seq`."""
        await self.until(lambda link: link.county_seq is not None and link.county_seq >= seq)

    async def _tell(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # ----- the loop --------------------------------------------------------------------------

    async def _run(self) -> None:
        delay = FIRST_RETRY
        while True:
            try:
                await self._session()
            except asyncio.CancelledError:
                raise
            except Exception as err:  # whatever broke the link, the hall goes on: try again
                if self.up:
                    delay = FIRST_RETRY
                await self._down(err)
            await asyncio.sleep(min(delay, self.county.retry_seconds))
            delay = min(delay * 2, self.county.retry_seconds)

    async def _session(self) -> None:
        county = self.county
        password = county.password()
        if county.password_env and password is None:
            raise Refused(f"未设置环境变量 {county.password_env}（县级平台数据库的密码），"
                          "请设置后重启本系统。")
        conn = await asyncio.wait_for(self._connect(
            county.database, password=password, timeout=county.timeout_seconds,
            command_timeout=county.timeout_seconds,
            server_settings={"application_name": f"bianmin-hub {county.center_id}"}),
            county.timeout_seconds * 2)
        # A connection reset while idle is noticed at once, not at the next heartbeat.
        conn.add_termination_listener(self._closed)
        try:
            await self._ship_all(conn)
        finally:
            conn.terminate()  # at once: a polite close would wait on a link that may be gone

    async def _ship_all(self, conn: asyncpg.Connection) -> None:
        county, hub = self.county, self.hub
        catalog = msgspec.json.encode(self.config.catalog).decode()
        held = int(await conn.fetchval(HELLO, county.center_id, county.center_name,
                                       self.config.center.timezone, catalog, hub.seq,
                                       PROTOCOL))
        if held > hub.seq:
            raise Refused(f"县级平台存有本中心第 {held} 号事件，而本中心只有 {hub.seq} 号："
                          "本中心的数据库是否从旧备份恢复？已暂停上传，请联系县政务服务中心。")
        await self._acknowledged(held, up=True)
        tz, personal = self.config.tz, county.personal_data
        while True:
            self._wake.clear()
            if conn.is_closed():
                raise ConnectionResetError("the county's database closed the connection")
            rows = await self._read(held, county.batch)
            if rows:
                batch = await asyncio.to_thread(prepare, rows, tz, personal)
                held = int(await conn.fetchval(
                    SHIP, county.center_id, batch.seqs, batch.ats, batch.days, batch.kinds,
                    batch.tickets, batch.windows, batch.clerks, batch.data, hub.seq))
                self.last_shipped_at = hub.clock()
                await self._acknowledged(held)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), county.heartbeat_seconds)
                continue
            held = int(await conn.fetchval(HEARTBEAT, county.center_id, hub.seq))
            await self._acknowledged(held)

    async def _read(self, after: int, limit: int) -> list[Row]:
        assert self._db is not None
        async with self._db.execute(
            "SELECT seq, at, kind, ticket, window, clerk, data FROM events WHERE seq > ? "
            "ORDER BY seq LIMIT ?", (after, limit),
        ) as cur:
            return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) async for r in cur]

    # ----- what the office and the log are told ----------------------------------------------

    async def _acknowledged(self, held: int, *, up: bool = False) -> None:
        hub = self.hub
        if up:
            was_down = self.since is not None and not self.up
            self.up, self.since = True, hub.clock()
            log.info("county link %s: the county holds events 1 to %d; this hall has %d",
                     "up again" if was_down else "up", held, hub.seq)
        behind = hub.seq - held
        if behind > self.county.batch and self._behind_from is None:
            self._behind_from = (held, time.monotonic())
        elif behind == 0 and self._behind_from is not None:
            start, began = self._behind_from
            self._behind_from = None
            log.info("county caught up: %d events in %.1f s", held - start,
                     time.monotonic() - began)
        self.county_seq = held
        self.message = "已同步" if behind == 0 else f"正在补传，尚有 {behind} 条事件待上传"
        await self._tell()

    async def _down(self, err: BaseException) -> None:
        hub, now = self.hub, time.monotonic()
        behind = "unknown" if self.county_seq is None else str(hub.seq - self.county_seq)
        self.message = problem_of(err, self.county)
        detail = f"{type(err).__name__}: {err}".strip()
        if self.up or self.since is None:
            self.up, self.since, self._reminded = False, hub.clock(), now
            log.warning("county link down (%s); the hall works on, %s events wait",
                        detail, behind)
        elif now - self._reminded >= REMIND_SECONDS:
            self._reminded = now
            log.warning("county link still down since %s (%s); %s events wait",
                        self.since.isoformat(timespec="seconds"), detail, behind)
        self._behind_from = None
        await self._tell()


COUNTY_LINK = web.AppKey("county_link", CountyLink)


def setup(app: web.Application, config: Config, **options: Any) -> None:
    """Start the link with the hub, when the configuration names a county."""
    county = config.county
    if county is None:
        return

    async def link_ctx(app: web.Application) -> AsyncIterator[None]:
        link = CountyLink(config, county, app[HUB], **options)
        await link.start()
        app[COUNTY_LINK] = link
        try:
            yield
        finally:
            await link.stop()

    app.cleanup_ctx.append(link_ctx)
