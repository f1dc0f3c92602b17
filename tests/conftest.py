from __future__ import annotations

import fcntl
import importlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.browser import launch
from tests.hubfixture import RunningHub, running_hub

# Property tests are judged by what they find, not by how fast a busy machine runs them.
settings.register_profile("bianmin", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("bianmin")

# python-escpos leaves a temporary folder behind on every import unless this is set. Its
# first import writes a pickle there: under a lock, so that of two pytest-xdist workers one
# never reads it half written by the other.
ESCPOS = Path(__file__).parent / ".escpos"
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(ESCPOS))
ESCPOS.mkdir(exist_ok=True)
with (ESCPOS / "import.lock").open("w") as _lock:
    fcntl.flock(_lock, fcntl.LOCK_EX)
    importlib.import_module("escpos.capabilities")


@pytest.fixture
async def hub(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[RunningHub]:
    """A hub on a clock that stands still (see `tests/hubfixture.py`); a test about a time
    of day pins it with `@pytest.mark.hall_clock("09:00")`."""
    marker = request.node.get_closest_marker("hall_clock")
    async with running_hub(tmp_path, start=marker.args[0] if marker else None) as running:
        yield running


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """Headless Chromium (skipped without it, failed without it in CI)."""
    async for chromium in launch():
        yield chromium
