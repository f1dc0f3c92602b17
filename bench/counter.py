"""Counter figures: from the clerk's key press (call next, through Pilot) to the call arriving
at a connected hall display (a LiveFeed on the display token); and, with the hub killed and
started again after a few seconds, from the hub answering again to the counter back in step.

Run: `.venv/bin/python -m bench.counter`. The hub runs in its own process on loopback with the
demo configuration; the counter app runs headless in this process, as does the display
client. Between calls a second client on the clerk's session finishes the ticket, so every
sample is a plain "call next" on an idle window.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from bench.common import free_port, hub_process, summary_ms
from bianmin.client import HubClient, LiveFeed, new_request_id
from bianmin.sample import DEMO_DISPLAY_TOKEN, DEMO_KIOSK_TOKEN, DEMO_PIN
from bianmin.wire.live import PublicEventMessage, PublicMessage, PublicSnapshot
from counter.app import CounterApp

SAMPLES = 200
WARMUP = 10
WINDOW = 1
RESTARTS = (1.0, 2.0, 4.0, 4.0, 6.0)  # how long the hub stays away, seconds


async def sign_in(pilot: Pilot[Any], staff_no: str) -> None:
    """Fill the sign-in form at once (typing it key by key costs a second) and press Enter."""
    screen = pilot.app.screen
    screen.query_one("#staff", Input).value = staff_no
    pin = screen.query_one("#pin", Input)
    pin.value = DEMO_PIN
    pin.focus()
    await pilot.press("enter")


async def wait_for(check: Any, timeout: float = 5.0) -> None:
    end = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > end:
            raise TimeoutError("the counter did not catch up")
        await asyncio.sleep(0.001)


async def calls(url: str, app: CounterApp, pilot: Pilot[Any], seen: dict[str, float]
                ) -> list[float]:
    assert app.desk is not None
    desk = app.desk
    latencies: list[float] = []
    async with HubClient(url, app.client.token) as helper:
        for i in range(SAMPLES + WARMUP):
            before = time.perf_counter()
            await pilot.press("c")
            await wait_for(lambda: desk.current() is not None)
            ticket = desk.current()
            assert ticket is not None
            await wait_for(lambda t=ticket.id: t in seen)
            if i >= WARMUP:
                latencies.append(seen[ticket.id] - before)
            await helper.start(ticket.id)
            await helper.finish(ticket.id, "immediate")
            await wait_for(lambda: desk.current() is None)
    return latencies


async def measure(folder: Path, port: int) -> tuple[list[float], list[float]]:
    hub = contextlib.AsyncExitStack()
    url = (await hub.enter_async_context(hub_process(folder, port))).url
    async with HubClient(url, DEMO_KIOSK_TOKEN) as kiosk:
        for _ in range(SAMPLES + WARMUP):
            await kiosk.issue_ticket("A", new_request_id())

    display = HubClient(url, DEMO_DISPLAY_TOKEN)
    seen: dict[str, float] = {}
    ready = asyncio.Event()

    async def watch() -> None:
        feed: LiveFeed[PublicMessage] = display.live(PublicMessage)
        async for message in feed:
            if isinstance(message, PublicSnapshot):
                ready.set()
            if (
                isinstance(message, PublicEventMessage)
                and message.kind == "ticket-called"
                and message.window is not None
                and message.window.number == WINDOW
                and message.ticket is not None
            ):
                seen[message.ticket.id] = time.perf_counter()

    watcher = asyncio.create_task(watch())
    app = CounterApp(url, WINDOW)
    back: list[float] = []
    try:
        await ready.wait()
        async with app.run_test(size=(110, 34)) as pilot:
            await sign_in(pilot, "1001")
            await wait_for(lambda: app.desk is not None and app.synced)
            latencies = await calls(url, app, pilot, seen)
            for away in RESTARTS:
                await hub.aclose()  # the hub is killed
                await wait_for(lambda: not app.synced)
                await asyncio.sleep(away)
                hub = contextlib.AsyncExitStack()
                await hub.enter_async_context(hub_process(folder, port))  # answers again
                answering = time.perf_counter()
                await wait_for(lambda: app.synced, timeout=30)
                back.append(time.perf_counter() - answering)
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        await display.close()
        await hub.aclose()
    return latencies, back


async def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bianmin-bench-") as tmp:
        latencies, back = await measure(Path(tmp), free_port())
    print(f"counter key press (call next) to the call on a display client: {summary_ms(latencies)}")
    print(f"hub killed, started again after {'/'.join(f'{a:g}' for a in RESTARTS)} s: from its "
          f"first answer to the counter back in step: {summary_ms(back)}, "
          f"max {max(back) * 1000:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
