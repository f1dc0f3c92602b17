"""The operations commands as a hall's IT contractor runs them: backup, restore, and a hub
that refuses a database it must not use, each failure one line and a non-zero exit."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sqlite3
import stat
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from server.migrations import APPLICATION_ID, LATEST
from tests.hubfixture import demo_toml, free_port

BIANMIN = [sys.executable, "-m", "bianmin"]
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
RELEASE_DB = Path(__file__).parent / "fixtures" / "release-4bddf39.db"


async def run(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *BIANMIN, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env=ENV)
    out, err = await proc.communicate()
    return proc.returncode or 0, out.decode(), err.decode()


def hall(folder: Path, port: int) -> Path:
    """A demo hall whose configuration listens on `port` (never the usual 8600)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bianmin.toml"
    path.write_text(demo_toml().replace("port = 8600", f"port = {port}"), encoding="utf-8")
    return path


@asynccontextmanager
async def serving(config: Path, port: int) -> AsyncIterator[asyncio.subprocess.Process]:
    proc = await asyncio.create_subprocess_exec(
        *BIANMIN, "serve", "--config", str(config), "--port", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=ENV)
    assert proc.stdout is not None
    try:
        seen = ""
        while "Ctrl+C" not in seen:
            line = await asyncio.wait_for(proc.stdout.readline(), 20)
            assert line, seen
            seen += line.decode()
        yield proc
    finally:
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 15) == 0


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bianmin: "), err
    return lines[0]


async def test_backup_and_restore_from_the_command_line(tmp_path: Path) -> None:
    port = free_port()
    config = hall(tmp_path / "hall", port)
    shutil.copyfile(RELEASE_DB, tmp_path / "hall" / "bianmin.db")
    backups = tmp_path / "backups"
    async with serving(config, free_port()):  # the hub runs (on another port) meanwhile
        code, out, err = await run("backup", str(backups), "--config", str(config))
        assert (code, err) == (0, "")
        # the fixture's 43 events, and the closing of its day by this hub's first batch
        counted = re.search(r": (\d+) events, 10 tickets, schema version 2\.", out)
        assert counted and int(counted.group(1)) > 43 and str(backups) in out
        (copy,) = backups.iterdir()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        code, out, err = await run("restore", str(copy), "--config", str(config))
        assert code == 1 and out == ""
        assert "in use by the hub (process" in one_line(err)
    code, out, err = await run("restore", str(copy), "--config", str(config))
    assert (code, err) == (0, "")
    assert f"{counted.group(1)} events, 10 tickets" in out
    assert out.startswith("Restored") and "before-restore-" in out


async def test_restore_refuses_while_something_answers_on_the_hubs_port(tmp_path: Path) -> None:
    port = free_port()
    config = hall(tmp_path / "hall", port)
    server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", port)
    try:
        code, _, err = await run("restore", str(RELEASE_DB), "--config", str(config))
    finally:
        server.close()
        await server.wait_closed()
    assert code == 1 and f"something answers on 127.0.0.1:{port}" in one_line(err)
    assert not (tmp_path / "hall" / "bianmin.db").exists()


async def test_backup_and_restore_failures_are_one_line(tmp_path: Path) -> None:
    config = hall(tmp_path / "hall", free_port())
    code, _, err = await run("backup", str(tmp_path / "b"), "--config", str(config))
    assert code == 1 and "no database at" in one_line(err)
    code, _, err = await run("backup", str(tmp_path / "b"), "--config", str(tmp_path / "x.toml"))
    assert code == 2 and "configuration error" in one_line(err)
    code, _, err = await run("backup", str(tmp_path / "b"), "--config", str(config), "--keep", "0")
    assert code == 2 and "--keep" in one_line(err)
    code, _, err = await run("restore", str(config), "--config", str(config))
    assert code == 1 and "cannot be read as a database" in one_line(err)


async def test_the_hub_refuses_a_newer_database_in_one_line(tmp_path: Path) -> None:
    config = hall(tmp_path / "hall", free_port())
    database = tmp_path / "hall" / "bianmin.db"
    shutil.copyfile(RELEASE_DB, database)
    with sqlite3.connect(database) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    code, out, err = await run("serve", "--config", str(config))
    assert code == 2 and out == ""
    assert f"newer Bianmin (schema version {LATEST + 1}" in one_line(err)


async def test_a_second_hub_on_one_database_is_refused(tmp_path: Path) -> None:
    config = hall(tmp_path / "hall", free_port())
    async with serving(config, free_port()) as first:
        code, out, err = await run("serve", "--config", str(config), "--port", str(free_port()))
        assert code == 1 and out == ""
        assert f"in use by the hub (process {first.pid})" in one_line(err)


async def test_make_demo_passes_the_port() -> None:
    # CI runs the suite from inside `make check`; a nested make would otherwise print
    # "Entering/Leaving directory" around the command we read.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    proc = await asyncio.create_subprocess_exec(
        "make", "--no-print-directory", "-n", "demo", "PORT=8700",
        cwd=Path(__file__).parents[1], env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    assert proc.returncode == 0
    assert out.decode().splitlines()[-1] == ".venv/bin/bianmin demo --port 8700"


async def test_the_demo_banner_names_the_browser_kiosk(tmp_path: Path) -> None:
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        *BIANMIN, "demo", "--dir", str(tmp_path), "--port", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=ENV)
    assert proc.stdout is not None
    try:
        banner = ""
        while "Ctrl+C" not in banner:
            line = await asyncio.wait_for(proc.stdout.readline(), 20)
            assert line, banner
            banner += line.decode()
    finally:
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 15) == 0
    assert (f"--token demo-kiosk --serve {port + 100}   (then open "
            f"http://127.0.0.1:{port + 100})") in banner
    assert f"http://127.0.0.1:{port}/rate/1?token=demo-rating" in banner
