"""The counter's tests start many hubs: the demo configuration (whose PIN hashing is slow on
purpose) is written once per session and copied into each test's folder."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import pytest

from bianmin import sample
from bianmin.config import load
from tests.hubfixture import Clock, RunningHub, free_port


@pytest.fixture(scope="session")
def demo_toml(tmp_path_factory: pytest.TempPathFactory) -> str:
    path, _ = sample.write(tmp_path_factory.mktemp("demo"), demo=True)
    return path.read_text(encoding="utf-8")


@asynccontextmanager
async def quick_hub(
    folder: Path, toml: str, *, clock: Clock | None = None, edit: Callable[[str], str] | None = None
) -> AsyncIterator[RunningHub]:
    """`tests.hubfixture.running_hub`, from an already written demo configuration."""
    path = folder / "bianmin.toml"
    path.write_text(edit(toml) if edit else toml, encoding="utf-8")
    config = load(path)
    running = RunningHub(config, free_port(), clock or Clock(datetime.now(config.tz)), 3600.0)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def hub(tmp_path: Path, demo_toml: str) -> AsyncIterator[RunningHub]:
    async with quick_hub(tmp_path, demo_toml) as running:
        yield running
