"""Nothing acknowledged is ever lost: restarts, failed commits, midnight while down."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bianmin.client import HubError, new_request_id
from bianmin.wire.hall import HallClerk
from tests.hubfixture import KIOSK, Clock, RunningHub, running_hub


async def test_restart_loses_no_acknowledged_step(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        issued = await asyncio.gather(*[kiosk.issue_ticket("A", new_request_id())
                                        for _ in range(30)])
    clerk = await hub.clerk(1)
    called = await clerk.call_next(1)
    await clerk.start(called.id)
    seq_before = hub.hub.seq
    await hub.restart()
    # the clerk's session, the ticket in service and the numbering all survive
    queue = await clerk.window_queue(1, 100)
    assert len(queue.next) == 29
    assert queue.window.current is not None and queue.window.current.id == called.id
    assert hub.hub.seq == seq_before
    finished = await clerk.finish(called.id, "immediate")
    assert finished.owner == "1001" and finished.state == "done"
    async with hub.client(KIOSK) as kiosk:
        after = await kiosk.issue_ticket("A", new_request_id())
    assert after.number == "A031" and len({t.number for t in issued}) == 30
    await clerk.close()


async def test_retry_after_restart_returns_the_same_ticket(hub: RunningHub) -> None:
    rid = new_request_id()
    async with hub.client(KIOSK) as kiosk:
        first = await kiosk.issue_ticket("B", rid)
        await hub.restart()
        retry = await kiosk.issue_ticket("B", rid)
    assert retry.id == first.id and retry.number == "B001"


async def test_every_event_is_kept_in_the_store(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        t = await kiosk.issue_ticket("A", new_request_id())
    clerk = await hub.clerk(1)
    await clerk.call_next(1)
    await clerk.start(t.id)
    await clerk.finish(t.id, "returned", reason="不符合办理条件")
    await clerk.close()
    db = sqlite3.connect(hub.config.database)
    try:
        rows = db.execute("SELECT seq, kind, window, clerk FROM events ORDER BY seq").fetchall()
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        db.close()
    assert mode == "wal"
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    kinds = [r[1] for r in rows if r[1].startswith("ticket-")]
    assert kinds == ["ticket-issued", "ticket-called", "ticket-received", "ticket-finished"]
    assert rows[-1][2:] == (1, "1001")


async def test_a_failed_commit_acknowledges_nothing(hub: RunningHub) -> None:
    store = hub.hub.store
    real_commit = store.commit
    failures = 0

    async def broken(*args: Any, **kwargs: Any) -> None:
        nonlocal failures
        failures += 1
        raise sqlite3.OperationalError("disk I/O error")

    store.commit = broken  # type: ignore[method-assign]
    async with hub.client(KIOSK) as kiosk:
        try:
            await kiosk.issue_ticket("A", "will-fail-0001")
        except HubError as err:
            assert err.status == 0 and "请稍候" in err.message  # 503: try again
        else:
            raise AssertionError("a failed commit must not be acknowledged")
        assert failures == 1
        assert hub.hub.hall.ticket_for_request("will-fail-0001") is None
        store.commit = real_commit  # type: ignore[method-assign]
        ticket = await kiosk.issue_ticket("A", "will-fail-0001")
    assert ticket.number == "A001"  # the number of the failed attempt was not used up


async def test_midnight_while_the_hub_was_down(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 11, 27, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    async with running_hub(tmp_path, clock=clock) as hub:
        async with hub.client(KIOSK) as kiosk:
            old = await kiosk.issue_ticket("A", new_request_id())
        await hub.stop()
        clock.now += timedelta(hours=13)  # 09:00 the next morning
        await hub.start()
        async with hub.client(KIOSK) as kiosk:
            assert (await kiosk.ticket(old.id)).state == "expired"
            new = await kiosk.issue_ticket("A", new_request_id())
        assert new.number == "A001" and new.day == date(2026, 11, 28)


async def test_a_printer_in_fault_is_still_in_fault_after_a_restart(hub: RunningHub) -> None:
    async with hub.client(KIOSK) as kiosk:
        await kiosk.report_printer("paper-out", "纸已用完")
    await hub.restart()
    clerk = await hub.clerk(1)
    printers = (await clerk.hall(HallClerk)).printers
    assert [(p.device, p.status) for p in printers] == [("kiosk-1", "paper-out")]
    await clerk.close()
