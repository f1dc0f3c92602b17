"""Snapshots of the desk with a ticket in service and of the finish form.

`snap_compare` runs the app in an event loop of its own, so the real hub runs in a thread
with its own loop. Both clocks are fixed: the hub's is moved by hand between steps, and the
app reads the hall's time from the hub's events.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from counter.app import CounterApp
from counter.screens.finish import FinishScreen
from counter.screens.transfer import TransferScreen
from tests.counter.kit import (
    FAST,
    SIZE,
    current_number,
    issue,
    sign_in,
    ticket_text,
    until,
    write,
)
from tests.hubfixture import Clock, RunningHub, running_hub

START = datetime.fromisoformat("2026-11-27T09:30:00+08:00")
APP_CLOCK = datetime.fromisoformat("2026-11-27T01:00:00+00:00")  # the app trusts the hub


@contextmanager
def hub_in_thread(folder: Path) -> Iterator[RunningHub]:
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    found: list[RunningHub] = []
    stop: list[asyncio.Event] = []

    async def serve() -> None:
        stop.append(asyncio.Event())
        async with running_hub(folder, clock=Clock(START, real=False)) as hub:
            found.append(hub)
            ready.set()
            await stop[0].wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    try:
        assert ready.wait(10), "hub did not start"
        yield found[0]
    finally:
        loop.call_soon_threadsafe(stop[0].set)
        thread.join(10)
        loop.close()


async def serving(pilot: Pilot[Any], hub: RunningHub) -> None:
    """Window 1: A001 transferred to window 8 ten minutes ago, A002 in service for 24
    minutes (near its 30-minute limit), three more waiting."""
    app = pilot.app
    assert isinstance(app, CounterApp)
    await issue(hub, "A", "A", "A", "A")
    await issue(hub, "A", priority="priority")
    await sign_in(pilot, "1001")
    await until(pilot, lambda: app.desk is not None and app.synced)
    await pilot.press("c")
    await until(pilot, lambda: current_number(app) == "A005")
    hub.clock.advance(minutes=2)
    await pilot.press("s")
    await until(pilot, lambda: "办理中" in ticket_text(app))
    await pilot.press("t")
    await until(pilot, lambda: isinstance(app.screen, TransferScreen))
    await pilot.press(*["down"] * 6, "enter")
    await write(pilot, "需综合服务台办理")
    await until(pilot, lambda: current_number(app) is None)
    hub.clock.advance(minutes=4)
    await pilot.press("c")
    await until(pilot, lambda: current_number(app) == "A001")
    hub.clock.advance(minutes=1)
    await pilot.press("s")
    await until(pilot, lambda: "办理中" in ticket_text(app))
    hub.clock.advance(minutes=24)
    await issue(hub, "A")  # an event carries the hub's new time to the app
    await until(pilot, lambda: "还剩 06:00" in ticket_text(app))
    await until(
        pilot, lambda: app.desk is not None and app.desk.query_one("#supervision").row_count == 1
    )  # type: ignore[attr-defined]
    await pilot.pause(0.2)


def snapshot_of(
    snap_compare: Callable[..., bool],
    tmp_path: Path,
    then: Callable[[Pilot[Any]], Any] | None = None,
) -> bool:
    with hub_in_thread(tmp_path) as hub:
        app = CounterApp(hub.url, 1, clock=lambda: APP_CLOCK, backoff=FAST)

        async def run_before(pilot: Pilot[Any]) -> None:
            await serving(pilot, hub)
            if then is not None:
                await then(pilot)

        return snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_desk_with_a_ticket_in_service(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    assert snapshot_of(snap_compare, tmp_path)


def test_finish_form_for_a_supplement(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    async def open_form(pilot: Pilot[Any]) -> None:
        await pilot.press("f")
        await until(pilot, lambda: isinstance(pilot.app.screen, FinishScreen))
        await pilot.press("down", "down", "enter", "space", "down", "down", "space")
        await pilot.pause(0.2)

    assert snapshot_of(snap_compare, tmp_path, open_form)
