"""The store's schema versions: a database of the previous release is upgraded and served
whole; a new one is made at the newest version; a newer or foreign one is refused untouched;
a failing step changes nothing; one hub at a time holds a database."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from server import migrations
from server.hublock import DatabaseInUse, HubLock, holder
from server.migrations import APPLICATION_ID, LATEST, SchemaError, Step
from server.store import Store
from tests.hubfixture import PIN, Clock, demo_config, running_hub

RELEASE_DB = Path(__file__).parent / "fixtures" / "release-4bddf39.db"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return list(db.execute(sql))


def header(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as db:
        return (db.execute("PRAGMA user_version").fetchone()[0],
                db.execute("PRAGMA application_id").fetchone()[0])


def release_db(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bianmin.db"
    shutil.copyfile(RELEASE_DB, path)
    return path


async def test_a_database_of_the_previous_release_is_upgraded_and_served_whole(
        tmp_path: Path) -> None:
    path = release_db(tmp_path)
    assert header(path) == (0, 0)
    events = rows(path, "SELECT seq, at, kind, ticket, window, clerk, data FROM events "
                        "ORDER BY seq")
    tickets = rows(path, "SELECT id, day, state, open, data FROM tickets ORDER BY id")
    records = rows(path, "SELECT kind, id, day, open, data FROM records ORDER BY kind, id")
    sessions = rows(path, "SELECT token_hash, staff_no, role, window, created_at FROM sessions "
                          "ORDER BY token_hash")
    assert len(events) == 43 and len(tickets) == 10 and len(records) == 3 and len(sessions) == 5

    # The morning the fixture was made ended at 09:43; the hall opens again at 09:50.
    clock = Clock(datetime(2026, 11, 27, 9, 50, tzinfo=SHANGHAI))
    async with running_hub(tmp_path, clock=clock) as hub:
        assert header(path) == (LATEST, APPLICATION_ID)
        office = hub.client()
        await office.login("9001", PIN)
        for ticket_id, *_ in tickets:
            history = await office.json("GET", f"/api/tickets/{ticket_id}/history")
            assert [h["seq"] for h in history] == [e[0] for e in events if e[3] == ticket_id]
            public = await office.json("GET", f"/api/tickets/{ticket_id}")
            assert public["id"] == ticket_id
        assert {t[0]: t[2] for t in tickets} == {
            t: (await office.json("GET", f"/api/tickets/{t}"))["state"] for t, *_ in tickets}

        hall = await office.json("GET", "/api/hall")
        windows = {w["number"]: w for w in hall["windows"]}
        assert windows[4]["status"] == "paused" and windows[4]["paused_reason"] == "系统维护"
        assert windows[1]["current"]["number"] == "A005"
        assert [p["status"] for p in hall["printers"]] == ["paper-low"]
        bookings = await office.json("GET", "/api/appointments?from=2026-11-27&to=2026-11-30")
        assert sorted(b["state"] for b in bookings) == ["booked", "checked-in"]
        complaints = await office.json("GET", "/api/complaints")
        assert [c["number"] for c in complaints] == ["TS20261127001"]
        figures = await office.json("GET", "/api/figures?from=2026-11-27")
        day = figures["daily"][0]
        assert (day["issued"], day["served"], day["complaints"], day["satisfied"]) == (10, 4, 1, 1)

        # The hall goes on where it stopped: the appointment (D002) is called before D001.
        clerk = await hub.clerk(5)
        step = await clerk.json("POST", "/api/windows/5/call-next")
        assert step["number"] == "D002"
        for c in (office, clerk):
            await c.close()

    after = rows(path, "SELECT seq, at, kind, ticket, window, clerk, data FROM events "
                       "ORDER BY seq")
    assert after[:len(events)] == events  # every event kept as it was written
    assert rows(path, "SELECT kind, id, day, open, data FROM records ORDER BY kind, id"
                ) == records
    kept = rows(path, "SELECT token_hash, staff_no, role, window, created_at FROM sessions "
                      "ORDER BY token_hash")
    assert {s[0] for s in sessions} <= {s[0] for s in kept}


async def test_a_second_start_finds_nothing_to_do(tmp_path: Path) -> None:
    path = release_db(tmp_path)
    first = migrations.migrate(path)
    assert (first.before, first.after, first.new) == (0, LATEST, False)
    again = migrations.migrate(path)
    assert (again.before, again.after) == (LATEST, LATEST)
    assert "last_seen" in {r[1] for r in rows(path, "PRAGMA table_info(sessions)")}


async def test_a_new_database_is_made_at_the_newest_version(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    done = migrations.migrate(path)
    assert (done.before, done.after, done.new) == (0, LATEST, True)
    assert header(path) == (LATEST, APPLICATION_ID)
    names = {r[0] for r in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names == set(migrations.TABLES)


async def test_a_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = release_db(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    before = path.read_bytes()
    with pytest.raises(SchemaError) as err:
        migrations.migrate(path)
    assert f"schema version {LATEST + 1}; this one knows up to {LATEST}" in str(err.value)
    assert "\n" not in str(err.value)
    assert path.read_bytes() == before
    with pytest.raises(SchemaError):
        await Store.open(path)
    assert holder(path) is None  # the refused open let go of the database


async def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    before = path.read_bytes()
    with pytest.raises(SchemaError, match="not Bianmin's"):
        migrations.migrate(path)
    assert path.read_bytes() == before


async def test_a_failing_step_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = release_db(tmp_path)

    def half_done(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE county_outbox (seq INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO county_outbox VALUES (1)")
        raise sqlite3.OperationalError("disk I/O error")

    steps = (*migrations.STEPS, Step(LATEST + 1, "a step that fails half-way", half_done))
    with pytest.raises(sqlite3.OperationalError):
        migrations.migrate(path, steps)
    assert header(path) == (0, 0)  # not even the steps before it
    names = {r[0] for r in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "county_outbox" not in names
    assert "last_seen" not in {r[1] for r in rows(path, "PRAGMA table_info(sessions)")}
    assert migrations.migrate(path).after == LATEST  # and it upgrades once the step is fixed


async def test_a_database_that_had_last_seen_without_a_version(tmp_path: Path) -> None:
    """Trees between the release and versions added the column by themselves."""
    path = release_db(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE sessions ADD COLUMN last_seen TEXT")
    assert migrations.migrate(path).after == LATEST


async def test_one_hub_at_a_time_on_a_database(tmp_path: Path) -> None:
    config = demo_config(tmp_path)
    store = await Store.open(config.database)
    try:
        assert holder(config.database) == f"the hub (process {os.getpid()})"
        with pytest.raises(DatabaseInUse, match="in use by the hub"):
            await Store.open(config.database)
        with pytest.raises(DatabaseInUse):
            HubLock.take(config.database, "a restore")
    finally:
        await store.close()
    assert holder(config.database) is None
    again = await Store.open(config.database)
    await again.close()

