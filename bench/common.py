"""Helpers for benchmarks: a demo hub in its own process or in this one, percentiles, peak
memory. Benchmarks import the packages and this, never the tests."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp import web

from bianmin import sample
from bianmin.config import load
from server.app import create_app
from server.hub import Hub
from server.keys import HUB

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class HubProcess:
    url: str
    pid: int
    config: Path

    def peak_rss_mb(self) -> float:
        """The hub process's peak resident memory (VmHWM), in MiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


@contextlib.asynccontextmanager
async def hub_process(folder: Path | None = None, port: int | None = None, root: Path = ROOT
                      ) -> AsyncIterator[HubProcess]:
    """A demo hub in a separate process, so the load generator does not share its core; given
    a `folder` and `port` again, a restart of the same hub (same database, same address);
    `root`: the source tree it runs from (another commit's, to compare)."""
    with tempfile.TemporaryDirectory(prefix="bianmin-bench-") as tmp:
        base = folder or Path(tmp)
        path = base / "bianmin.toml"
        env = {**os.environ, "PYTHONPATH": str(root)}
        if not path.exists() and root == ROOT:
            sample.write(base, demo=True)
        elif not path.exists():  # that tree's own demo configuration, which it understands
            init = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bianmin", "init", str(base), "--demo",
                stdout=asyncio.subprocess.DEVNULL, env=env, cwd=root)
            await init.wait()
        port = port or free_port()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bianmin", "serve", "--config", str(path), "--port", str(port),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            env=env, cwd=root,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as s:
                for _ in range(200):
                    with contextlib.suppress(aiohttp.ClientError):
                        async with s.get(url + "/api/openapi.json") as r:
                            if r.status == 200:
                                break
                    await asyncio.sleep(0.05)
            yield HubProcess(url, proc.pid, path)
        finally:
            proc.terminate()
            await proc.wait()


@dataclass
class HubHere:
    """A demo hub in this process: its URL, and its core for driving it without HTTP."""

    url: str
    hub: Hub


@contextlib.asynccontextmanager
async def hub_in_process(folder: Path) -> AsyncIterator[HubHere]:
    """A demo hub on loopback in this process (the demo configuration written to `folder`)."""
    path, _ = sample.write(folder, demo=True)
    runner = web.AppRunner(create_app(load(path), tick=3600.0), handle_signals=False)
    await runner.setup()
    port = free_port()
    try:
        await web.TCPSite(runner, "127.0.0.1", port).start()
        yield HubHere(f"http://127.0.0.1:{port}", runner.app[HUB])
    finally:
        await runner.cleanup()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
            f"mean {statistics.fmean(ms):.1f} ms, n={len(ms)}")
