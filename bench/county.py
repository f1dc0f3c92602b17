"""County figures: many centers shipping their days into one PostgreSQL, and the county's
figures over 30 centers x 30 days.

Run: `.venv/bin/python -m bench.county` (PostgreSQL's programs must be installed: it starts a
private cluster with PostgreSQL's default, durable settings, and removes it afterwards).
`--quick` runs a small version of everything in about a minute.

1. Shipping, live. N demo hubs, each in its own process with its own SQLite, play a day at
   once (bench/dayplay.py, a hall minute in half a second): first without a county, then
   shipping to the county as they go, then with the county down (shipping when it is back).
   It prints the hubs' own issue latency in each case, the county's lag behind each hall
   (when PostgreSQL took an event, minus when the hall committed it), and how fast one
   PostgreSQL takes the backlog of all N halls at once.
2. Scale. 30 centers x 30 days, simulated by the hall's own pure code (bench/simday.py) in
   two worker processes, shipped through the same `ship` function, folded into daily tallies
   by two summarizers at once; then the county's figures over the 30 days are read, timed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import asyncpg

from bench import dayplay
from bench.common import ROOT, free_port, percentile
from bench.simday import simulate
from bianmin import sample
from bianmin.client import HubClient, new_request_id
from bianmin.config import load as load_hall
from bianmin.countylink import HELLO, SHIP
from county.config import CenterEntry, CountyConfig
from county.db import register
from county.figures import center_figures, centers, county_figures, rankings
from county.pgdev import Cluster, private_cluster
from county.schema import migrate
from county.summaries import summarize
from server.county import prepare
from server.store import dumps

TZ = ZoneInfo("Asia/Shanghai")


def ms(values: list[float]) -> str:
    v = [x * 1000 for x in values]
    return (f"p50 {percentile(v, 50):6.1f} ms, p99 {percentile(v, 99):6.1f} ms "
            f"(n={len(v)})")


# ----- 1. shipping, live -----------------------------------------------------------------------

@dataclass
class HubProc:
    url: str
    folder: Path
    process: asyncio.subprocess.Process

    def seq(self) -> int:
        with contextlib.closing(sqlite3.connect(self.folder / "bianmin.db")) as db:
            return int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0])


@contextlib.asynccontextmanager
async def hubs(base: Path, n: int, dsn: str | None) -> AsyncIterator[list[HubProc]]:
    """`n` demo hubs, each its own process; shipping to `dsn` as c01, c02, ... when given."""
    toml = sample.render(sample.credentials(demo=True), demo=True)
    started: list[HubProc] = []
    try:
        for i in range(1, n + 1):
            folder = base / f"c{i:02d}"
            folder.mkdir(parents=True)
            text = toml.replace("青溪镇便民服务中心", f"第{i}镇便民服务中心")
            if dsn:
                text += (f'\n[county]\ndatabase = "{dsn}"\ncenter_id = "c{i:02d}"\n'
                         "retry_seconds = 1.0\nbatch = 1000\n")
            (folder / "bianmin.toml").write_text(text, encoding="utf-8")
            port = free_port()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bianmin", "serve", "--config",
                str(folder / "bianmin.toml"), "--port", str(port),
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": str(ROOT)})
            started.append(HubProc(f"http://127.0.0.1:{port}", folder, proc))
        async with aiohttp.ClientSession() as s:
            for hub in started:
                for _ in range(600):
                    with contextlib.suppress(aiohttp.ClientError):
                        async with s.get(hub.url + "/api/openapi.json") as r:
                            if r.status == 200:
                                break
                    await asyncio.sleep(0.1)
        yield started
    finally:
        for hub in started:
            hub.process.terminate()
        for hub in started:
            await hub.process.wait()


async def play_all(procs: list[HubProc], residents: int, speed: float) -> tuple[list[float],
                                                                                float]:
    """Every hub plays a day at once; the issue latencies, and how long it took."""
    async def advance(seconds: float) -> None:
        await asyncio.sleep(seconds / speed)

    barrier = asyncio.Barrier(len(procs) + 1)
    playing = asyncio.gather(*(dayplay.play(p.url, advance, residents=residents, seed=i,
                                            ready=barrier.wait, timeout=120)
                               for i, p in enumerate(procs)))
    await barrier.wait()  # every clerk signed in everywhere: the day starts
    started = time.perf_counter()
    days = await playing
    return [s for d in days for s in d.issue_seconds], time.perf_counter() - started


async def backlog(procs: list[HubProc], tickets: int) -> None:
    """Each hub issues `tickets` more at once, as fast as its kiosk is answered."""
    async def kiosk(url: str) -> None:
        async with HubClient(url, sample.DEMO_KIOSK_TOKEN, timeout=120) as client:
            for i in range(tickets):
                await client.issue_ticket("ABCDEFGHJ"[i % 9], new_request_id())

    await asyncio.gather(*(kiosk(p.url) for p in procs))


async def county_database(cluster: Cluster, name: str, n: int) -> str:
    dsn = cluster.create_database(name)
    conn = await asyncpg.connect(dsn)
    try:
        await migrate(conn)
        await register(conn, [CenterEntry(f"c{i:02d}", f"第{i}镇") for i in range(1, n + 1)])
    finally:
        await conn.close()
    return dsn


async def shipped_total(dsn: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return int(await conn.fetchval("SELECT coalesce(sum(shipped_seq), 0) "
                                       "FROM bianmin.centers"))
    finally:
        await conn.close()


async def shipping(cluster: Cluster, n: int, residents: int, speed: float,
                   extra: int) -> None:
    print(f"1. {n} hubs, each in its own process, play a day at once "
          f"({residents} residents each, a hall minute in {60 / speed:.2f} s)")
    with tempfile.TemporaryDirectory(prefix="bianmin-bench-county-") as tmp:
        base = Path(tmp)
        async with hubs(base / "alone", n, None) as procs:
            alone, took = await play_all(procs, residents, speed)
        print(f"   no county:      issue {ms(alone)}, the day took {took:.1f} s")

        dsn = await county_database(cluster, "live", n)
        async with hubs(base / "live", n, dsn) as procs:
            live, took = await play_all(procs, residents, speed)
            total = sum(p.seq() for p in procs)
            for _ in range(600):
                if await shipped_total(dsn) >= total:
                    break
                await asyncio.sleep(0.1)
        conn = await asyncpg.connect(dsn)
        lags = [r[0] for r in await conn.fetch(
            "SELECT extract(epoch FROM received_at - at)::float8 FROM bianmin.events")]
        await conn.close()
        print(f"   shipping live:  issue {ms(live)}; {total:,} events, "
              f"{total / took:.0f} events/s from all hubs together")
        print(f"                   county lag behind the halls: p50 "
              f"{percentile(lags, 50) * 1000:.0f} ms, p99 {percentile(lags, 99) * 1000:.0f} ms, "
              f"max {max(lags) * 1000:.0f} ms")

        dsn = await county_database(cluster, "catchup", n)
        await asyncio.to_thread(cluster.stop)
        try:
            async with hubs(base / "down", n, dsn) as procs:
                down, took = await play_all(procs, residents, speed)
                await backlog(procs, extra)
                total = sum(p.seq() for p in procs)
                print(f"   county down:    issue {ms(down)}; with {extra} more tickets issued "
                      f"at each hall, {total:,} events wait in the halls")
                began = time.perf_counter()
                await asyncio.to_thread(cluster.start)
                while await shipped_total(dsn) < total:
                    await asyncio.sleep(0.05)
                took = time.perf_counter() - began
        finally:
            if not cluster.running():
                cluster.start()
        print(f"   county back:    all {n} halls caught up in {took:.1f} s from PostgreSQL's "
              f"start: {total / took:,.0f} events/s into one PostgreSQL")


# ----- 2. scale --------------------------------------------------------------------------------

def _load_center(dsn: str, center: str, seed: int, first: date, days: int, per_day: int,
                 config: str) -> tuple[int, float, float]:
    """In a worker process: simulate a center's days and ship them. (events, seconds
    simulating, seconds shipping)."""
    catalog = load_hall(config).catalog
    began = time.perf_counter()
    rows = [(seq, e.at.isoformat(), e.kind, e.ticket_id, e.window_number, e.clerk_no, dumps(e))
            for seq, e in enumerate(simulate(catalog, TZ, first, days, per_day, seed), 1)]
    simulated = time.perf_counter() - began

    async def ship() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            import msgspec

            await conn.fetchval(HELLO, center, f"{center}镇", "Asia/Shanghai",
                                msgspec.json.encode(catalog).decode(), len(rows), 1)
            for i in range(0, len(rows), 2000):
                b = prepare(rows[i:i + 2000], TZ, False)
                await conn.fetchval(SHIP, center, b.seqs, b.ats, b.days, b.kinds, b.tickets,
                                    b.windows, b.clerks, b.data, len(rows))
        finally:
            await conn.close()

    began = time.perf_counter()
    asyncio.run(ship())
    return len(rows), simulated, time.perf_counter() - began


def _summarize(dsn: str) -> int:
    async def run() -> int:
        conn = await asyncpg.connect(dsn)
        try:
            return await summarize(conn)
        finally:
            await conn.close()

    return asyncio.run(run())


async def scale(cluster: Cluster, n: int, days: int, per_day: int) -> None:
    print(f"2. {n} centers x {days} days, about {per_day} tickets a center a day")
    ids = [f"c{i:02d}" for i in range(1, n + 1)]
    dsn = cluster.create_database("scale")
    conn = await asyncpg.connect(dsn)
    await migrate(conn)
    await register(conn, [CenterEntry(c, f"第{i}镇") for i, c in enumerate(ids, 1)])
    await conn.close()
    first = date(2026, 10, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = sample.write(Path(tmp), demo=True)
        began = time.perf_counter()
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(2) as pool:
            done = pool.starmap(_load_center, [(dsn, c, i, first, days, per_day, str(path))
                                               for i, c in enumerate(ids)])
        loaded = time.perf_counter() - began
    events = sum(d[0] for d in done)
    ship_rate = events / sum(d[2] for d in done)
    print(f"   {events:,} events simulated and shipped in {loaded:.0f} s (2 processes); "
          f"ship() took {ship_rate:,.0f} events/s per connection")
    began = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        folded = sum(pool.map(_summarize, [dsn, dsn]))
    took = time.perf_counter() - began
    print(f"   {folded} center-days folded into tallies in {took:.0f} s by two summarizers "
          f"({folded / took:.1f} center-days/s)")

    config = CountyConfig(path=Path("county.toml"), name="清河县政务服务中心",
                          timezone="Asia/Shanghai", database=dsn,
                          centers={c: CenterEntry(c, f"第{i}镇") for i, c in enumerate(ids, 1)},
                          staff={})
    since, until = first, first + timedelta(days=days - 1)
    now = datetime.now(TZ)
    conn = await asyncpg.connect(dsn)
    try:
        size = await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
        tallies = await conn.fetchval("SELECT count(*) FROM bianmin.tallies")
        print(f"   database {size}; {tallies:,} tally rows")
        overview = [await _time(county_figures(conn, config, since, until, now))
                    for _ in range(9)]
        figures = await county_figures(conn, config, since, until, now)
        with_clerks = [await _time(county_figures(conn, config, since, until, now,
                                                  clerks=True)) for _ in range(5)]
        known = await centers(conn, config)
        one = [await _time(center_figures(conn, known["c01"], since, until, now))
               for _ in range(5)]
        ranked = rankings(figures)
    finally:
        await conn.close()
    county = next(r for r in figures.rows if r.dimension == "county")
    print(f"   the county's figures over {days} days ({county.issued:,} tickets, "
          f"{len(figures.rows)} rows: the county, each center, each window): "
          f"median {statistics.median(overview) * 1000:.0f} ms, max "
          f"{max(overview) * 1000:.0f} ms")
    print(f"   the same with each clerk too: median {statistics.median(with_clerks) * 1000:.0f} "
          f"ms; one center as its office reads it: median "
          f"{statistics.median(one) * 1000:.0f} ms")
    best = ranked.centers[0].rows[0]
    print(f"   (shortest median wait: {best.label}, {best.value:.0f} s; county median wait "
          f"{county.wait_median:.0f} s, p90 {county.wait_p90:.0f} s)")


async def _time(what: Awaitable[object]) -> float:
    began = time.perf_counter()
    await what
    return time.perf_counter() - began


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run, to see it works")
    parser.add_argument("--centers", type=int, default=30)
    parser.add_argument("--part", choices=("1", "2", "both"), default="both")
    args = parser.parse_args()
    n = 4 if args.quick else args.centers
    if shutil.which("runuser") is None and os.geteuid() == 0:
        sys.exit("runuser is needed to start PostgreSQL as root")
    print("Bianmin county benchmark (PostgreSQL 15, default durable settings, one machine: "
          f"{os.cpu_count()} cores shared by the hubs, PostgreSQL and this load)")
    with private_cluster(options="") as cluster:
        if args.part in ("1", "both"):
            await shipping(cluster, n, residents=10 if args.quick else 40, speed=120.0,
                           extra=50 if args.quick else 1000)
        if args.part in ("2", "both"):
            await scale(cluster, n, days=3 if args.quick else 30,
                        per_day=200 if args.quick else 680)


if __name__ == "__main__":
    asyncio.run(main())
