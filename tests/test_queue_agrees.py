"""The counter orders its queue as the hub calls: random halls, driven through the domain,
sent over the wire as the hub sends them, and read back by the counter's queue view."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bianmin.domain import commands as cmd
from bianmin.domain.errors import DomainError
from bianmin.domain.types import Outcome, Priority, TicketState
from bianmin.mirror import HallMirror
from bianmin.wire.base import decode, encode
from bianmin.wire.hall import WindowPublic
from bianmin.wire.tickets import TicketStaff
from counter.queueview import window_queue
from server.present.hall import window_public
from server.present.tickets import ticket_staff
from tests.domainkit import MATTERS, WINDOWS, World

PREFIXES = sorted(MATTERS)
NUMBERS = sorted(WINDOWS)

Step = tuple[str, Any, Any]
issues = st.tuples(st.just("issue"), st.sampled_from(PREFIXES),
                   st.sampled_from([p for p in Priority if p is not Priority.URGENT]))
steps = st.one_of(
    issues, issues, issues, issues, issues,  # arrivals outnumber the rest: queues grow
    st.tuples(st.just("tick"), st.sampled_from([0, 0, 1, 59]), st.none()),
    # serve the next ticket at a window, then send it to another window or matter
    st.tuples(st.just("send"), st.sampled_from(NUMBERS),
              st.one_of(st.sampled_from(NUMBERS), st.sampled_from(PREFIXES))),
    st.tuples(st.just("urgent"), st.integers(0, 50), st.none()),
    st.tuples(st.just("no-show"), st.sampled_from(NUMBERS), st.none()),
    st.tuples(st.just("requeue"), st.integers(0, 50), st.none()),
    st.tuples(st.just("call-cancel"), st.sampled_from(NUMBERS), st.none()),
)


def clerk(window: int) -> str:
    return f"{1000 + window}"


def run(w: World, step: Step) -> None:
    """One step of a hall's day; refused steps (nobody waiting) raise `DomainError`."""
    kind, a, b = step
    waiting = sorted(t.id for t in w.hall.tickets.values() if t.state is TicketState.WAITING)
    missed = sorted(t.id for t in w.hall.tickets.values() if t.state is TicketState.MISSED)
    if kind == "issue":
        w.requests += 1
        w.do(cmd.IssueTicket(matter=a, priority=b, request_id=f"req-{w.requests:06d}"))
    elif kind == "tick":
        w.tick(seconds=a)
    elif kind in ("send", "no-show", "call-cancel"):
        (called,) = w.do(cmd.CallNext(window=a, clerk=clerk(a)))
        t = called.ticket_id
        assert t is not None
        if kind == "call-cancel":
            w.do(cmd.Cancel(ticket=t, clerk=clerk(a), window=a, reason="离开"))
        elif kind == "no-show":
            for _ in range(w.hall.catalog.rules.recalls_before_no_show):
                w.do(cmd.Recall(window=a, clerk=clerk(a), ticket=t))
            w.do(cmd.NoShow(window=a, clerk=clerk(a), ticket=t))
        else:
            w.do(cmd.Receive(window=a, clerk=clerk(a), ticket=t))
            target = {"to_window": b} if isinstance(b, int) else {"to_matter": b}
            try:
                w.do(cmd.Transfer(window=a, clerk=clerk(a), ticket=t, reason="转办", **target))
            except DomainError:  # not to itself: finish it rather than leave it at the window
                w.do(cmd.Finish(window=a, clerk=clerk(a), ticket=t, outcome=Outcome.CONSULTATION))
    elif kind == "urgent" and waiting:
        w.do(cmd.MakeUrgent(ticket=waiting[a % len(waiting)], clerk="1001", reason="特事特办"))
    elif kind == "requeue" and missed:
        w.do(cmd.Requeue(ticket=missed[a % len(missed)], clerk="1001"))


def counter_copy(w: World) -> HallMirror[TicketStaff]:
    """The hall as a counter holds it: the hub's views, through JSON."""
    hall = w.hall
    mirror: HallMirror[TicketStaff] = HallMirror()
    mirror.windows = {s.number: decode(encode(window_public(s, hall)), WindowPublic)
                      for s in hall.windows.values()}
    mirror.tickets = {t.id: decode(encode(ticket_staff(t, hall, w.now)), TicketStaff)
                      for t in hall.open_tickets()}
    return mirror


def agree(w: World) -> None:
    mirror = counter_copy(w)
    for number, rule in WINDOWS.items():
        shown = [t.id for t in window_queue(mirror, number)]
        assert shown == w.hall.queues.upcoming(rule, len(w.hall.queues))
        assert (shown[0] if shown else None) == w.hall.queues.next_for(rule)


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=30, max_size=120))
def test_the_counters_queue_is_the_order_the_hub_calls(script: list[Step]) -> None:
    w = World()
    for step in script:
        with contextlib.suppress(DomainError):  # nobody waiting: refused, as it should be
            run(w, step)
        agree(w)


def test_ties_are_broken_by_serial_not_by_the_numbers_letters() -> None:
    """B001, sent to matter A, and A002 wait in one class since the same second: the lower
    serial goes first, though `...-A002` sorts before `...-B001` as text."""
    w = World()
    w.do(cmd.IssueTicket(matter="A", request_id="r1"))
    w.do(cmd.IssueTicket(matter="B", request_id="r2"))
    b = w.hall.decide(cmd.CallNext(window=2, clerk="1002"), w.now)[0].ticket_id
    assert b is not None
    w.do(cmd.CallNext(window=2, clerk="1002"))
    w.receive(2, b)
    w.tick(minutes=5)
    w.do(cmd.Transfer(window=2, clerk="1002", ticket=b, to_matter="A", reason="转办"))
    (issued,) = w.do(cmd.IssueTicket(matter="A", request_id="r3"))
    a2 = issued.ticket_id
    assert a2 is not None
    for t in (b, a2):
        w.do(cmd.MakeUrgent(ticket=t, clerk="1001", reason="特事特办"))
    shown = [t.number for t in window_queue(counter_copy(w), 1)]
    assert shown == ["B001", "A002", "A001"]
    assert shown == [w.hall.tickets[t].number for t in w.hall.queues.upcoming(WINDOWS[1], 10)]
