"""Helpers for benchmarks: a demo hub in its own process, percentiles, peak memory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bianmin import sample
from tests.hubfixture import free_port

ROOT = Path(__file__).resolve().parents[1]


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
async def hub_process(folder: Path | None = None) -> AsyncIterator[HubProcess]:
    """A demo hub in a separate process, so the load generator does not share its core."""
    with tempfile.TemporaryDirectory(prefix="bianmin-bench-") as tmp:
        base = folder or Path(tmp)
        path = base / "bianmin.toml"
        if not path.exists():
            sample.write(base, demo=True)
        port = free_port()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bianmin", "serve", "--config", str(path), "--port", str(port),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
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
