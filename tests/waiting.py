"""Waiting on a Textual app under test. A wait polls the app until what the test waits for
has happened, letting the app run between looks; its timeout only stops a test that hangs,
far beyond what a slow or busy machine needs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

WAIT = 30.0


async def until(pilot: Pilot[Any], check: Callable[[], object], timeout: float = WAIT,
                what: str = "") -> None:
    """Let the app run until `check()` is true; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what or check}")
        await pilot.pause(0.02)


def shown(app: App[Any], kind: type[Screen[Any]]) -> bool:
    """A `kind` page is on top and has mounted: what its `on_mount` puts there is there (a
    page is on the screen stack a moment before that)."""
    return isinstance(app.screen, kind) and app.screen.is_mounted
