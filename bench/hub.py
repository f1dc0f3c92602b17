"""Hub figures: durable issues per second, call-next per second, call-to-display latency at
200 WebSocket clients, and the hub's peak memory.

Run: `.venv/bin/python -m bench.hub` (or `make bench`). The hub runs in its own process on
loopback with the demo configuration; this process generates the load.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time

import aiohttp

from bench.common import hub_process, summary_ms
from bench.rawhttp import RawConnection
from bianmin.client import new_request_id

MATTERS = "ABCDEFGHJ"
DURATION = 3.0


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
    calls = 0
    stop = time.perf_counter() + DURATION
    async with aiohttp.ClientSession() as s:

        async def window(n: int) -> None:
            nonlocal calls
            auth = {"Authorization": f"Bearer {tokens[n]}"}
            while time.perf_counter() < stop:
                async with s.post(f"{url}/api/windows/{n}/call-next", headers=auth) as r:
                    if r.status == 404:
                        return
                    ticket = await r.json()
                calls += 1
                async with s.post(f"{url}/api/tickets/{ticket['id']}/cancel", headers=auth,
                                  json={"reason": "bench"}) as r:
                    await r.read()

        start = time.perf_counter()
        await asyncio.gather(*[window(n) for n in tokens])
        return calls / (time.perf_counter() - start)


async def fanout_latency(url: str, token: str, clients: int, calls: int) -> list[float]:
    ws_url = url.replace("http", "ws") + "/api/ws?token=demo-display"
    latencies: list[float] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as s:
        sockets = [await s.ws_connect(ws_url) for _ in range(clients)]
        for ws in sockets:
            await ws.receive()  # snapshot
        auth = {"Authorization": f"Bearer {token}"}
        for _ in range(calls):
            t0 = time.perf_counter()
            async with s.post(f"{url}/api/windows/1/call-next", headers=auth) as r:
                ticket = await r.json()

            async def arrival(ws: aiohttp.ClientWebSocketResponse, want: str) -> float:
                while True:
                    data = json.loads((await ws.receive()).data)
                    if data.get("kind") == "ticket-called" and data["ticket"]["id"] == want:
                        return time.perf_counter()

            arrivals = await asyncio.gather(*[arrival(ws, ticket["id"]) for ws in sockets])
            latencies.append(max(arrivals) - t0)
            async with s.post(f"{url}/api/tickets/{ticket['id']}/cancel", headers=auth,
                              json={"reason": "bench"}) as r:
                await r.read()
        for ws in sockets:
            await ws.close()
    return latencies


async def main() -> None:
    print("Bianmin hub benchmark (hub in its own process, loopback, demo configuration,"
          " SQLite WAL synchronous=FULL)")
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
        lat = await fanout_latency(hub.url, tokens[1], 200, 200)
        print(f"  call-next to arrival at the last of 200 WebSocket clients: {summary_ms(lat)}")
        print(f"  hub peak RSS with 200 WebSocket clients: {hub.peak_rss_mb():.1f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
