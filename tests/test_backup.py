"""Backups of a running hall and restoring them: consistent copies taken while the hub
commits, the newest N kept, a restore that checks what it puts back, refuses while the hub
runs, keeps what it replaces, and leaves a hall the hub serves."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bianmin.client import new_request_id
from server.backup import BackupError, backup, check, copies, restore
from server.hublock import DatabaseInUse
from server.migrations import APPLICATION_ID, LATEST
from tests.hubfixture import KIOSK, RunningHub, running_hub

RELEASE_DB = Path(__file__).parent / "fixtures" / "release-4bddf39.db"
NOW = datetime(2026, 11, 27, 23, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def ticket_ids(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT id FROM tickets")}


def events(path: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(path) as db:
        return list(db.execute("SELECT seq, kind, data FROM events ORDER BY seq"))


async def issue(hub: RunningHub, count: int) -> list[str]:
    async with hub.client(KIOSK) as kiosk:
        return [(await kiosk.issue_ticket("A", new_request_id())).id for _ in range(count)]


async def test_a_backup_taken_while_the_hub_commits_is_whole(tmp_path: Path) -> None:
    async with running_hub(tmp_path / "hall") as hub:
        await issue(hub, 5)
        started, stop = asyncio.Event(), asyncio.Event()

        async def keep_issuing() -> int:
            n = 0
            async with hub.client(KIOSK) as kiosk:
                while not stop.is_set():
                    await kiosk.issue_ticket("B", new_request_id())
                    n += 1
                    started.set()
            return n

        issuing = asyncio.create_task(keep_issuing())
        await started.wait()  # the kiosk is mid-stream when the copy starts
        made = await asyncio.to_thread(backup, hub.config.database, tmp_path / "b", NOW)
        stop.set()
        issued = await issuing
        live = events(hub.config.database)

    assert len(live) >= 5 + issued
    copy = events(made.path)
    assert 5 < len(copy) <= len(live) and copy == live[:len(copy)]  # a moment of the log
    with sqlite3.connect(made.path) as db:
        in_copy = {r[0] for r in db.execute(
            "SELECT ticket FROM events WHERE kind = 'ticket-issued'")}
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert ticket_ids(made.path) == in_copy  # the state tables agree with that moment's events
    assert made.summary.events == len(copy) and made.summary.tickets == len(in_copy)
    assert made.path.name == "bianmin-20261127-230000.db"
    assert mode(made.path) == 0o600 and mode(made.path.parent) == 0o700
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]


async def test_the_newest_copies_are_kept(tmp_path: Path) -> None:
    database = tmp_path / "bianmin.db"
    shutil.copyfile(RELEASE_DB, database)
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    made = [backup(database, folder, NOW + timedelta(days=d), keep=3).path for d in range(5)]
    made.append(backup(database, folder, NOW + timedelta(days=4), keep=3).path)  # same second
    assert copies(folder) == made[-3:]
    assert made[-1].name == "bianmin-20261201-230000-2.db"
    assert (folder / "notes.txt").exists()
    assert check(made[-1]).events == 43
    with pytest.raises(BackupError, match="1 or more"):
        backup(database, folder, NOW, keep=0)


async def test_a_backup_of_what_is_not_a_hall(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no database at"):
        backup(tmp_path / "missing.db", tmp_path / "b", NOW)
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(BackupError, match="not a Bianmin database"):
        backup(other, tmp_path / "b", NOW)
    assert copies(tmp_path / "b") == []
    assert not any((tmp_path / "b").iterdir())  # no half-written copy left behind


async def test_restore_puts_a_copy_back_and_keeps_what_it_replaced(tmp_path: Path) -> None:
    async with running_hub(tmp_path / "hall") as hub:
        before = set(await issue(hub, 3))
        made = backup(hub.config.database, tmp_path / "b", NOW)
        after = set(await issue(hub, 2))
        with pytest.raises(DatabaseInUse, match="in use by the hub"):
            restore(made.path, hub.config.database, NOW)
        await hub.stop()
        done = restore(made.path, hub.config.database, NOW)
        assert ticket_ids(hub.config.database) == before
        assert done.replaced is not None and ticket_ids(done.replaced) == before | after
        assert mode(hub.config.database) == mode(done.replaced) == 0o600
        await hub.start()
        async with hub.client(KIOSK) as kiosk:
            for ticket_id in before:
                assert (await kiosk.ticket(ticket_id)).id == ticket_id
            next_one = await kiosk.issue_ticket("A", new_request_id())
        assert next_one.number == "A004"  # numbering goes on from the restored day


async def test_restore_an_older_releases_copy(tmp_path: Path) -> None:
    async with running_hub(tmp_path / "hall") as hub:
        await hub.stop()
        done = restore(RELEASE_DB, hub.config.database, NOW)
        assert done.summary.version == 0 and done.summary.events == 43
        await hub.start()  # and the hub upgrades it
        with sqlite3.connect(hub.config.database) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
            assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


async def test_restore_over_a_damaged_database(tmp_path: Path) -> None:
    database = tmp_path / "bianmin.db"
    database.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    (tmp_path / "bianmin.db-wal").write_bytes(b"stale journal")
    done = restore(RELEASE_DB, database, NOW)
    assert len(events(database)) == 43
    assert not (tmp_path / "bianmin.db-wal").exists()
    assert done.replaced is not None
    assert done.replaced.read_bytes().startswith(b"SQLite format 3\x00\xff")
    assert Path(f"{done.replaced}-wal").read_bytes() == b"stale journal"


def damaged(tmp_path: Path) -> Path:
    """The fixture with one page of the events table overwritten."""
    path = tmp_path / "damaged.db"
    shutil.copyfile(RELEASE_DB, path)
    with sqlite3.connect(path) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'"
                          ).fetchone()[0]
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(b"\x7f" * 64)
    return path


async def test_restore_refuses_what_it_cannot_run(tmp_path: Path) -> None:
    database = tmp_path / "hall" / "bianmin.db"
    database.parent.mkdir()
    shutil.copyfile(RELEASE_DB, database)
    original = database.read_bytes()
    newer = tmp_path / "newer.db"
    shutil.copyfile(RELEASE_DB, newer)
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    text = tmp_path / "notes.db"
    text.write_text("not a database at all " * 100)
    for copy, words in [(tmp_path / "missing.db", "no database at"),
                        (damaged(tmp_path), "damaged"),
                        (newer, "newer Bianmin"),
                        (text, "cannot be read as a database")]:
        with pytest.raises(BackupError, match=words) as err:
            restore(copy, database, NOW)
        assert "\n" not in str(err.value)
    assert database.read_bytes() == original
    assert sorted(p.name for p in database.parent.iterdir()) == ["bianmin.db"]
