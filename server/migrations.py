"""The store's schema by version, and the steps that bring an older database forward.

The version is SQLite's `PRAGMA user_version`; `PRAGMA application_id` marks the file as a
Bianmin database. On start-up the hub runs every step newer than the file's version, and
writes the new version, in one transaction: a step that fails leaves the database as it was.
A database newer than this code knows is refused, never guessed at.

Version 0 is a file without a version: new and empty, or written by a release before versions
(up to commit 4bddf39), whose tables step 1 finds already there. To change the schema, add a
step at the end; never edit one that has shipped.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

APPLICATION_ID = int.from_bytes(b"BMin", "big")  # 0x424d696e: "this file is Bianmin's"
TABLES = ("events", "tickets", "windows", "records", "sessions")


class SchemaError(Exception):
    """The database cannot be used by this version: the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Step:
    version: int  # the version the database has once this step has run
    what: str
    run: Callable[[sqlite3.Connection], None]


def _statements(*sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(db: sqlite3.Connection) -> None:
        for statement in sql:
            db.execute(statement)

    return run


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _session_last_seen(db: sqlite3.Connection) -> None:
    # Trees between the release and versions added this column without a version; their
    # databases arrive here with it already.
    if "last_seen" not in _columns(db, "sessions"):
        db.execute("ALTER TABLE sessions ADD COLUMN last_seen TEXT")


STEPS: tuple[Step, ...] = (
    Step(1, "the tables of the first release (events, tickets, windows, records, sessions)",
         _statements(
             """CREATE TABLE IF NOT EXISTS events (
                    seq INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    ticket TEXT,
                    window INTEGER,
                    clerk TEXT,
                    data TEXT NOT NULL)""",
             "CREATE INDEX IF NOT EXISTS events_ticket ON events(ticket)",
             "CREATE INDEX IF NOT EXISTS events_at ON events(at)",
             "CREATE INDEX IF NOT EXISTS events_printer ON events(seq) "
             "WHERE kind = 'printer-status'",
             """CREATE TABLE IF NOT EXISTS tickets (
                    id TEXT PRIMARY KEY,
                    day TEXT NOT NULL,
                    state TEXT NOT NULL,
                    open INTEGER NOT NULL,  -- waiting, called, served, missed, or a promise
                    data TEXT NOT NULL)""",
             "CREATE INDEX IF NOT EXISTS tickets_day ON tickets(day)",
             "CREATE INDEX IF NOT EXISTS tickets_open ON tickets(open) WHERE open = 1",
             """CREATE TABLE IF NOT EXISTS windows (
                    number INTEGER PRIMARY KEY,
                    data TEXT NOT NULL)""",
             """CREATE TABLE IF NOT EXISTS records (
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    day TEXT NOT NULL,
                    open INTEGER NOT NULL,
                    data TEXT NOT NULL,
                    PRIMARY KEY (kind, id))""",
             "CREATE INDEX IF NOT EXISTS records_day ON records(day)",
             """CREATE TABLE IF NOT EXISTS sessions (
                    token_hash TEXT PRIMARY KEY,
                    staff_no TEXT NOT NULL,
                    role TEXT NOT NULL,
                    window INTEGER,
                    created_at TEXT NOT NULL)""",
         )),
    Step(2, "sessions.last_seen: when a staff session was last used, kept over a restart",
         _session_last_seen),
)
LATEST = STEPS[-1].version


@dataclass(frozen=True, slots=True)
class Found:
    """What a database file holds, as far as the schema goes."""

    version: int
    ours: bool  # marked as Bianmin's, or holding only the first release's tables
    empty: bool  # no tables at all: a new file


def inspect(db: sqlite3.Connection) -> Found:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    marked = int(db.execute("PRAGMA application_id").fetchone()[0])
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if not r[0].startswith("sqlite_")}
    # Unmarked: new, or of a release before versions if every table it has is one of ours.
    ours = marked == APPLICATION_ID or (marked == 0 and tables <= set(TABLES))
    return Found(version, ours, not tables)


def problem(found: Found, path: Path, latest: int = LATEST) -> str | None:
    """Why this code must not use the database, in one line, or None."""
    if not found.ours and not found.empty:
        return (f"{path} is an SQLite database, but not Bianmin's: name a new file or the "
                "hub's own")
    if found.version > latest:
        return (f"{path} was written by a newer Bianmin (schema version {found.version}; this "
                f"one knows up to {latest}): run that version again, or restore a backup it "
                "can read with `bianmin restore`")
    return None


@dataclass(frozen=True, slots=True)
class Migrated:
    before: int
    after: int
    new: bool  # the file had no tables: made, not upgraded


def migrate(path: Path, steps: Sequence[Step] = STEPS) -> Migrated:
    """Bring the database at `path` to the newest version in one transaction and say from
    which version. Raises `SchemaError` for a database this code must not use,
    `sqlite3.Error` when the file cannot be read or written."""
    latest = steps[-1].version if steps else 0
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA busy_timeout=5000")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("BEGIN IMMEDIATE")
        try:
            found = inspect(db)
            if why := problem(found, path, latest):
                raise SchemaError(why)
            for step in steps:
                if step.version > found.version:
                    step.run(db)
            if found.version < latest:
                db.execute(f"PRAGMA user_version = {int(latest)}")
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        # Only once it is known to be ours: the mode is written into the file's header.
        db.execute("PRAGMA journal_mode=WAL")
    return Migrated(found.version, max(found.version, latest), found.empty)
