"""A batch is all or nothing, in memory as on disk, whatever stage fails.

Each test lets one command of a batch of concurrent issues fail at one stage (deciding,
applying its events, building its frames, committing, broadcasting) and then checks that the
store, the hall and a restarted hub agree: every acknowledged ticket is there, nothing else,
and the failed request can simply be sent again.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from bianmin.client import HubError, HubUnavailable
from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain.hall import Hall
from bianmin.wire import live
from bianmin.wire.tickets import TicketPublic
from server import hub as hub_module
from server.present import events as present_events
from tests.hubfixture import KIOSK, RunningHub

BAD = "bad-neighbour-0001"


def stored_ticket_ids(hub: RunningHub) -> set[str]:
    db = sqlite3.connect(hub.config.database)
    try:
        rows = db.execute("SELECT id FROM tickets").fetchall()
        events = db.execute("SELECT ticket FROM events WHERE kind = 'ticket-issued'").fetchall()
    finally:
        db.close()
    ids = {r[0] for r in rows}
    assert ids == {r[0] for r in events}, "the tickets table and the event log disagree"
    return ids


def hall_state(hall: Hall) -> tuple[dict[str, Any], dict[int, Any], dict[str, str]]:
    return dict(hall.tickets), dict(hall.windows), dict(hall.requests)


async def issue_batch(hub: RunningHub, count: int) -> tuple[dict[str, str], list[BaseException]]:
    """Issue `count` tickets and the bad neighbour's at once; the acknowledged ones by request
    id, and what was refused."""
    async with hub.client(KIOSK) as kiosk:
        ids = [f"good-request-{i:04d}" for i in range(count)]
        ids.insert(count // 2, BAD)
        answers = await asyncio.gather(*[kiosk.issue_ticket("A", r) for r in ids],
                                       return_exceptions=True)
    acknowledged = {r: a.id for r, a in zip(ids, answers, strict=True)
                    if isinstance(a, TicketPublic)}
    refused = [a for a in answers if isinstance(a, BaseException)]
    return acknowledged, refused


async def check_agreement(hub: RunningHub, acknowledged: dict[str, str]) -> None:
    """Store, hall and a restarted hub hold exactly what was acknowledged."""
    assert set(acknowledged.values()) <= stored_ticket_ids(hub)
    assert set(hub.hub.hall.tickets) == stored_ticket_ids(hub)
    if BAD not in acknowledged:
        assert hub.hub.hall.ticket_for_request(BAD) is None
    before = hall_state(hub.hub.hall)
    seq = hub.hub.seq
    await hub.restart()
    assert hall_state(hub.hub.hall) == before
    assert hub.hub.seq == seq
    numbers = sorted(t.number for t in hub.hub.hall.tickets.values())
    assert numbers == [f"A{i:03d}" for i in range(1, len(numbers) + 1)], "a gap or a double"


async def retry_bad(hub: RunningHub) -> str:
    """With the fault gone the refused request goes through, once."""
    async with hub.client(KIOSK) as kiosk:
        first = await kiosk.issue_ticket("A", BAD)
        again = await kiosk.issue_ticket("A", BAD)
    assert first.id == again.id
    assert first.id in stored_ticket_ids(hub)
    return str(first.id)


def is_bad(command: object) -> bool:
    return isinstance(command, cmd.IssueTicket) and command.request_id == BAD


def issued_bad(event: object) -> bool:
    return isinstance(event, ev.TicketIssued) and event.request_id == BAD


async def run_with_fault(hub: RunningHub, monkeypatch: pytest.MonkeyPatch,
                         install: Callable[[pytest.MonkeyPatch], None]) -> None:
    with monkeypatch.context() as patch:
        install(patch)
        acknowledged, refused = await issue_batch(hub, 12)
    assert BAD not in acknowledged
    assert len(acknowledged) == 12, "a good command was poisoned by its bad neighbour"
    assert len(refused) == 1 and isinstance(refused[0], HubUnavailable)  # 503: retry
    await check_agreement(hub, acknowledged)
    acknowledged[BAD] = await retry_bad(hub)
    await check_agreement(hub, acknowledged)


async def test_a_decision_that_fails_half_way_leaves_nothing(
        hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Hall.decide

    def broken(self: Hall, command: cmd.Command, now: Any) -> list[ev.Event]:
        found = real(self, command, now)
        if is_bad(command):
            for event in found:  # a buggy rule that changes the hall, then fails
                self.apply(event)
            raise RuntimeError("injected: decide")
        return found

    await run_with_fault(hub, monkeypatch, lambda p: p.setattr(Hall, "decide", broken))


async def test_an_event_that_fails_to_apply_leaves_nothing(
        hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Hall.apply

    def broken(self: Hall, event: ev.Event) -> None:
        real(self, event)  # half applied: the ticket is in the hall
        if issued_bad(event):
            raise RuntimeError("injected: apply")

    await run_with_fault(hub, monkeypatch, lambda p: p.setattr(Hall, "apply", broken))


async def test_frames_that_cannot_be_built_leave_nothing(
        hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    real = present_events.frames

    def broken(seq: int, event: ev.Event, hall: Hall, now: Any) -> Any:
        if issued_bad(event):
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "injected: frame")
        return real(seq, event, hall, now)

    await run_with_fault(hub, monkeypatch, lambda p: p.setattr(hub_module, "frames", broken))


async def test_a_failed_commit_refuses_the_batch_and_keeps_nothing(
        hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    store = hub.hub.store
    real = store.commit
    failed: list[int] = []

    async def broken(first_seq: int, events: list[ev.Event], *args: Any, **kw: Any) -> None:
        if any(issued_bad(e) for e in events) and not failed:
            failed.append(len(events))
            raise sqlite3.OperationalError("injected: disk I/O error")
        await real(first_seq, events, *args, **kw)

    with monkeypatch.context() as patch:
        patch.setattr(store, "commit", broken)
        acknowledged, refused = await issue_batch(hub, 12)
    assert failed and BAD not in acknowledged
    # Everything sharing the failed transaction was refused, as retryable; the rest went in.
    assert len(refused) == failed[0] and all(isinstance(r, HubUnavailable) for r in refused)
    await check_agreement(hub, acknowledged)
    acknowledged[BAD] = await retry_bad(hub)
    await check_agreement(hub, acknowledged)


async def test_a_failed_broadcast_still_answers_and_clients_resync(
        hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    async with hub.client(KIOSK) as kiosk:
        feed = kiosk.live(live.PublicMessage, min_backoff=0.05, max_backoff=0.2)
        seen: list[object] = []
        snapshots = asyncio.Event()

        async def follow() -> None:
            async for message in feed:
                seen.append(message)
                if isinstance(message, live.PublicSnapshot):
                    snapshots.set()

        task = asyncio.create_task(follow())
        await asyncio.wait_for(snapshots.wait(), 10)
        snapshots.clear()

        def broken(messages: object) -> None:
            raise RuntimeError("injected: broadcast")

        with monkeypatch.context() as patch:
            patch.setattr(hub.hub.live, "publish", broken)
            acknowledged, refused = await issue_batch(hub, 12)
        assert refused == [] and len(acknowledged) == 13  # committed, so answered
        await asyncio.wait_for(snapshots.wait(), 10)  # the client started again from scratch
        last = next(m for m in reversed(seen) if isinstance(m, live.PublicSnapshot))
        waiting = {m.prefix: m.waiting for m in last.hall.matters}
        assert waiting["A"] == 13
        feed.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await check_agreement(hub, acknowledged)


async def test_a_store_that_cannot_be_read_refuses_until_it_can(
        hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure whose repair fails too: the writer refuses work, then recovers by itself."""
    real_commit, real_load = hub.hub.store.commit, hub.hub.store.load

    async def broken_commit(*args: Any, **kw: Any) -> None:
        raise sqlite3.OperationalError("injected: disk I/O error")

    async def broken_load(*args: Any, **kw: Any) -> Any:
        raise sqlite3.OperationalError("injected: cannot read")

    async with hub.client(KIOSK) as kiosk:
        with monkeypatch.context() as patch:
            patch.setattr(hub.hub.store, "commit", broken_commit)
            patch.setattr(hub.hub.store, "load", broken_load)
            for _ in range(2):
                with pytest.raises(HubError) as refused:
                    await kiosk.issue_ticket("A", BAD)
                assert refused.value.status == 0  # 503, retryable
        assert hub.hub.store.commit == real_commit and hub.hub.store.load == real_load
        ticket = await kiosk.issue_ticket("A", BAD)
    assert ticket.number == "A001"
    await check_agreement(hub, {BAD: ticket.id})
