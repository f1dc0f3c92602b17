"""Copies of a hall's database taken while the hub runs, and putting one back.

`backup` reads through SQLite's online backup API on a read-only connection: a consistent copy
of what was committed when it began, while the hub goes on committing (WAL lets a reader and
the writer work at once). Each copy is one self-contained file, readable by its owner alone
like the database, named by the hall's local time; those beyond the newest `keep` are deleted.

`restore` checks a copy (SQLite's integrity check, Bianmin's, a schema version this code
knows), holds the database against the hub (`server/hublock.py`), keeps the database it
replaces beside it, and writes the copy into the database file through the same API in one
transaction: a restore cut short leaves the old database whole. The hub upgrades an older
copy's schema when it next starts.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from server import migrations
from server.hublock import HubLock
from server.store import SIDE_FILES, make_private

PREFIX = "bianmin-"
NAME = re.compile(r"bianmin-(\d{8}-\d{6})(?:-(\d+))?\.db")
PARTIAL = ".partial"


class BackupError(Exception):
    """A copy could not be made or used: the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a database holds, to say what was copied or put back."""

    version: int
    events: int
    tickets: int
    last_event: str  # when the newest event happened, as stored; "" for none


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    summary: Summary
    deleted: list[Path]


@dataclass(frozen=True, slots=True)
class Restored:
    summary: Summary
    replaced: Path | None  # where the database it replaced is kept


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection: a backup must never write to the hall's database."""
    if not path.is_file():
        raise BackupError(f"no database at {path}")
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        db.execute("PRAGMA busy_timeout=5000")
        yield db
    finally:
        db.close()


def _summary(db: sqlite3.Connection) -> Summary:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    events, last = db.execute("SELECT COUNT(*), COALESCE(MAX(at), '') FROM events").fetchone()
    tickets = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    return Summary(version, int(events), int(tickets), str(last))


def integrity(db: sqlite3.Connection, quick: bool = False) -> str:
    """What SQLite's integrity check finds wrong, on one line; "" when the file is whole."""
    rows = [r[0] for r in db.execute(f"PRAGMA {'quick' if quick else 'integrity'}_check(5)")]
    if rows == ["ok"]:
        return ""
    lines = [line.strip(" *") for row in rows for line in row.splitlines()]
    return "; ".join(line for line in lines if line)


def _check(db: sqlite3.Connection, path: Path) -> Summary:
    """That `db` is a whole Bianmin database this code can run, or `BackupError`."""
    try:
        found = migrations.inspect(db)
        if not found.ours or found.empty:
            raise BackupError(f"{path} is not a Bianmin database")
        problems = integrity(db)
        if problems:
            raise BackupError(f"{path} is damaged (SQLite's integrity check: {problems})")
        if why := migrations.problem(found, path):
            raise BackupError(why)
        return _summary(db)
    except sqlite3.DatabaseError as err:  # not a database at all, or unreadable
        raise BackupError(f"{path} cannot be read as a database: {err}") from None


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(database: Path, partial: Path) -> Summary:
    """A checked, self-contained copy of `database` at `partial`, which `_place` then renames
    into place: a file under a backup's name is always whole."""
    partial.unlink(missing_ok=True)
    make_private(partial)
    try:
        with _reading(database) as source:
            if not migrations.inspect(source).ours:
                raise BackupError(f"{database} is not a Bianmin database")
            with contextlib.closing(sqlite3.connect(partial, isolation_level=None)) as copy:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
                summary = _check(copy, database)
        with partial.open("rb") as f:
            os.fsync(f.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


def _place(partial: Path, target: Path) -> None:
    os.replace(partial, target)
    _sync_folder(target.parent)


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def copies(folder: Path) -> list[Path]:
    """The backups in `folder`, oldest first."""
    found = []
    for path in folder.iterdir() if folder.is_dir() else ():
        if m := NAME.fullmatch(path.name):
            found.append((m.group(1), int(m.group(2) or 0), path))
    return [path for *_, path in sorted(found)]


def backup(database: Path, folder: Path, now: datetime, keep: int = 14) -> Backup:
    """Copy the database into `folder` (made 0700 if missing) and keep the newest `keep`."""
    if keep < 1:
        raise BackupError("--keep must be 1 or more")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = folder / f"{PREFIX}{_stamp(now)}.db"
        n = 1
        while target.exists():  # two in one second
            n += 1
            target = folder / f"{PREFIX}{_stamp(now)}-{n}.db"
        partial = target.with_name(target.name + PARTIAL)
        summary = _write(database, partial)
        _place(partial, target)
        kept = copies(folder)
        deleted = kept[:-keep] if target in kept else []
        for old in deleted:
            old.unlink()
    except sqlite3.Error as err:
        raise BackupError(f"cannot copy {database}: {err}") from None
    except OSError as err:
        raise BackupError(f"cannot write the backup into {folder}: "
                          f"{err.strerror or err}") from None
    return Backup(target, summary, deleted)


def check(copy: Path) -> Summary:
    """What a backup holds, once it is known to be a whole Bianmin database this code runs."""
    with _reading(copy) as db:
        return _check(db, copy)


def restore(copy: Path, database: Path, now: datetime) -> Restored:
    """Put `copy` back as the hall's database. Raises `BackupError`, or `DatabaseInUse` while
    the hub (or another restore) holds the database."""
    summary = check(copy)
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        lock = HubLock.take(database, "a restore")
    except OSError as err:
        raise BackupError(f"cannot write beside {database}: {err.strerror or err}") from None
    try:
        replaced = _keep_replaced(database, now)
        partial = database.with_name(database.name + ".restoring")
        _write(copy, partial)
        # The replaced database's journal would be read into the new one: it is kept, above.
        for side in SIDE_FILES:
            database.with_name(database.name + side).unlink(missing_ok=True)
        _place(partial, database)
    except sqlite3.Error as err:
        raise BackupError(f"cannot restore {copy}: {err}") from None
    except OSError as err:
        raise BackupError(f"cannot write {database}: {err.strerror or err}") from None
    finally:
        lock.release()
    return Restored(summary, replaced)


def _keep_replaced(database: Path, now: datetime) -> Path | None:
    """The database about to be replaced, byte for byte with its journal, damaged or not
    (it may be why it is replaced): `NAME.before-restore-STAMP` beside it."""
    if not database.is_file() or database.stat().st_size == 0:
        return None
    kept = database.with_name(f"{database.name}.before-restore-{_stamp(now)}")
    for side in ("", *SIDE_FILES):
        source = database.with_name(database.name + side)
        if source.is_file() and side != "-shm":  # -shm is an index SQLite rebuilds
            target = kept.with_name(kept.name + side)
            make_private(target)
            shutil.copyfile(source, target)
    return kept
