from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import launch
from tests.hubfixture import RunningHub, running_hub

# python-escpos leaves a temporary folder behind on every import unless this is set.
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(Path(__file__).parent / ".escpos"))


@pytest.fixture
async def hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    async with running_hub(tmp_path) as running:
        yield running


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """Headless Chromium (skipped without it, failed without it in CI)."""
    async for chromium in launch():
        yield chromium
