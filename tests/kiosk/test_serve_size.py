"""`bianmin kiosk --serve` in headless Chromium: a font size large enough for the elderly,
chosen for the screen (portrait 1080x1920, landscape 1920x1080) or given by --font-size.
Screenshots of both go to the tests' artefacts folder."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import ARTIFACTS
from tests.hubfixture import KIOSK, RunningHub, free_port
from tests.waiting import WAIT

ROOT = Path(__file__).resolve().parents[2]


@contextlib.asynccontextmanager
async def served(hub: RunningHub, log: Path, *extra: str) -> AsyncIterator[str]:
    port = free_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bianmin", "kiosk", "--hub", hub.url, "--token", KIOSK,
        "--printer", "none", "--serve", str(port), "--log", str(log), *extra,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        await server.wait()


async def open_page(browser: Any, url: str, width: int, height: int) -> Any:
    page = await browser.new_page(viewport={"width": width, "height": height})
    for _ in range(int(WAIT * 10)):  # the server takes a moment to listen
        with contextlib.suppress(Exception):
            await page.goto(url)
            break
        await asyncio.sleep(0.1)
    await page.wait_for_function("document.body.classList.contains('-first-byte')",
                                 timeout=WAIT * 1000)
    return page


@pytest.mark.parametrize(("name", "width", "height", "size"),
                         [("portrait", 1080, 1920, 32), ("landscape", 1920, 1080, 26)])
async def test_the_font_size_fits_the_screen(hub: RunningHub, browser: Any, tmp_path: Path,
                                             name: str, width: int, height: int,
                                             size: int) -> None:
    log = tmp_path / "kiosk.log"
    async with served(hub, log) as url:
        page = await open_page(browser, url, width, height)
        chosen = await page.evaluate("document.getElementById('terminal').dataset.fontSize")
        assert int(chosen) == size  # twice textual-serve's 16 and more
        for _ in range(int(WAIT * 10)):  # the kiosk has drawn the hall
            if "ready" in (log.read_text() if log.exists() else ""):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # the hall's first frame reaches the browser
        ARTIFACTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / f"kiosk-{name}-{width}x{height}.png"))
        await page.close()


async def test_font_size_given(hub: RunningHub, browser: Any, tmp_path: Path) -> None:
    async with served(hub, tmp_path / "kiosk.log", "--font-size", "30") as url:
        page = await open_page(browser, url, 1080, 1920)
        assert "fontsize=30" in page.url
        chosen = await page.evaluate("document.getElementById('terminal').dataset.fontSize")
        assert int(chosen) == 30
        await page.close()
