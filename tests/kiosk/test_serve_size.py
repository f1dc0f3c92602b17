"""`bianmin kiosk --serve` in headless Chromium: a font size large enough for the elderly,
chosen for the screen (portrait 1080x1920, landscape 1920x1080) or given by --font-size.
Screenshots of both go to the tests' artefacts folder."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bianmin.domain.types import Priority
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


async def cell_tap(page: Any, column: int, row: int, *, twice_after: float | None = None) -> None:
    """A tap (or a double tap, the second `twice_after` seconds later) on a cell of the
    served 56x44 kiosk, as a finger on the portrait screen."""
    box = await page.evaluate("""() => { const r = document.querySelector('.xterm-screen')
        .getBoundingClientRect(); return [r.width, r.height]; }""")
    x, y = (column + 0.5) * box[0] / 56, (row + 0.5) * box[1] / 44
    await page.mouse.click(x, y)
    if twice_after is not None:
        await asyncio.sleep(twice_after)
        await page.mouse.click(x, y)


async def at_home(page: Any) -> None:
    """Wait until the browser shows the home page (the orange of 优先通道's border, left of
    it), then for its touch guard to pass."""
    for _ in range(int(WAIT * 5)):
        shot = Image.open(io.BytesIO(await page.screenshot())).convert("RGB")
        if shot.getpixel((45, 322)) == (224, 138, 30):
            await asyncio.sleep(0.8)
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the home page did not come back")


async def more_tickets(tickets: dict[str, Any], before: int) -> None:
    for _ in range(int(WAIT * 10)):
        if len(tickets) > before:
            return
        await asyncio.sleep(0.1)


async def test_a_double_tap_in_the_browser_is_one_touch(hub: RunningHub, browser: Any,
                                                        tmp_path: Path) -> None:
    """At 1080x1920 (56x44 cells): a double tap on a matter issues one ticket at gaps of 0 and
    0.5 s, and one on 优先通道 or 投诉建议 leaves its page open (a matter touched on 优先通道
    then issues a priority ticket), as a finger does it in Chromium."""
    tickets = hub.hub.hall.tickets
    async with served(hub, tmp_path / "kiosk.log") as url:
        page = await open_page(browser, url, 1080, 1920)
        for gap in (0.0, 0.5):  # every gap between is tested in the terminal
            await at_home(page)
            before = len(tickets)
            await cell_tap(page, 13, 19, twice_after=gap)  # 户籍办理, under 一件事一次办
            await more_tickets(tickets, before)
            await asyncio.sleep(1.0)  # a second ticket would have come by now
            assert len(tickets) == before + 1, gap
            await asyncio.sleep(0.5)  # past the ticket page's guard
            await cell_tap(page, 28, 30)  # anywhere on the ticket page: home
        await at_home(page)
        before = len(tickets)
        await cell_tap(page, 28, 7, twice_after=0.3)  # 优先通道
        await asyncio.sleep(1.5)
        await cell_tap(page, 13, 10)  # 户籍办理 on the 优先通道 page
        await more_tickets(tickets, before)
        assert [t.priority for t in list(tickets.values())[before:]] == [Priority.PRIORITY]
        await asyncio.sleep(1.5)
        await cell_tap(page, 28, 30)
        await at_home(page)
        # 投诉建议 is at the bottom, where its page has 返回首页: the second tap must not
        # close it. Were it closed, a tap on its windows' grid would land on 户籍办理 and
        # issue a ticket.
        before = len(tickets)
        await cell_tap(page, 40, 41, twice_after=0.3)
        await asyncio.sleep(1.5)
        await cell_tap(page, 13, 19)
        await asyncio.sleep(1.5)
        assert len(tickets) == before
        await page.close()
