"""Does the hall's voice keep up? A busy half hour, and a burst, through the real page.

A hub runs here (the demo hall, espeak-ng's clips) and the hall display in headless Chromium,
unmuted, its voice played `--speed` times faster so that half an hour takes a couple of minutes:
the page's own announcer decides what is said, when and how, on its real clips; only time is
compressed (every figure below is given back in the hall's seconds).

- Busy half hour: 8 windows, each calling its next ticket every 30 s (± 2 s) for 30 minutes.
- Burst: the 8 windows call at the same moment.

Residents: most watch the screen and reach the window 10 to 30 s after their call, whatever
the voice is doing; a third (`LISTENERS`) only hear it, and come 8 to 20 s after their call
starts being said. A clerk whose resident has not come 25 s after the call recalls once. The
clerk starts serving when the resident arrives and finishes before the window's next call.

Printed: from each call to the start of its announcement, p50 and p99; how many calls were
said (in the full form or briefly), dropped as no longer current (their resident had come
first), recalls collapsed; and how many calls still current were dropped (must be 0).

Run: `.venv/bin/python -m bench.voice [--speed 16] [--minutes 30]`
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import HubHere, hub_in_process, percentile
from bianmin.client import new_request_id
from bianmin.domain import commands as cmd
from bianmin.domain.types import Outcome, TicketState
from bianmin.sample import DEMO_DISPLAY_TOKEN

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
WINDOW_MATTER = {1: "A", 2: "B", 3: "F", 4: "C", 5: "D", 6: "E", 7: "G", 8: "J"}
EVERY = 30.0  # seconds between a window's calls
JITTER = 2.0
WATCH = (10.0, 30.0)  # a resident who watches the screen comes this long after the call
HEAR = (8.0, 20.0)  # one who listens, this long after the call starts being said
LISTENERS = 1 / 3
RECALL_AFTER = 25.0

# The page tells the bench when each announcement starts and what became of each call.
HOOK = """() => {
    const a = window.__display.announcer;
    const play = a.player.play.bind(a.player);
    a.player.play = async (tokens, text) => {
        const c = a.current;
        if (c && !c.told) { c.told = true; window.__started(c.seq, Date.now()); }
        return play(tokens, text);
    };
    const record = a.record.bind(a);
    a.record = (call, status, extra = {}) => {
        record(call, status, extra);
        window.__recorded(call.seq, call.ticket, status, extra.form || '', Date.now(),
                          (extra.ended || 0) - (extra.started || 0));
    };
}"""


@dataclass
class Call:
    seq: int
    ticket: str
    window: int
    at: float  # wall clock, ms, just before call-next
    listener: bool
    started: float | None = None  # when its announcement started (ms)
    status: str = ""
    form: str = ""
    dropped_at: float | None = None
    arrived: float | None = None  # when the resident reached the window (ms)


class Run:
    """One scenario: the page, the hub's writer, a simulated clock `speed` times faster."""

    def __init__(self, hub: HubHere, page: Any, speed: float, seed: int) -> None:
        self.hub, self.page, self.speed = hub, page, speed
        self.rnd = random.Random(seed)
        self.calls: dict[int, Call] = {}
        self.by_ticket: dict[str, Call] = {}
        self.starts: dict[int, asyncio.Event] = {}
        self.collapsed = 0
        self.took: dict[str, list[float]] = {}  # seconds each announcement took, by form
        self.t0 = time.monotonic()

    def started(self, seq: int, at: float) -> None:
        call = self.calls.get(seq)
        if call is not None and call.started is None:
            call.started = at
        self.starts.setdefault(seq, asyncio.Event()).set()

    def recorded(self, seq: int, ticket: str, status: str, form: str, at: float,
                 took: float) -> None:
        if took > 0:
            self.took.setdefault(form, []).append(took / 1000 * self.speed)
        if status == "collapsed":
            self.collapsed += 1
            return
        call = self.calls.get(seq)
        if call is None:  # a recall said on its own: counted with its ticket's call
            call = self.by_ticket.get(ticket)
            if call is None:
                return
        if status in ("clips", "speech"):
            call.status, call.form = call.status or "said", call.form or form
        elif not call.status:
            call.status, call.dropped_at = status, at

    def sim(self) -> float:
        return (time.monotonic() - self.t0) * self.speed

    async def until(self, sim_seconds: float) -> None:
        await asyncio.sleep(max(0.0, self.t0 + sim_seconds / self.speed - time.monotonic()))

    async def window(self, n: int, first: float, end: float) -> None:
        clerk = f"{1000 + n}"
        due = first
        while due < end:
            await self.until(due)
            at = time.time() * 1000
            [called] = await self.hub.hub.execute(cmd.CallNext(window=n, clerk=clerk))
            ticket = called.event.ticket_id or ""
            call = Call(called.seq, ticket, n, at, self.rnd.random() < LISTENERS)
            self.calls[called.seq] = call
            self.by_ticket[ticket] = call
            began = self.sim()
            if call.listener:
                heard = self.starts.setdefault(called.seq, asyncio.Event())
                recall = asyncio.create_task(self._recall(n, ticket, began))
                await heard.wait()
                arrive = self.sim() + self.rnd.uniform(*HEAR)
            else:
                recall = asyncio.create_task(self._recall(n, ticket, began))
                arrive = began + self.rnd.uniform(*WATCH)
            await self.until(arrive)
            recall.cancel()
            call.arrived = time.time() * 1000
            await self.hub.hub.execute(cmd.Receive(window=n, clerk=clerk, ticket=ticket))
            due = max(due + EVERY + self.rnd.uniform(-JITTER, JITTER), self.sim() + 2)
            await self.until(due - 1)
            await self.hub.hub.execute(cmd.Finish(window=n, clerk=clerk, ticket=ticket,
                                                  outcome=Outcome.IMMEDIATE))

    async def _recall(self, n: int, ticket: str, called: float) -> None:
        await self.until(called + RECALL_AFTER)
        if self.hub.hub.hall.tickets[ticket].state is TicketState.CALLED:
            await self.hub.hub.execute(cmd.Recall(window=n, clerk=f"{1000 + n}", ticket=ticket))

    async def settle(self) -> None:
        """Until the page has said or dropped every call."""
        await self.page.wait_for_function(
            f"window.__display.state.seq >= {self.hub.hub.seq} && "
            "window.__display.announcer.queue.length === 0 && !window.__display.announcer.current",
            timeout=600_000)

    def report(self, title: str) -> None:
        calls = list(self.calls.values())
        waits = [(c.started - c.at) / 1000 * self.speed for c in calls if c.started]
        said = [c for c in calls if c.status == "said"]
        ended = [c for c in calls if c.status == "ended"]
        # Dropped while still current: not said, and dropped before its resident came.
        wrong = [c for c in calls if c.status not in ("said", "ended")
                 or (c.status == "ended" and c.dropped_at is not None
                     and c.arrived is not None and c.dropped_at < c.arrived - 50)]
        full = sum(1 for c in said if c.form == "full")
        print(f"{title}: {len(calls)} calls")
        print(f"  call to the start of its announcement (hall seconds): "
              f"p50 {percentile(waits, 50):.1f} s, p99 {percentile(waits, 99):.1f} s, "
              f"max {max(waits):.1f} s (n={len(waits)})")
        took = ", ".join(f"{form} {statistics.fmean(v):.1f} s" for form, v in
                         sorted(self.took.items()))
        print(f"  an announcement takes, on average: {took}")
        print(f"  said: {len(said)} ({full} in the full form, {len(said) - full} briefly); "
              f"dropped as no longer current (resident already there): {len(ended)}; "
              f"recalls collapsed: {self.collapsed}; current calls dropped: {len(wrong)}")


async def prepare(hub: HubHere, page: Any, tickets: int) -> None:
    core = hub.hub
    # Window 8 serves J, A and B, first come first served: J's tickets come first, so that it
    # keeps to its own and each window has a ticket for every call.
    for matter in sorted(WINDOW_MATTER.values(), key=lambda m: m != "J"):
        for _ in range(tickets):
            await core.execute(cmd.IssueTicket(matter=matter, request_id=new_request_id()))
    for window in WINDOW_MATTER:
        await core.execute(cmd.SignIn(window=window, clerk=f"{1000 + window}", force=True))
    # Every clip the calls need is made and decoded first, as after a day's first call.
    await page.evaluate("""async () => {
        const d = window.__display;
        await Promise.all(Object.keys(d.settings().clips).filter((t) => !t.startsWith('en-'))
            .map((t) => d.player.buffer(t)));
    }""")
    await page.wait_for_function(f"window.__display.state.seq >= {core.seq}")


async def scenario(hub: HubHere, page: Any, speed: float, minutes: float, burst: bool,
                   seed: int) -> Run:
    run = Run(hub, page, speed, seed)
    page_hooks[0] = run
    if burst:
        await asyncio.gather(*(run.window(n, 0.0, 1.0) for n in WINDOW_MATTER))
    else:
        rnd = random.Random(seed)
        await asyncio.gather(*(run.window(n, rnd.uniform(0, EVERY), minutes * 60)
                               for n in WINDOW_MATTER))
    await run.settle()
    return run


page_hooks: list[Run | None] = [None]  # the scenario the page's reports go to


def started(seq: int, at: float) -> None:
    if page_hooks[0] is not None:
        page_hooks[0].started(int(seq), float(at))


def recorded(seq: int, ticket: str, status: str, form: str, at: float, took: float) -> None:
    if page_hooks[0] is not None:
        page_hooks[0].recorded(int(seq), str(ticket), str(status), str(form), float(at),
                               float(took))


async def main(speed: float, minutes: float) -> None:
    if not Path(CHROMIUM).exists():
        sys.exit(f"bench.voice needs Chromium at {CHROMIUM}")
    from playwright.async_api import async_playwright

    per_window = int(minutes * 60 / EVERY) + 12
    with tempfile.TemporaryDirectory() as folder:
        async with hub_in_process(Path(folder)) as hub, async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = await browser.new_context(viewport={"width": 1920, "height": 1080})
                page = await context.new_page()
                await page.expose_function("__started", started)
                await page.expose_function("__recorded", recorded)
                await page.goto(f"{hub.url}/display?token={DEMO_DISPLAY_TOKEN}&speed={speed:g}")
                await page.wait_for_function(
                    "window.__display && window.__display.state.ready"
                    " && Object.keys(window.__display.settings().clips || {}).length > 0")
                await page.evaluate(HOOK)
                await prepare(hub, page, per_window)
                print(f"Voice bench: the hall display in headless Chromium, its voice "
                      f"{speed:g} times faster; figures in the hall's time. Residents: "
                      f"{1 - LISTENERS:.0%} watch the screen (come {WATCH[0]:g}-{WATCH[1]:g} s "
                      f"after the call), {LISTENERS:.0%} listen (come {HEAR[0]:g}-{HEAR[1]:g} s "
                      f"after it starts being said); a recall after {RECALL_AFTER:g} s.")
                busy = await scenario(hub, page, speed, minutes, False, 1)
                busy.report(f"8 windows each calling every {EVERY:g} s for {minutes:g} min")
                await asyncio.sleep(2)  # the voice falls quiet: the burst starts a new run
                burst = await scenario(hub, page, speed, minutes, True, 2)
                burst.report("A burst of 8 calls at once")
            finally:
                await browser.close()


if __name__ == "__main__":
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--speed", type=float, default=16)
    args.add_argument("--minutes", type=float, default=30)
    options = args.parse_args()
    asyncio.run(main(options.speed, options.minutes))
