"""Hub figures: durable issues per second, call-next per second, call-to-display latency at
200 WebSocket clients, and the hub's peak memory; then 1,000 live clients (`bench.fanout`):
all on the hall's feed, and a mix of screens and phones.

Run: `.venv/bin/python -m bench.hub` (or `make bench`). The hub runs in its own process on
loopback with the demo configuration; this process generates the load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from bench import fanout, wrk
from bench.common import ROOT, free_port, hub_process, summary_ms
from bench.rawhttp import RawConnection, RawWebSocket
from bianmin.client import new_request_id

MATTERS = "ABCDEFGHJ"
DISPLAY_TOKEN = "demo-display"
FANOUT_TICKETS = 420
DURATION = 3.0
WRK_SECONDS = 8.0


async def issue_rate(url: str, kiosks: int) -> tuple[float, int]:
    host, port = url.removeprefix("http://").split(":")
    done = 0
    stop = time.perf_counter() + DURATION
    matters = itertools.cycle(MATTERS)

    async def kiosk() -> None:
        nonlocal done
        conn = await RawConnection.open(host, int(port))
        try:
            while time.perf_counter() < stop:
                body = {"matter": next(matters), "request_id": new_request_id()}
                status, data = await conn.request("POST", "/api/tickets", body, "demo-kiosk")
                assert status == 201, data
                done += 1
        finally:
            await conn.close()

    start = time.perf_counter()
    await asyncio.gather(*[kiosk() for _ in range(kiosks)])
    return done / (time.perf_counter() - start), done


async def clerk_tokens(url: str, s: aiohttp.ClientSession) -> dict[int, str]:
    tokens = {}
    for n in range(1, 9):
        async with s.post(url + "/api/login",
                          json={"staff_no": f"100{n}", "pin": "123456", "window": n}) as r:
            tokens[n] = (await r.json())["token"]
    return tokens


async def call_rate(url: str, tokens: dict[int, str]) -> float:
    host, port = url.removeprefix("http://").split(":")
    calls = 0
    stop = time.perf_counter() + DURATION

    async def window(n: int) -> None:
        nonlocal calls
        conn = await RawConnection.open(host, int(port))
        try:
            while time.perf_counter() < stop:
                status, data = await conn.request("POST", f"/api/windows/{n}/call-next",
                                                  None, tokens[n])
                if status == 404:
                    return
                calls += 1
                ticket = json.loads(data)
                await conn.request("POST", f"/api/tickets/{ticket['id']}/cancel",
                                   {"reason": "bench"}, tokens[n])
        finally:
            await conn.close()

    start = time.perf_counter()
    await asyncio.gather(*[window(n) for n in tokens])
    return calls / (time.perf_counter() - start)


async def fanout_latency(url: str, token: str, clients: int, calls: int
                         ) -> tuple[list[float], list[float], list[float]]:
    """For each call: the time to the clerk's answer, and to the first and to the last of
    `clients` displays."""
    host, port = url.removeprefix("http://").split(":")
    path = "/api/ws?token=demo-display"
    sockets = [await RawWebSocket.open(host, int(port), path) for _ in range(clients)]
    for ws in sockets:
        await ws.frame()  # the snapshot
    conn = await RawConnection.open(host, int(port))
    firsts: list[float] = []
    lasts: list[float] = []
    answers: list[float] = []

    async def arrival(ws: RawWebSocket, want: bytes) -> float:
        while True:
            payload = await ws.frame()
            if b'"kind":"ticket-called"' in payload and want in payload:
                return time.perf_counter()

    for _ in range(calls):
        t0 = time.perf_counter()
        status, data = await conn.request("POST", "/api/windows/1/call-next", None, token)
        answers.append(time.perf_counter() - t0)
        assert status == 200, data
        want = json.loads(data)["id"].encode()
        arrivals = await asyncio.gather(*[arrival(ws, want) for ws in sockets])
        firsts.append(min(arrivals) - t0)
        lasts.append(max(arrivals) - t0)
        await conn.request("POST", f"/api/tickets/{want.decode()}/cancel", {"reason": "bench"},
                           token)
    await conn.close()
    for ws in sockets:
        await ws.close()
    return answers, firsts, lasts


@contextlib.asynccontextmanager
async def baseline_process() -> AsyncIterator[tuple[str, int]]:
    """The trivial aiohttp JSON handler (`bench.baseline`) in its own process."""
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.baseline", str(port), cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.05)
        yield url, proc.pid
    finally:
        proc.terminate()
        await proc.wait()


async def side_by_side(connections: int) -> None:
    """The hub's durable issues beside a trivial aiohttp handler, same load, same machine."""
    async with baseline_process() as (url, pid):
        before = wrk.cpu_seconds(pid)
        plain = await wrk.issue_load(url, connections, WRK_SECONDS)
        plain_cpu = (wrk.cpu_seconds(pid) - before) / max(plain.requests, 1)
    async with hub_process() as hub:
        before = wrk.cpu_seconds(hub.pid)
        load = await wrk.issue_load(hub.url, connections, WRK_SECONDS)
        cpu = (wrk.cpu_seconds(hub.pid) - before) / max(load.requests, 1)
        assert load.non_2xx == 0, f"{load.non_2xx} issues refused"
    print(f"  with wrk, {connections} connections, {WRK_SECONDS:g} s each:")
    print(f"    trivial aiohttp JSON handler: {plain.rate:7.0f} answers/s, "
          f"{plain_cpu * 1000:.3f} ms CPU each")
    print(f"    hub, durable issues:          {load.rate:7.0f} issues/s,  "
          f"{cpu * 1000:.3f} ms CPU each ({load.rate / plain.rate:.0%} of the trivial rate)")


async def many_clients(hall_feeds: int, phones: int, calls: int, root: Path = ROOT) -> None:
    """The fan-out with 1,000 live clients: memory, and a call's way to the last of them."""
    async with hub_process(root=root) as hub:
        async with aiohttp.ClientSession() as s:
            tokens = await clerk_tokens(hub.url, s)
        host, port = hub.url.removeprefix("http://").split(":")
        conn = await RawConnection.open(host, int(port))
        issued = []
        for _ in range(FANOUT_TICKETS):
            status, data = await conn.request(
                "POST", "/api/tickets", {"matter": "A", "request_id": new_request_id()},
                "demo-kiosk")
            assert status == 201, data
            issued.append(json.loads(data)["id"])
        await conn.close()
        await asyncio.sleep(1)
        idle = fanout.rss_mib(hub.pid)
        # Phones follow the tickets still waiting after the calls, several for some.
        followed = issued[calls:]
        paths = ([f"/api/ws?token={DISPLAY_TOKEN}"] * hall_feeds
                 + [f"/api/tickets/{followed[i % len(followed)]}/live" for i in range(phones)])
        probes = await fanout.open_probes(hub.url, paths)
        await asyncio.sleep(1)
        connected = fanout.rss_mib(hub.pid)
        cpu = wrk.cpu_seconds(hub.pid)
        figures = await fanout.calls(hub, tokens[1], probes, calls)
        cpu = (wrk.cpu_seconds(hub.pid) - cpu) / calls
        during = fanout.rss_mib(hub.pid)
        peak = fanout.rss_mib(hub.pid, "VmHWM")
        for probe in probes:
            probe.close()
        await asyncio.sleep(1)
        after = fanout.rss_mib(hub.pid)
        clients = hall_feeds + phones
        print(f"  {clients} live clients ({hall_feeds} on the hall's feed: displays and window "
              f"screens; {phones} phones following {min(phones, len(followed))} tickets), "
              f"{FANOUT_TICKETS} tickets issued, {FANOUT_TICKETS - calls} waiting at the end:")
        print(f"    hub memory (RSS): {idle:.1f} MiB with no clients, {connected:.1f} MiB with "
              f"all connected ({(connected - idle) * 1024 / clients:.0f} KiB each), "
              f"{during:.1f} MiB after {calls} calls, peak {peak:.1f} MiB; "
              f"{after:.1f} MiB once they left")
        fanout.report(f"{calls} calls, one after another (the hub's CPU for each call and its "
                      f"cancel, broadcasts included: {cpu * 1000:.1f} ms):", figures, clients)


async def main(fanout_only: bool, root: Path) -> None:
    if fanout_only:
        print(f"Bianmin hub, 1,000 live clients (hub from {root})")
        await many_clients(1000, 0, 200, root)
        if root == ROOT:
            await many_clients(300, 700, 200)
        return
    print("Bianmin hub benchmark (hub in its own process, loopback, demo configuration,"
          " SQLite WAL synchronous=FULL)")
    if wrk.available():
        for connections in (32,):
            await side_by_side(connections)
    else:
        print("  (install Debian's wrk for the side-by-side figures: apt-get install wrk)")
    async with hub_process() as hub:
        issued = 0
        for kiosks in (1, 8, 32):
            rate, count = await issue_rate(hub.url, kiosks)
            issued += count
            print(f"  durable issues/s over HTTP, {kiosks:2d} concurrent kiosks: {rate:7.0f}")
        async with aiohttp.ClientSession() as s:
            tokens = await clerk_tokens(hub.url, s)
        rate = await call_rate(hub.url, tokens)
        print(f"  call-next/s with 8 windows (each call followed by a cancel): {rate:7.0f}")
        print(f"  hub peak RSS after those ({issued:,} tickets in the day): "
              f"{hub.peak_rss_mb():.1f} MiB")
    # A fresh hall of a realistic size for the fan-out: 220 waiting at window 1.
    async with hub_process() as hub:
        async with aiohttp.ClientSession() as s:
            tokens = await clerk_tokens(hub.url, s)
        host, port = hub.url.removeprefix("http://").split(":")
        conn = await RawConnection.open(host, int(port))
        for _ in range(220):
            await conn.request("POST", "/api/tickets",
                               {"matter": "A", "request_id": new_request_id()}, "demo-kiosk")
        await conn.close()
        answers, firsts, lasts = await fanout_latency(hub.url, tokens[1], 200, 200)
        print(f"  call-next to the clerk's answer, 200 WebSocket clients connected: "
              f"{summary_ms(answers)}")
        print(f"  call-next to arrival at the first of 200 WebSocket clients: "
              f"{summary_ms(firsts)}")
        print(f"  call-next to arrival at the last of 200 WebSocket clients:  "
              f"{summary_ms(lasts)}")
        print(f"  hub peak RSS with 200 WebSocket clients: {hub.peak_rss_mb():.1f} MiB")
    await many_clients(1000, 0, 200)
    await many_clients(300, 700, 200)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fanout-only", action="store_true",
                        help="only the part with 1,000 live clients")
    parser.add_argument("--tree", type=Path, default=ROOT,
                        help="run the hub from this source tree (e.g. an older commit's; "
                        "only the clients on the hall's feed then)")
    options = parser.parse_args()
    asyncio.run(main(options.fanout_only, options.tree.resolve()))
