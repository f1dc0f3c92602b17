"""Helpers for the display's tests (and its benchmark): programs they need, configuration
edits, tickets issued and served, the open page, WAV samples."""

from __future__ import annotations

import io
import re
import shutil
import wave
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bianmin.client import HubClient, new_request_id
from bianmin.wire.tickets import Step
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.browser import missing
from tests.hubfixture import DISPLAY, KIOSK, RunningHub

ARTIFACTS = BROWSER_ARTIFACTS / "display"


def need(program: str) -> str:
    """The program's path; skips the test without it (fails when CI requires it)."""
    found = shutil.which(program)
    if found is None:
        missing(program)
    assert found is not None
    return found


def voice_edit(clip_cache: Path, **voice: str) -> Callable[[str], str]:
    """An edit of the demo configuration: the shared clip cache, and other voice keys."""
    def edit(text: str) -> str:
        for key, value in {"cache_dir": f'"{clip_cache}"', **voice}.items():
            text, found = re.subn(rf"(?m)^#?\s*{key} = .*$", f"{key} = {value}", text, count=1)
            assert found, f"no key {key} in the sample configuration"
        return text
    return edit


async def issue(hub: RunningHub, matters: str) -> None:
    """One ticket per letter of `matters`, as a kiosk issues them."""
    async with hub.client(KIOSK) as kiosk:
        for matter in matters:
            await kiosk.issue_ticket(matter, new_request_id())


async def serve_next(clerk: HubClient, window: int) -> Step:
    """Call the next ticket, then serve and finish it so the window can call again."""
    ticket = await clerk.call_next(window)
    await clerk.start(ticket.id)
    await clerk.finish(ticket.id, "immediate")
    return ticket


async def open_display(browser: Any, hub: RunningHub, *, width: int = 1920, height: int = 1080,
                       query: str = "", token: str = DISPLAY, ready: bool = True) -> Any:
    """The display page, loaded (and holding the hall's snapshot unless `ready=False`).

    Errors thrown in the page are collected in `page.errors`."""
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.errors = errors
    await page.goto(f"{hub.url}/display?token={token}{query}")
    if ready:
        await page.wait_for_function("window.__display && window.__display.state.ready")
    return page


async def texts(page: Any, selector: str) -> list[str]:
    result: list[str] = await page.eval_on_selector_all(
        selector, "els => els.map(e => e.textContent.trim())")
    return result


async def heap(cdp: Any) -> int:
    """The page's JavaScript heap in use, after garbage collection (`cdp`: a CDP session)."""
    await cdp.send("HeapProfiler.collectGarbage")
    await cdp.send("HeapProfiler.collectGarbage")
    usage = await cdp.send("Runtime.getHeapUsage")
    return int(usage["usedSize"])


def samples(data: bytes) -> array[int]:
    """A 16-bit mono WAV file's samples."""
    with wave.open(io.BytesIO(data), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return array("h", w.readframes(w.getnframes()))
