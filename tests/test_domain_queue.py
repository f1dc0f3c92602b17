"""Queue order, numbering across midnight, and who a window may call."""

from __future__ import annotations

import pytest

from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain.errors import DomainError
from bianmin.domain.hall import DAY_ENDED
from bianmin.domain.numbering import format_number
from bianmin.domain.types import Priority, TicketState
from tests.domainkit import World

N, P, A, U = Priority.NORMAL, Priority.PRIORITY, Priority.APPOINTMENT, Priority.URGENT


@pytest.mark.parametrize(
    ("arrivals", "expected"),
    [
        # first come, first served within a class
        ([N, N, N], [0, 1, 2]),
        # priority before normal, appointment before priority, urgent before all
        ([N, P, A], [2, 1, 0]),
        ([N, N, P, N, P], [2, 4, 0, 1, 3]),
        ([A, N, U, P], [2, 0, 3, 1]),
    ],
)
def test_class_order_then_arrival(arrivals: list[Priority], expected: list[int]) -> None:
    w = World()
    issued = [w.issue("A", p) for p in arrivals]
    called = []
    for _ in arrivals:
        t = w.call(1)
        called.append(t)
        w.do(cmd.Cancel(ticket=t, clerk="1001", window=1, reason="测试"))
    assert called == [issued[i] for i in expected]


def test_transferred_in_comes_before_appointments_but_after_urgent() -> None:
    w = World()
    a_first = w.issue("A")
    w.issue("B", A)  # appointment waiting at B
    urgent = w.issue("B")
    w.do(cmd.MakeUrgent(ticket=urgent, clerk="1002", reason="特事特办"))
    w.serve(1)  # A001 at window 1 ...
    w.transfer(1, a_first, to_matter="B")  # ... transferred to the B queue
    order = []
    for _ in range(3):
        t = w.call(2)
        order.append(w.hall.tickets[t].queue_class.value)
        w.do(cmd.Cancel(ticket=t, clerk="1002", window=2, reason="测试"))
    assert order == ["urgent", "transferred", "appointment"]


def test_window_calls_only_matters_it_serves() -> None:
    w = World()
    w.issue("B")
    with pytest.raises(DomainError) as raised:
        w.call(1)  # window 1 serves only A
    assert raised.value.code == "queue-empty"
    assert w.hall.tickets[w.call(3)].matter == "B"


def test_first_come_across_matters_unless_strict_matter_order() -> None:
    w = World()
    a = w.issue("A")
    b = w.issue("B")
    assert w.call(3) == a  # window 3 serves A and B: earliest arrival first
    w2 = World()
    a = w2.issue("A")
    b = w2.issue("B")
    assert w2.call(4) == b  # window 4 serves B before A by configuration
    assert w2.hall.tickets[a].state is TicketState.WAITING


def test_strict_matter_order_never_beats_a_higher_class() -> None:
    w = World()
    w.issue("B")
    a = w.issue("A", P)
    assert w.call(4) == a


def test_ticket_transferred_to_a_window_waits_for_that_window_only() -> None:
    w = World()
    w.issue("A")
    t = w.serve(1)
    w.transfer(1, t, to_window=5, reason="需民政窗口核实")  # window 5 serves only C
    assert w.hall.tickets[t].target_window == 5
    with pytest.raises(DomainError):
        w.call(3)  # window 3 serves A, but the ticket waits for window 5
    assert w.call(5) == t


def test_ahead_counts_those_called_before() -> None:
    w = World()
    t1 = w.issue("A")
    t2 = w.issue("A")
    t3 = w.issue("A", P)
    hall = w.hall
    assert [hall.ahead(hall.tickets[t]) for t in (t1, t2, t3)] == [1, 2, 0]
    assert hall.waiting_by_matter()["A"] == 3


def test_numbers_are_per_matter_per_day_and_restart_after_midnight() -> None:
    w = World()
    w.now = w.now.replace(hour=23, minute=59, second=50)
    numbers = [w.hall.tickets[w.issue(m)].number for m in ("A", "A", "B")]
    assert numbers == ["A001", "A002", "B001"]
    w.tick(seconds=30)  # past midnight, local time
    after = w.issue("A")
    assert w.hall.tickets[after].number == "A001"
    assert after.startswith("20261128-")


def test_numbers_never_reused_the_same_day_even_after_cancel() -> None:
    w = World()
    t = w.issue("A")
    w.do(cmd.Cancel(ticket=t, clerk="9001", reason="群众离开"))
    assert w.hall.tickets[w.issue("A")].number == "A002"


def test_numbers_past_999_do_not_wrap() -> None:
    assert format_number("A", 7) == "A007"
    assert format_number("A", 1000) == "A1000"


def test_midnight_uses_the_configured_time_zone_not_utc() -> None:
    w = World()
    w.now = w.now.replace(hour=7, minute=59)  # 23:59 UTC on the 26th, already the 27th here
    assert w.issue("A").startswith("20261127-")


def test_day_end_expires_what_still_waits_and_keeps_what_is_served() -> None:
    w = World()
    called = w.issue("A")
    serving = w.issue("B")
    missed = w.issue("A")
    assert w.call(1) == called
    assert w.serve(2) == serving
    assert w.call(3) == missed
    for _ in range(2):
        w.do(cmd.Recall(window=3, clerk="1003", ticket=missed))
    w.do(cmd.NoShow(window=3, clerk="1003", ticket=missed))
    waiting = w.issue("A")
    w.tick(days=1)
    expired = {e.ticket_id for e in w.do(cmd.CloseDay()) if e.kind == "ticket-expired"}
    assert expired == {called, missed, waiting}
    assert w.hall.tickets[serving].state is TicketState.SERVING
    assert w.hall.windows[1].current is None
    assert w.do(cmd.CloseDay()) == []  # nothing twice


def test_idempotent_issue_by_request_id() -> None:
    w = World()
    first = w.do(cmd.IssueTicket(matter="A", request_id="same-request"))
    again = w.do(cmd.IssueTicket(matter="A", request_id="same-request"))
    assert len(first) == 1 and again == []
    assert w.hall.ticket_for_request("same-request") is not None
    assert len(w.hall.tickets) == 1


def test_unknown_matter_is_refused_politely() -> None:
    w = World()
    with pytest.raises(DomainError) as raised:
        w.do(cmd.IssueTicket(matter="Z", request_id="req-zzzzzz"))
    assert raised.value.kind.value == "invalid" and "请重新选择" in raised.value.message


def test_day_end_signs_out_clerks_left_signed_in_but_not_one_still_serving() -> None:
    w = World()
    serving = w.issue("B")
    assert w.serve(2) == serving
    called = w.issue("A")
    assert w.call(1) == called
    w.tick(hours=16)  # 01:00 the next day
    events = w.do(cmd.CloseDay())
    out = {e.window: e.reason for e in events if isinstance(e, ev.ClerkSignedOut)}
    assert set(out) == {1, 3, 4, 5} and set(out.values()) == {DAY_ENDED}
    assert w.hall.windows[1].clerk is None and w.hall.windows[1].current is None
    assert w.hall.windows[2].clerk == "1002" and w.hall.windows[2].current == serving
    # Window 2's clerk signs in again to finish: recorded, so a second closing the same day
    # (a restart of the hub) leaves them and the clerks who signed in today alone.
    assert [e.kind for e in w.do(cmd.SignIn(window=2, clerk="1002"))] == ["clerk-signed-in"]
    w.do(cmd.SignIn(window=1, clerk="1001"))
    w.tick(hours=3)
    assert w.do(cmd.CloseDay()) == []
    assert w.do(cmd.SignIn(window=2, clerk="1002")) == []  # the same day: nothing new
