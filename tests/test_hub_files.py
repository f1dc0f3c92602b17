"""The database holds residents' names and phones: its files are the hub's user's alone."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bianmin.client import new_request_id
from tests.hubfixture import KIOSK, running_hub


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """A umask that lets anyone read new files, as on a carelessly set-up machine."""
    before = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(before)


@pytest.mark.usefixtures("lax_umask")
async def test_a_new_database_and_its_wal_and_shm_are_0600(tmp_path: Path) -> None:
    async with running_hub(tmp_path) as hub:
        async with hub.client(KIOSK) as kiosk:
            await kiosk.issue_ticket("A", new_request_id())
            await kiosk.json("POST", "/api/complaints",
                                {"reason": "服务态度不好", "phone": "13812345678"})
        db = hub.config.database
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}


@pytest.mark.usefixtures("lax_umask")
async def test_an_existing_database_left_readable_is_made_0600_on_open(tmp_path: Path) -> None:
    async with running_hub(tmp_path) as hub:
        async with hub.client(KIOSK) as kiosk:
            await kiosk.issue_ticket("A", new_request_id())
        await hub.stop()
        db = hub.config.database
        companions = [db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal")]
        for f in (db, *companions):
            f.touch(exist_ok=True)
            f.chmod(0o644)
        await hub.start()
        assert {f.name: mode(f) for f in (db, *companions)} == {
            f.name: 0o600 for f in (db, *companions)}
        async with hub.client(KIOSK) as kiosk:  # and it still works
            assert (await kiosk.issue_ticket("A", new_request_id())).number == "A002"
