"""Fixtures for the hall display: a real hub with a shared voice-clip cache. Headless
Chromium is the `browser` fixture of tests/conftest.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.display.helpers import voice_edit
from tests.hubfixture import RunningHub, running_hub


@pytest.fixture(scope="session")
def clip_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One voice-clip cache for the whole session: espeak-ng runs once per token."""
    return tmp_path_factory.mktemp("voice-cache")


@pytest.fixture
async def display_hub(tmp_path: Path, clip_cache: Path, request: pytest.FixtureRequest
                      ) -> AsyncIterator[RunningHub]:
    """Like the `hub` fixture, `@pytest.mark.hall_clock("09:00")` pins its time of day."""
    marker = request.node.get_closest_marker("hall_clock")
    async with running_hub(tmp_path, edit=voice_edit(clip_cache),
                           start=marker.args[0] if marker else None) as running:
        yield running
