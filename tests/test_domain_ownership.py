"""First-responder ownership across transfers, supervision, outcomes and their time limits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain.catalog import Rules
from bianmin.domain.errors import DomainError
from bianmin.domain.supervision import supervised
from bianmin.domain.types import Outcome, TicketState
from tests.domainkit import World


def test_owner_kept_across_two_transfers_and_listed_until_finished() -> None:
    w = World()
    t = w.issue("A")
    assert w.serve(1) == t
    assert w.hall.tickets[t].owner == "1001"
    w.transfer(1, t, to_window=3, reason="需综合窗口核实")
    assert w.call(3) == t
    w.receive(3, t)
    assert w.hall.tickets[t].owner == "1001"  # 1003 received it, but 1001 is first responder
    w.transfer(3, t, to_matter="B", reason="涉及社保")
    assert w.hall.tickets[t].transfers == 2 and w.hall.tickets[t].owner == "1001"

    (item,) = supervised(w.hall.tickets.values(), "1001", w.hall.catalog, w.now)
    assert item.ticket.id == t and item.where == "等候 社保医保" and not item.stalled
    assert supervised(w.hall.tickets.values(), "1003", w.hall.catalog, w.now) == []

    w.tick(minutes=25)
    (item,) = supervised(w.hall.tickets.values(), "1001", w.hall.catalog, w.now)
    assert item.stalled and item.minutes == 25

    assert w.serve(2) == t
    w.finish(2, t)
    (item,) = supervised(w.hall.tickets.values(), "1001", w.hall.catalog, w.now)
    assert item.finished_elsewhere and item.with_clerk == "1002"
    assert w.hall.tickets[t].owner == "1001"


def test_transfer_needs_a_target_and_a_reason() -> None:
    w = World()
    w.issue("A")
    t = w.serve(1)
    cases = [
        ({"to_window": 3, "reason": "  "}, "reason-required"),
        ({"reason": "转办"}, "target-required"),
        ({"to_window": 3, "to_matter": "B", "reason": "转办"}, "target-required"),
        ({"to_window": 1, "reason": "转办"}, "same-window"),
        ({"to_window": 42, "reason": "转办"}, "no-such-window"),
        ({"to_matter": "Z", "reason": "转办"}, "no-such-matter"),
    ]
    for fields, code in cases:
        with pytest.raises(DomainError) as raised:
            w.do(cmd.Transfer(window=1, clerk="1001", ticket=t, **fields))  # type: ignore[arg-type]
        assert raised.value.code == code, fields
        assert w.hall.tickets[t].state is TicketState.SERVING


def test_transferred_ticket_goes_to_the_front_of_the_target() -> None:
    w = World()
    w.issue("B")
    w.issue("B")
    w.issue("A")
    t = w.serve(1)
    w.transfer(1, t, to_matter="B")
    assert w.call(2) == t
    assert w.hall.tickets[t].number == "A001"  # keeps its number


def test_stall_event_tells_the_owner_once() -> None:
    w = World(Rules(stall_minutes=10))
    w.issue("A")
    t = w.serve(1)
    w.transfer(1, t, to_window=5)
    w.tick(minutes=9)
    assert w.do(cmd.CheckStalls()) == []
    w.tick(minutes=2)
    (e,) = w.do(cmd.CheckStalls())
    assert isinstance(e, ev.TicketStalled) and e.owner == "1001" and e.minutes == 11
    assert w.do(cmd.CheckStalls()) == []


@pytest.mark.parametrize(
    ("outcome", "fields", "code"),
    [
        (Outcome.PROMISED, {}, "promised-date-required"),
        (Outcome.PROMISED, {"promised_date": date(2026, 11, 1)}, "promised-date-past"),
        (Outcome.SUPPLEMENT, {}, "materials-required"),
        (Outcome.SUPPLEMENT, {"missing_materials": ("结婚证",)}, "unknown-material"),
        (Outcome.RETURNED, {"reason": " "}, "reason-required"),
        (Outcome.ESCALATED, {}, "authority-required"),
        (Outcome.ESCALATED, {"authority": "县公安局"}, "authority-days-required"),
        (Outcome.ESCALATED, {"authority": "县公安局", "authority_days": 366},
         "authority-days-required"),
    ],
)
def test_outcome_refused_without_what_it_needs(outcome: Outcome, fields: dict[str, object],
                                               code: str) -> None:
    w = World()
    w.issue("A")
    t = w.serve(1)
    with pytest.raises(DomainError) as raised:
        w.finish(1, t, outcome, **fields)
    assert raised.value.code == code
    assert w.hall.tickets[t].state is TicketState.SERVING


@pytest.mark.parametrize(
    ("outcome", "fields"),
    [
        (Outcome.CONSULTATION, {}),
        (Outcome.IMMEDIATE, {}),
        (Outcome.PROMISED, {"promised_date": date(2026, 12, 4)}),
        (Outcome.SUPPLEMENT, {"missing_materials": ("户口簿", "照片", "户口簿")}),
        (Outcome.RETURNED, {"reason": "不符合办理条件"}),
        (Outcome.PETITION, {}),
        (Outcome.ESCALATED, {"authority": "县公安局", "authority_days": 20}),
    ],
)
def test_each_outcome_with_its_fields(outcome: Outcome, fields: dict[str, object]) -> None:
    w = World()
    w.issue("A")
    t = w.serve(1)
    (e,) = w.finish(1, t, outcome, **fields)
    assert isinstance(e, ev.TicketFinished) and e.outcome is outcome
    if outcome is Outcome.SUPPLEMENT:
        assert e.missing_materials == ("户口簿", "照片")  # all at once, each once
    assert w.hall.tickets[t].state is TicketState.DONE
    assert w.hall.windows[1].current is None


def test_immediate_matter_over_thirty_minutes_is_overdue() -> None:
    w = World()
    w.issue("A")
    w.issue("A")
    quick = w.serve(1)
    w.tick(minutes=30)
    (e,) = w.finish(1, quick)
    assert isinstance(e, ev.TicketFinished) and not e.overdue
    slow = w.serve(1)
    w.tick(minutes=30, seconds=1)
    (e,) = w.finish(1, slow)
    assert isinstance(e, ev.TicketFinished) and e.overdue
    assert w.hall.tickets[slow].overdue


def test_events_round_trip_through_their_records() -> None:
    w = World()
    w.issue("A")
    t = w.serve(1)
    events = w.finish(1, t, Outcome.SUPPLEMENT, missing_materials=("户口簿",))
    events += w.do(cmd.Pause(window=1, clerk="1001", reason="临时离开"))
    for e in events:
        assert ev.from_record(ev.to_record(e)) == e


def test_promised_matter_followed_until_kept_and_counted_late() -> None:
    from bianmin.domain.figures import Figures

    w = World()
    w.issue("C")
    t = w.serve(5)
    promised = w.now.date() + timedelta(days=2)
    w.finish(5, t, Outcome.PROMISED, promised_date=promised)
    assert [p.id for p in w.hall.open_promises()] == [t]
    w.tick(days=3)
    w.hall.forget_before(w.now.date())
    assert t in w.hall.tickets  # kept in memory until the promise is kept
    (kept,) = w.do(cmd.KeepPromise(ticket=t, clerk="1005", note="已电话告知"))
    assert isinstance(kept, ev.PromiseKept) and kept.late
    assert w.hall.open_promises() == []
    with pytest.raises(DomainError) as raised:
        w.do(cmd.KeepPromise(ticket=t, clerk="1005"))
    assert raised.value.code == "promise-kept"
    w.hall.forget_before(w.now.date())
    assert t not in w.hall.tickets
    figures = Figures(w.hall.catalog, w.hall.tz, w.log[0].at.date(), kept.at.date())
    rows = {(r["dimension"], r["key"]): r for r in figures.add(w.log).rows()}
    assert rows[("window", "5")]["promises_late"] == 1
    assert rows[("clerk", "1005")]["promises_late"] == 1
    # The day it was kept alone: the ticket's earlier events only say whose it was.
    day_only = Figures(w.hall.catalog, w.hall.tz, kept.at.date(), kept.at.date()).add(w.log)
    rows = {(r["dimension"], r["key"]): r for r in day_only.rows()}
    assert rows[("window", "5")]["promises_late"] == 1 and rows[("all", "")]["issued"] == 0
