"""Every program exits non-zero after an unhandled error, so a service manager restarts it:
the real command line in a process of its own, with one error injected (`tests/crash.py`).
The kiosk and the counter run with Textual's headless driver (no terminal here)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.hubfixture import KIOSK, RunningHub, demo_config

ROOT = Path(__file__).parents[1]
HEADLESS = {"TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver"}


async def crashed(target: str, *args: str) -> tuple[int, str]:
    """The exit code and output of `bianmin ARGS` with an error injected into `target`."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.crash", target, *args, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **HEADLESS})
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), 60)
    except TimeoutError:
        proc.kill()
        out, _ = await proc.communicate()
        raise AssertionError(f"still running after the error:\n{out.decode()}") from None
    assert proc.returncode is not None
    return proc.returncode, out.decode()


async def test_the_kiosk_after_an_error_in_a_worker(hub: RunningHub, tmp_path: Path) -> None:
    # The worker following the hub loads the kiosk's settings once the hub's snapshot came.
    code, out = await crashed("kiosk.app:KioskApp.load_device", "kiosk", "--hub", hub.url,
                              "--token", KIOSK, "--log", str(tmp_path / "kiosk.log"))
    assert code == 1, out
    assert "injected into kiosk.app:KioskApp.load_device" in out


async def test_the_counter_after_an_error_in_a_handler(hub: RunningHub) -> None:
    code, out = await crashed("counter.screens.signin:SignInScreen.on_mount", "counter",
                              "--hub", hub.url, "--window", "1")
    assert code == 1, out
    assert "injected into counter.screens.signin:SignInScreen.on_mount" in out


async def test_the_hub_when_it_cannot_start(tmp_path: Path) -> None:
    config = demo_config(tmp_path)
    code, out = await crashed("server.hub:Hub.tick", "serve", "--config", str(config.path),
                              "--port", "0")
    assert code == 1, out
    assert "injected into server.hub:Hub.tick" in out


async def test_the_display_launcher(tmp_path: Path) -> None:
    code, out = await crashed("display.launch:check_hub", "display", "--hub",
                              "http://127.0.0.1:9", "--print")
    assert code == 1, out
    assert "injected into display.launch:check_hub" in out
