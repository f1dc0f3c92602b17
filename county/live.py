"""Every center as it stands now, folded from the events it shipped by the very hall the hub
keeps (`bianmin.domain.hall.Hall`), started afresh each of the hall's days from its catalog.

PostgreSQL tells the county of every `hello`, `ship` and `heartbeat` (LISTEN on the channel
of `bianmin.countylink`); the board then reads what is new for that center. A poll every few
seconds covers what a notice may miss (the listening connection lost, PostgreSQL restarted).
When the county last heard from a center is kept on the county's own clock: "link down" means
the county has not heard from it for `[live] link_down_minutes`, whatever the hall's clock says.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg

from bianmin.countylink import NOTIFY_CHANNEL
from bianmin.domain.hall import Hall
from bianmin.domain.limits import serving_limit
from bianmin.domain.types import TicketState, WindowStatus
from county import wire as cw
from county.config import CenterEntry, CountyConfig
from county.figures import _catalog
from county.schema import Conn, S
from county.summaries import decode

log = logging.getLogger("county")
Clock = Callable[[], datetime]
PAGE = 5000


@dataclass
class CenterState:
    entry: CenterEntry
    tz: ZoneInfo
    catalog_text: str | None = None
    hall: Hall | None = None
    day: date | None = None  # the hall's day this `hall` was started on
    seq: int = 0  # the last event folded into `hall`
    shipped_seq: int = 0
    hub_seq: int = 0
    contact_seen: datetime | None = None  # as PostgreSQL recorded it
    last_contact: datetime | None = None  # when the county noticed it, on its own clock
    last_event_at: datetime | None = None
    name: str = ""
    read: bool = False  # read from the database at least once


@dataclass
class Board:
    config: CountyConfig
    pool: Any  # asyncpg.Pool
    clock: Clock
    poll_seconds: float = 5.0
    folded: asyncio.Event = field(default_factory=asyncio.Event)  # new events folded
    states: dict[str, CenterState] = field(default_factory=dict)
    _pending: set[str] = field(default_factory=set)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        for entry in self.config.centers.values():
            self.states[entry.id] = CenterState(entry, self.config.tz)
        await self.refresh()
        self._tasks = [asyncio.create_task(self._listen(), name="county-listen"),
                       asyncio.create_task(self._work(), name="county-board"),
                       asyncio.create_task(self._poll(), name="county-poll")]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def refresh(self, centers: set[str] | None = None) -> None:
        """Read what is new for `centers` (all by default) now."""
        async with self._lock, self.pool.acquire() as conn:
            for center in sorted(centers if centers is not None else set(self.states)):
                if center in self.states:
                    await self._refresh(conn, self.states[center])
        self.folded.set()

    # ----- reading -----------------------------------------------------------------------

    async def _refresh(self, conn: Conn, state: CenterState) -> None:
        r = await conn.fetchrow(
            f"SELECT hall_name, timezone, catalog::text AS catalog, shipped_seq, hub_seq, "
            f"last_contact, last_event_at FROM {S}.centers WHERE id = $1", state.entry.id)
        if r is None:
            return
        now = self.clock()
        if r["last_contact"] != state.contact_seen:
            # Found at start, PostgreSQL's record is the best there is; after that, the
            # county notices each contact as it comes.
            state.last_contact = now if state.read else r["last_contact"]
            state.contact_seen = r["last_contact"]
        state.read = True
        state.shipped_seq, state.hub_seq = r["shipped_seq"], r["hub_seq"]
        state.last_event_at, state.name = r["last_event_at"], r["hall_name"]
        if r["catalog"] is None:
            return
        state.tz = ZoneInfo(r["timezone"])
        today = now.astimezone(state.tz).date()
        if state.hall is None or r["catalog"] != state.catalog_text or today != state.day:
            state.catalog_text, state.day, state.seq = r["catalog"], today, 0
            state.hall = Hall(_catalog(r["catalog"]), state.tz)
            rows = await conn.fetch(
                f"SELECT seq, kind, day, data::text FROM {S}.events WHERE center = $1 "
                "AND (day >= $2 OR kind = 'printer-status') ORDER BY seq",
                state.entry.id, today)
            self._fold(state, rows)
        while state.seq < state.shipped_seq:
            rows = await conn.fetch(
                f"SELECT seq, kind, day, data::text FROM {S}.events WHERE center = $1 "
                "AND seq > $2 ORDER BY seq LIMIT $3", state.entry.id, state.seq, PAGE)
            if not rows:
                break
            self._fold(state, rows)

    def _fold(self, state: CenterState, rows: list[Any]) -> None:
        hall = state.hall
        assert hall is not None and state.day is not None
        for seq, kind, day, data in rows:
            state.seq = max(state.seq, seq)
            if day < state.day and kind != "printer-status":
                continue  # a backlog of an earlier day: not what stands in the hall now
            event = decode(kind, data)
            if event is not None:
                hall.apply(event)
        hall.office.dirty.clear()  # the county keeps no office records of its own

    # ----- being told -----------------------------------------------------------------------

    async def _listen(self) -> None:
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(self.config.database,
                                             password=self.config.password(), timeout=10)
                lost = asyncio.Event()
                conn.add_termination_listener(functools.partial(_set, lost))
                await conn.add_listener(NOTIFY_CHANNEL, self._notified)
                self._pending.update(self.states)  # whatever was missed while not listening
                self._wake.set()
                await lost.wait()
                log.warning("the county database's notices stopped; listening again")
            except asyncio.CancelledError:
                raise
            except (OSError, asyncpg.PostgresError, TimeoutError) as err:
                log.warning("cannot listen to the county database (%s); trying again", err)
            finally:
                if conn is not None:
                    conn.terminate()
            await asyncio.sleep(self.poll_seconds)

    def _notified(self, conn: Any, pid: int, channel: str, payload: object) -> None:
        self._pending.add(str(payload))
        self._wake.set()

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            self._pending.update(self.states)
            self._wake.set()

    async def _work(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            pending, self._pending = self._pending, set()
            try:
                await self.refresh(pending)
            except asyncio.CancelledError:
                raise
            except Exception as err:  # the database away: the poll tries again
                log.warning("reading the centers failed (%s); trying again", err)

    # ----- the board -----------------------------------------------------------------------

    def view(self) -> cw.Board:
        now = self.clock()
        centers = [self._center(s, now) for s in self.states.values()]
        return cw.Board(
            county=self.config.name, now=now,
            link_down_minutes=self.config.link_down_minutes, centers=centers,
            waiting=sum(c.waiting for c in centers),
            windows_open=sum(c.windows_open for c in centers),
            overdue=sum(c.overdue for c in centers),
            printer_faults=sum(len(c.printer_faults) for c in centers),
            links_down=sum(c.link_down for c in centers))

    def _center(self, s: CenterState, now: datetime) -> cw.CenterLive:
        hall = s.hall
        since_contact = _seconds(now, s.last_contact)
        down = since_contact is None or since_contact > self.config.link_down_minutes * 60
        tickets = list(hall.tickets.values()) if hall else []
        windows = list(hall.windows.values()) if hall else []
        overdue = 0
        if hall is not None:
            for t in tickets:
                matter = hall.catalog.matter(t.queue_matter)
                if t.state is TicketState.SERVING and t.received_at is not None and \
                        matter is not None and serving_limit(
                            matter, hall.catalog.rules).past(t.received_at, now):
                    overdue += 1
        faults = [cw.PrinterFault(device=p.device, status=p.status, detail=p.detail,
                                  since=p.at)
                  for p in (hall.printers.values() if hall else []) if p.status != "ok"]
        return cw.CenterLive(
            id=s.entry.id, name=s.entry.name, hall_name=s.name,
            link="never" if s.contact_seen is None else ("down" if down else "up"),
            link_down=down, last_contact_at=s.last_contact, last_event_at=s.last_event_at,
            seconds_since_event=_seconds(now, s.last_event_at),
            seconds_since_contact=since_contact,
            behind=max(0, s.hub_seq - s.shipped_seq), day=s.day,
            waiting=sum(t.state is TicketState.WAITING for t in tickets),
            windows_open=sum(w.status is WindowStatus.OPEN for w in windows),
            windows_paused=sum(w.status is WindowStatus.PAUSED for w in windows),
            windows=len(windows),
            serving=sum(t.state is TicketState.SERVING for t in tickets),
            overdue=overdue,
            issued_today=sum(t.day == s.day for t in tickets),
            served_today=sum(t.day == s.day and t.state is TicketState.DONE for t in tickets),
            printer_faults=faults)


def _set(event: asyncio.Event, *_: object) -> None:
    event.set()


def _seconds(now: datetime, then: datetime | None) -> int | None:
    return None if then is None else max(0, int((now - then).total_seconds()))

