"""The event store: SQLite in WAL mode through aiosqlite, written by one writer only.

Events are kept for ever in `events`. Beside them, in the same transaction, `tickets` and
`windows` hold each one's present state, so a restart loads today's hall without replaying
years of events. The tables and their versions are `server/migrations.py`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import msgspec

from bianmin.domain import events as ev
from bianmin.domain.office import Record
from bianmin.domain.ticket import Ticket
from bianmin.domain.windows import WindowState
from server import migrations
from server.hublock import HubLock

log = logging.getLogger("bianmin.hub")

PRIVATE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")
RECORD_DAYS = 31  # office records kept in memory: open ones, and those of the last month

Statement = tuple[str, Sequence[Any]]


@dataclass(frozen=True, slots=True)
class StoredEvent:
    seq: int
    event: ev.Event


@dataclass(frozen=True, slots=True)
class SessionRow:
    token_hash: str
    staff_no: str
    role: str
    window: int | None
    created_at: datetime | None  # None when the stored text cannot be read
    last_seen: datetime | None = None  # the last use written back; None until then


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def make_private(path: Path) -> None:
    """The database holds residents' names and phones: only the hub's own user may read it.
    Creates it 0600 if it is new (SQLite gives its -wal, -shm and -journal files the mode
    of the database), and makes an existing one and its companions 0600. Any copy of the
    database must go through this too."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE))
    for companion in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        try:
            if stat.S_IMODE(companion.stat().st_mode) != PRIVATE:
                companion.chmod(PRIVATE)
        except FileNotFoundError:
            pass
        except PermissionError:
            log.warning("cannot make %s readable by its owner alone", companion)


_ENCODER = msgspec.json.Encoder()


def dumps(value: object) -> str:
    """A domain dataclass (or plain data) as the store keeps it: JSON text."""
    return _ENCODER.encode(value).decode()


def event_of(kind: str, data: str) -> ev.Event:
    """An event from its stored row."""
    return msgspec.json.decode(data, type=ev.EVENT_TYPES[kind])


class Store:
    def __init__(self, db: aiosqlite.Connection, lock: HubLock | None = None) -> None:
        self.db = db
        self.lock = lock

    @classmethod
    async def open(cls, path: Path) -> Store:
        """Open the hall's database for the hub: held against a second hub (`hublock`), made
        private, brought to the newest schema (`migrations`; `SchemaError` for one it must
        not use)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = HubLock.take(path)
        try:
            make_private(path)
            done = await asyncio.to_thread(migrations.migrate, path)
            if done.new:
                log.debug("database %s: made at schema version %d", path, done.after)
            elif done.before != done.after:
                log.warning("database %s: schema upgraded from version %d to %d",
                            path, done.before, done.after)
            db = await aiosqlite.connect(path, isolation_level=None)
        except BaseException:
            lock.release()
            raise
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            # FULL: an acknowledged step survives a power cut, not just a crash.
            await db.execute("PRAGMA synchronous=FULL")
            await db.execute("PRAGMA busy_timeout=5000")
        except BaseException:
            await db.close()
            lock.release()
            raise
        return cls(db, lock)

    async def close(self) -> None:
        try:
            await self.db.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    async def last_seq(self) -> int:
        async with self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM events") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def load(self, today: date) -> tuple[list[Ticket], list[WindowState]]:
        """Today's tickets, every ticket still open or with a promise to keep, and the
        windows' state."""
        async with self.db.execute(
            "SELECT data FROM tickets WHERE day >= ? OR open = 1", (today.isoformat(),)
        ) as cur:
            tickets = [msgspec.json.decode(r[0], type=Ticket) async for r in cur]
        async with self.db.execute("SELECT data FROM windows") as cur:
            windows = [msgspec.json.decode(r[0], type=WindowState) async for r in cur]
        return tickets, windows

    async def records(self, today: date) -> list[tuple[str, dict[str, Any]]]:
        """Office records still open, or of the last month (appointments ahead included)."""
        since = (today - timedelta(days=RECORD_DAYS)).isoformat()
        async with self.db.execute(
            "SELECT kind, data FROM records WHERE open = 1 OR day >= ?", (since,)
        ) as cur:
            return [(r[0], json.loads(r[1])) async for r in cur]

    async def all_records(self, kind: str, since: date, until: date
                          ) -> list[dict[str, Any]]:
        """Every record of a kind whose day falls in [since, until], for the office."""
        async with self.db.execute(
            "SELECT data FROM records WHERE kind = ? AND day >= ? AND day <= ? ORDER BY day",
            (kind, since.isoformat(), until.isoformat()),
        ) as cur:
            return [json.loads(r[0]) async for r in cur]

    async def sessions(self) -> list[SessionRow]:
        async with self.db.execute(
            "SELECT token_hash, staff_no, role, window, created_at, last_seen FROM sessions"
        ) as cur:
            return [SessionRow(r[0], r[1], r[2], r[3], _moment(r[4]), _moment(r[5]))
                    async for r in cur]

    async def commit(
        self,
        first_seq: int,
        events: Sequence[ev.Event],
        tickets: Iterable[Ticket],
        windows: Iterable[WindowState],
        statements: Sequence[Statement] = (),
        records: Sequence[Record] = (),
    ) -> None:
        """Write one batch in one transaction. Raises, having written nothing, on failure."""
        rows = [
            (
                first_seq + i,
                e.at.isoformat(),
                e.kind,
                e.ticket_id,
                e.window_number,
                e.clerk_no,
                dumps(e),  # its fields; the kind is in its own column
            )
            for i, e in enumerate(events)
        ]
        await self.db.execute("BEGIN IMMEDIATE")
        try:
            if rows:
                await self.db.executemany(
                    "INSERT INTO events (seq, at, kind, ticket, window, clerk, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
            ticket_rows = [
                (t.id, t.day.isoformat(), t.state.value, int(t.keep_open), dumps(t))
                for t in tickets]
            if ticket_rows:
                await self.db.executemany(
                    "INSERT INTO tickets (id, day, state, open, data) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET state = excluded.state, open = excluded.open,"
                    " data = excluded.data",
                    ticket_rows,
                )
            window_rows = [(w.number, dumps(w)) for w in windows]
            if window_rows:
                await self.db.executemany(
                    "INSERT OR REPLACE INTO windows (number, data) VALUES (?, ?)", window_rows)
            if records:
                await self.db.executemany(
                    "INSERT OR REPLACE INTO records (kind, id, day, open, data) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(r.kind, r.id, r.day.isoformat(), int(r.open), dumps(r.data))
                     for r in records])
            for sql, params in statements:
                await self.db.execute(sql, params)
            await self.db.execute("COMMIT")
        except BaseException:
            await self.db.execute("ROLLBACK")
            raise

    async def events(self, *, after: int = 0, limit: int = 10_000) -> list[StoredEvent]:
        """Stored events in order after sequence number `after`, for audit."""
        async with self.db.execute(
            "SELECT seq, kind, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
            (after, limit),
        ) as cur:
            return [StoredEvent(r[0], event_of(r[1], r[2])) async for r in cur]

    async def last_calls(self, since: str, limit: int) -> list[ev.Event]:
        """The latest calls and recalls since `since` (the start of today), newest first.
        Bounded by time, so start-up reads today's events only, however long the log."""
        async with self.db.execute(
            "SELECT kind, data FROM events WHERE at >= ? "
            "AND kind IN ('ticket-called', 'ticket-recalled') ORDER BY at DESC, seq DESC LIMIT ?",
            (since, limit),
        ) as cur:
            return [event_of(r[0], r[1]) async for r in cur]

    async def printer_reports(self) -> list[ev.Event]:
        """Every printer's reports, in order (a partial index keeps this off the rest of the
        log): the last one of each device is its state."""
        async with self.db.execute(
            "SELECT kind, data FROM events WHERE kind = 'printer-status' ORDER BY seq"
        ) as cur:
            return [event_of(r[0], r[1]) async for r in cur]

    async def ticket_history(self, ticket_id: str) -> list[StoredEvent]:
        async with self.db.execute(
            "SELECT seq, kind, data FROM events WHERE ticket = ? ORDER BY seq", (ticket_id,)
        ) as cur:
            return [StoredEvent(r[0], event_of(r[1], r[2])) async for r in cur]

    async def ticket(self, ticket_id: str) -> Ticket | None:
        async with self.db.execute("SELECT data FROM tickets WHERE id = ?", (ticket_id,)) as cur:
            row = await cur.fetchone()
        return None if row is None else msgspec.json.decode(row[0], type=Ticket)
