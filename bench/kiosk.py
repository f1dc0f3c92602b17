"""Kiosk: time from a touch on a matter to the ticket on screen, hub on loopback.

Starts a demo hub in its own process (so the kiosk does not share its event loop), runs the
kiosk headless with a network printer on a local socket, touches matters in turn and prints
p50/p99 of the time from the touch to the ticket page's first paint. A touch is delivered as
the terminal driver delivers it (mouse down, mouse up); Textual's Pilot waits for idle between
its events, which would add its own ~80 ms.

    .venv/bin/python -m bench.kiosk [--touches N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from textual import events
from textual.widget import Widget

from bench.common import hub_process, percentile
from bench.printer import SinkPrinter
from bianmin import sample
from bianmin.client import HubClient
from kiosk.app import KioskApp
from kiosk.screens.home import HomeScreen
from kiosk.screens.ticket import TicketScreen


def touch(app: KioskApp, widget: Widget) -> None:
    """Mouse down and up in the middle of `widget`, posted as the terminal driver posts them."""
    region = widget.region
    x, y = region.x + region.width // 2, region.y + region.height // 2
    for kind in (events.MouseDown, events.MouseUp):
        app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


def line(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{name}: p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
            f"mean {statistics.fmean(ms):.1f} ms, max {max(ms):.1f} ms, n={len(ms)}")


async def run(touches: int, size: tuple[int, int]) -> None:
    async with hub_process() as hub, SinkPrinter() as printer:
        app = KioskApp(HubClient(hub.url, sample.DEMO_KIOSK_TOKEN), printer=printer.settings,
                       ticket_seconds=600)
        figures: list[float] = []
        cpu: list[float] = []
        async with app.run_test(size=size) as pilot:
            while not (app.online and app.printer.printer is not None):
                await pilot.pause(0.05)
            await pilot.pause(0.3)
            home = app.screen
            assert isinstance(home, HomeScreen)
            await asyncio.sleep(max(0.0, home.touchable_at - time.monotonic()))
            matters = list(app.mirror.matters)
            for i in range(touches + 5):  # the first few warm up
                seen = app.tickets_shown
                button = app.screen.query_one(f"#matter-{matters[i % len(matters)]}")
                started, cpu_started = time.perf_counter(), time.process_time()
                touch(app, button)
                while app.tickets_shown == seen:
                    await asyncio.sleep(0.001)
                if i >= 5:
                    figures.append(app.shown_at - started)
                    cpu.append(time.process_time() - cpu_started)
                screen = app.screen
                assert isinstance(screen, TicketScreen)
                while screen.print_state == "printing":
                    await asyncio.sleep(0.002)
                left = time.monotonic()
                screen.dismiss()
                # Touches in a page's first moment are ignored, from when it has resumed: the
                # home page is on top a little before it has.
                while not (isinstance(app.screen, HomeScreen)
                           and app.screen.touchable_at > left + app.screen.guard_seconds):
                    await asyncio.sleep(0.001)
                await asyncio.sleep(app.screen.touchable_at - time.monotonic() + 0.1)
        print(f"kiosk at {size[0]}x{size[1]}, hub {hub.url} in its own process, "
              f"{printer.jobs} tickets printed to a local socket printer, "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(line("touch to ticket on screen", figures))
        print(line("kiosk CPU time per touch", cpu))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--touches", type=int, default=200)
    parser.add_argument("--size", default="80x24", help="terminal size, e.g. 160x48")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    asyncio.run(run(args.touches, (width, height)))


if __name__ == "__main__":
    main()
