"""Snapshots of the desk with a ticket in service and of the finish form.

`snap_compare` runs the app in an event loop of its own, so the real hub runs in a thread
with its own loop. Both clocks are fixed: the hub's is moved by hand between steps, and the
app reads the hall's time from the hub's events. The hub starts three days early, when the
clerk made the promises (承诺件) its panel shows: one overdue, one due soon, one not yet.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable

from counter.app import CounterApp
from counter.screens.finish import FinishScreen
from counter.screens.transfer import TransferScreen
from counter.widgets.promise_panel import PromisePanel
from counter.widgets.supervision_panel import SupervisionPanel
from tests.counter.kit import (
    FAST,
    SIZE,
    current_number,
    issue,
    sign_in,
    ticket_text,
    write,
)
from tests.hubfixture import Clock, RunningHub, running_hub
from tests.waiting import shown, until

START = datetime.fromisoformat("2026-11-27T09:30:00+08:00")
APP_CLOCK = datetime.fromisoformat("2026-11-27T01:00:00+00:00")  # the app trusts the hub
EARLIER = 3  # days before START the hub starts, and the promises were made


@contextmanager
def hub_in_thread(folder: Path) -> Iterator[RunningHub]:
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    found: list[RunningHub] = []
    stop: list[asyncio.Event] = []

    async def serve() -> None:
        stop.append(asyncio.Event())
        clock = Clock(START - timedelta(days=EARLIER))
        async with running_hub(folder, clock=clock) as hub:
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


async def promised_earlier(hub: RunningHub) -> None:
    """Clerk 1001 promised three matters, due the day before START, the day after and a week
    after; then the hall's clock moves on to START."""
    clerk = await hub.clerk(1)
    try:
        for due in (-1, 1, 8):
            await issue(hub, "A")
            called = await clerk.call_next(1)
            await clerk.start(called.id)
            day = START.date() + timedelta(days=due)
            await clerk.finish(called.id, "promised", promised_date=day)
        await clerk.logout("下班")
    finally:
        await clerk.close()
    hub.clock.advance(days=EARLIER)


async def serving(pilot: Pilot[Any], hub: RunningHub) -> None:
    """Window 1: A001 transferred to window 8 ten minutes ago, A002 in service for 24
    minutes (near its 30-minute limit), three more waiting."""
    app = pilot.app
    assert isinstance(app, CounterApp)
    await promised_earlier(hub)
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
    await until(pilot, lambda: shown(app, TransferScreen))
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
    await until(pilot, lambda: rows_in(app, SupervisionPanel) == 1)
    await until(pilot, lambda: rows_in(app, PromisePanel) == 3)
    await until(pilot, lambda: sized(app, SupervisionPanel) and sized(app, PromisePanel),
                what="the tables' columns sized to their rows")
    # A table drawn before it sized its columns keeps those narrow lines until its size
    # changes (Textual's DataTable caches lines by the table's width, not its columns'); on
    # a busy machine that drawing happens. A resize and back draws every line afresh.
    await pilot.resize_terminal(SIZE[0] + 1, SIZE[1])
    await pilot.resize_terminal(*SIZE)
    await pilot.pause()


def rows_in(app: CounterApp, panel: type[DataTable[Any]]) -> int:
    return 0 if app.desk is None else app.desk.query_one(panel).row_count


def sized(app: CounterApp, panel: type[DataTable[Any]]) -> bool:
    """Each column of the table is as wide as its widest cell: a table sizes its columns when
    the app is next idle, and a busy machine may take a snapshot before that."""
    assert app.desk is not None
    table = app.desk.query_one(panel)
    rows = [table.get_row_at(r) for r in range(table.row_count)]
    return all(
        not column.auto_width
        or column.content_width >= max((cell_len(str(row[i])) for row in rows), default=0)
        for i, column in enumerate(table.ordered_columns)
    )


def snapshot_of(
    snap_compare: Callable[..., bool],
    tmp_path: Path,
    then: Callable[[Pilot[Any]], Any] | None = None,
    size: tuple[int, int] = SIZE,
) -> bool:
    with hub_in_thread(tmp_path) as hub:
        app = CounterApp(hub.url, 1, clock=lambda: APP_CLOCK, backoff=FAST)

        async def run_before(pilot: Pilot[Any]) -> None:
            await serving(pilot, hub)
            if then is not None:
                await then(pilot)

        return snap_compare(app, terminal_size=size, run_before=run_before)


def test_desk_with_a_ticket_in_service(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    assert snapshot_of(snap_compare, tmp_path)


def test_desk_in_the_smallest_terminal_it_supports(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    """100x30: every panel and every key on the footer's one line."""
    assert snapshot_of(snap_compare, tmp_path, size=(100, 30))


def test_finish_form_for_a_supplement(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    async def open_form(pilot: Pilot[Any]) -> None:
        await pilot.press("f")
        await until(pilot, lambda: isinstance(pilot.app.screen, FinishScreen))
        await pilot.press("down", "down", "enter", "space", "down", "down", "space")
        await pilot.pause(0.2)

    assert snapshot_of(snap_compare, tmp_path, open_form)
