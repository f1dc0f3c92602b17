"""Benchmark: from call-next on the hub to the number in the hall display's DOM.

Starts a real hub on 127.0.0.1 (the demo hall, in a temporary folder, SQLite on disk) and the
display page in headless Chromium, then makes calls one after another through the HTTP API
(each ticket served and finished before the next call) and times each from just before the
call-next request to the moment the page puts the number on screen (a MutationObserver on the
big number, in the same wall clock). Prints p50, p99 and max. Then it makes many more calls
(through the hub's own writer, 8 windows at once) and prints the page's JavaScript heap
before and after, after garbage collection, and what the page holds.

Run: .venv/bin/python -m bench.display [--calls 200] [--heap-calls 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import HubHere, hub_in_process, percentile
from bianmin.client import HubClient, new_request_id
from bianmin.domain import commands as cmd
from bianmin.domain.errors import NotFound
from bianmin.domain.types import Outcome
from bianmin.sample import DEMO_DISPLAY_TOKEN, DEMO_KIOSK_TOKEN, DEMO_PIN

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

WATCH = """() => {
    window.__shown = [];
    const big = document.getElementById('now-number');
    new MutationObserver(() => window.__shown.push(
        [big.textContent, performance.timeOrigin + performance.now()]
    )).observe(big, {childList: true, characterData: true, subtree: true});
}"""
HOLDINGS = """() => {
    const d = window.__display;
    return {seq: d.state.seq, calls: d.state.calls.length, matters: d.state.matters.length,
            queue: d.announcer.queue.length, log: d.announcer.log.length,
            nodes: document.getElementsByTagName('*').length};
}"""
WINDOW_MATTER = {1: "A", 2: "B", 3: "F", 4: "C", 5: "D", 6: "E", 7: "G", 8: "J"}


async def open_display(browser: Any, hub: HubHere) -> Any:
    """The display page, muted, holding the hall's snapshot."""
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    await page.goto(f"{hub.url}/display?token={DEMO_DISPLAY_TOKEN}&muted=1")
    await page.wait_for_function("window.__display && window.__display.state.ready")
    return page


async def heap(cdp: Any) -> int:
    """The page's JavaScript heap in use, after garbage collection (`cdp`: a CDP session)."""
    await cdp.send("HeapProfiler.collectGarbage")
    await cdp.send("HeapProfiler.collectGarbage")
    usage = await cdp.send("Runtime.getHeapUsage")
    return int(usage["usedSize"])


async def time_calls(hub: HubHere, page: Any, calls: int
                     ) -> tuple[list[float], list[float]]:
    """Per call: ms to the number in the DOM, and ms to the hub's answer to call-next."""
    async with HubClient(hub.url, DEMO_KIOSK_TOKEN) as kiosk:
        for _ in range(calls):
            await kiosk.issue_ticket("A", new_request_id())
    clerk = HubClient(hub.url)
    await clerk.login("1001", DEMO_PIN, 1)
    await page.evaluate(WATCH)
    latencies: list[float] = []
    answered: list[float] = []
    try:
        for _ in range(calls):
            started = time.time() * 1000
            ticket = await clerk.call_next(1)
            answered.append(time.time() * 1000 - started)
            number = ticket.number
            await page.wait_for_function(
                f"window.__shown.some(([n]) => n === '{number}')", polling=5)
            shown = await page.evaluate(
                f"window.__shown.find(([n]) => n === '{number}')[1]")
            latencies.append(shown - started)
            await page.evaluate("window.__shown.length = 0")
            await clerk.start(ticket.id)
            await clerk.finish(ticket.id, "immediate")
    finally:
        await clerk.close()
    return latencies, answered


async def many_calls(hub: HubHere, calls: int) -> int:
    """About `calls` calls at 8 windows at once, through the hub's writer (no HTTP)."""
    core = hub.hub
    per_window = calls // len(WINDOW_MATTER)
    await asyncio.gather(*(
        core.execute(cmd.IssueTicket(matter=matter, request_id=new_request_id()))
        for matter in WINDOW_MATTER.values() for _ in range(per_window)
    ))
    for window in WINDOW_MATTER:
        await core.execute(cmd.SignIn(window=window, clerk=f"{1000 + window}", force=True))

    async def serve(window: int) -> int:
        clerk, made = f"{1000 + window}", 0
        while True:  # until nobody waits for this window any more
            try:
                [called] = await core.execute(cmd.CallNext(window=window, clerk=clerk))
            except NotFound:
                break
            ticket = called.event.ticket_id or ""
            await core.execute(cmd.Receive(window=window, clerk=clerk, ticket=ticket))
            await core.execute(cmd.Finish(window=window, clerk=clerk, ticket=ticket,
                                          outcome=Outcome.IMMEDIATE))
            made += 1
        return made

    return sum(await asyncio.gather(*(serve(w) for w in WINDOW_MATTER)))


async def main(calls: int, heap_calls: int) -> None:
    if not Path(CHROMIUM).exists():
        sys.exit(f"bench.display needs Chromium at {CHROMIUM}")
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as folder:
        async with hub_in_process(Path(folder)) as hub, async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = await open_display(browser, hub)
                cdp = await page.context.new_cdp_session(page)
                latencies, answered = await time_calls(hub, page, calls)
                for what, values in (("call-next to number in the page's DOM", latencies),
                                     ("call-next to the hub's answer (for scale)", answered)):
                    print(f"{what}, {len(values)} calls: "
                          f"p50 {statistics.median(values):.1f} ms, "
                          f"p99 {percentile(values, 99):.1f} ms, max {max(values):.1f} ms")
                if heap_calls:
                    before = await heap(cdp)
                    held_before = await page.evaluate(HOLDINGS)
                    began = time.monotonic()
                    made = await many_calls(hub, heap_calls)
                    await page.wait_for_function(
                        f"window.__display.state.seq === {hub.hub.seq}", timeout=600_000)
                    elapsed = time.monotonic() - began
                    after = await heap(cdp)
                    held_after = await page.evaluate(HOLDINGS)
                    print(f"page JS heap: {before / 1e6:.2f} MB before, {after / 1e6:.2f} MB "
                          f"after {made} more calls ({hub.hub.seq - held_before['seq']} events "
                          f"in {elapsed:.1f} s); growth {(after - before) / 1e3:+.1f} kB")
                    print(f"page holds before: {held_before}")
                    print(f"page holds after:  {held_after}")
            finally:
                await browser.close()


if __name__ == "__main__":
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--calls", type=int, default=200)
    args.add_argument("--heap-calls", type=int, default=10_000)
    options = args.parse_args()
    asyncio.run(main(options.calls, options.heap_calls))
