"""The command line as a new user runs it: init, a bad configuration, serve, demo."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp

from tests.hubfixture import free_port
from tests.waiting import WAIT

BIANMIN = [sys.executable, "-m", "bianmin"]


async def run(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *BIANMIN, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode()


async def test_init_writes_a_configuration_and_prints_the_secrets(tmp_path: Path) -> None:
    code, out = await run("init", str(tmp_path / "hall"))
    assert code == 0 and "PIN" in out and "kiosk token" in out
    assert (tmp_path / "hall" / "bianmin.toml").exists()
    code, out = await run("init", str(tmp_path / "hall"))
    assert code == 1 and "not overwriting" in out


async def test_serve_refuses_a_wrong_configuration(tmp_path: Path) -> None:
    await run("init", str(tmp_path), "--demo")
    path = tmp_path / "bianmin.toml"
    path.write_text(path.read_text().replace('matters = ["D"]', 'matters = ["Q"]'))
    code, out = await run("serve", "--config", str(path))
    assert code == 2
    assert f"{path}:" in out and "windows[4].matters" in out and "unknown matter 'Q'" in out


async def test_demo_sets_up_and_serves(tmp_path: Path) -> None:
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        *BIANMIN, "demo", "--dir", str(tmp_path / "data"), "--port", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert proc.stdout is not None
    try:
        banner = ""
        while "Ctrl+C" not in banner:
            line = await asyncio.wait_for(proc.stdout.readline(), WAIT)
            assert line, banner
            banner += line.decode()
        assert "DEMO credentials" in banner and f"http://127.0.0.1:{port}" in banner
        async with aiohttp.ClientSession() as s, s.get(
            f"http://127.0.0.1:{port}/api/hall?token=demo-display"
        ) as resp:
            hall = await resp.json()
        assert resp.status == 200 and len(hall["windows"]) == 8
        assert (tmp_path / "data" / "bianmin.db").exists()
    finally:
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), WAIT) == 0


async def test_hash_pin(tmp_path: Path) -> None:
    code, out = await run("hash-pin", "24680")
    assert code == 0 and out.startswith("pbkdf2_sha256$")
    code, out = await run("hash-pin", "12")
    assert code == 2
