"""Headless Chromium for tests: the Debian one at /usr/bin/chromium, driven by Playwright's
core (never `playwright install`). Without Chromium the browser tests are skipped, unless
BIANMIN_REQUIRE_BROWSER=1 (CI), when they fail."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
REQUIRED = os.environ.get("BIANMIN_REQUIRE_BROWSER") == "1"


def missing(what: str) -> None:
    """Skips the test for want of `what`, or fails it when CI requires everything."""
    if REQUIRED:
        pytest.fail(f"{what} is required (BIANMIN_REQUIRE_BROWSER=1) but not installed")
    pytest.skip(f"{what} is not installed")


async def launch() -> AsyncIterator[Any]:
    if not Path(CHROMIUM).exists():
        missing(CHROMIUM)
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()
