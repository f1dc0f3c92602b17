"""Fixtures for the hall display: a real hub with a shared voice-clip cache, and headless
Chromium (the Debian one at /usr/bin/chromium, driven by Playwright's core; never
`playwright install`). Without Chromium the browser tests are skipped, unless
BIANMIN_REQUIRE_BROWSER=1 (CI), when they fail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.display.helpers import CHROMIUM, CHROMIUM_ARGS, missing, voice_edit
from tests.hubfixture import RunningHub, running_hub


@pytest.fixture(scope="session")
def clip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One voice-clip cache for the whole session: espeak-ng runs once per token."""
    return tmp_path_factory.mktemp("voice-cache")


@pytest.fixture
async def display_hub(tmp_path: Path, clip_cache: Path) -> AsyncIterator[RunningHub]:
    async with running_hub(tmp_path, edit=voice_edit(clip_cache)) as running:
        yield running


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    if not Path(CHROMIUM).exists():
        missing(CHROMIUM)
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()
