"""A clerk's day put right, in the pure domain: corrections with their audit trail, the front
desk's moves, home visits served like tickets, and how the figures follow each."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bianmin.domain import appointments as ap
from bianmin.domain import commands as cmd
from bianmin.domain import corrections as cr
from bianmin.domain import events as ev
from bianmin.domain import office_commands as oc
from bianmin.domain import office_events as oe
from bianmin.domain.catalog import Catalog
from bianmin.domain.errors import DomainError
from bianmin.domain.figures import Figures
from bianmin.domain.types import Outcome, QueueClass, TicketState
from tests.domainkit import MATTERS, TZ, WINDOWS, World


def ask(w: World, ticket: str, clerk: str = "1001", **fields: object) -> list[ev.Event]:
    fields.setdefault("why", "误按即办件，应为承诺件")
    fields.setdefault("outcome", Outcome.PROMISED)
    if fields["outcome"] is Outcome.PROMISED:
        fields.setdefault("promised_date", date(2026, 12, 4))
    return w.do(cmd.AskCorrection(ticket=ticket, clerk=clerk, window=1,
                                  **fields))  # type: ignore[arg-type]


def decide(w: World, correction: str, approve: bool = True, decision: str = ""
           ) -> list[ev.Event]:
    return w.do(cmd.DecideCorrection(correction=correction, by="9001", approve=approve,
                                     decision=decision))


def finished(w: World, outcome: Outcome = Outcome.IMMEDIATE) -> str:
    w.issue("A")
    t = w.serve(1)
    w.tick(minutes=5)
    w.finish(1, t, outcome)
    return t


def figures(w: World, since: date, until: date) -> dict[tuple[str, str], dict[str, object]]:
    catalog = Catalog(MATTERS, WINDOWS, clerks={"1001": "甲"})
    rows = Figures(catalog, TZ, since, until).add(w.log).rows()
    return {(str(r["dimension"]), str(r["key"])): r for r in rows}


def test_an_approved_correction_changes_the_outcome_and_keeps_the_finish() -> None:
    w = World()
    t = finished(w)
    (asked,) = ask(w, t)
    assert isinstance(asked, ev.CorrectionRequested) and asked.correction == f"{t}-1"
    ticket = w.hall.tickets[t]
    assert ticket.outcome is Outcome.IMMEDIATE and ticket.correction == asked.correction
    w.tick(minutes=30)
    (done,) = decide(w, asked.correction)
    assert isinstance(done, ev.TicketCorrected)
    assert (done.was, done.outcome, done.clerk, done.by) == (
        Outcome.IMMEDIATE, Outcome.PROMISED, "1001", "9001")
    ticket = w.hall.tickets[t]
    assert ticket.outcome is Outcome.PROMISED and ticket.promise_open
    assert ticket.correction == "" and ticket.corrections == 1
    assert ticket.finished_at is not None and ticket.state is TicketState.DONE
    kinds = [e.kind for e in w.log if e.ticket_id == t]
    assert kinds[-3:] == ["ticket-finished", "correction-requested", "ticket-corrected"]
    record = w.hall.office.corrections[asked.correction]
    assert record.state == "approved" and record.was is Outcome.IMMEDIATE


@pytest.mark.parametrize(("clerk", "fields", "code"), [
    ("1002", {}, "not-yours"),
    ("1001", {"why": " "}, "why-required"),
    ("1001", {"outcome": Outcome.ESCALATED, "authority": "县局"}, "authority-days-required"),
    ("1001", {"outcome": Outcome.SUPPLEMENT, "missing_materials": ("结婚证",)},
     "unknown-material"),
])
def test_a_correction_is_checked_like_a_finish(clerk: str, fields: dict[str, object],
                                               code: str) -> None:
    w = World()
    t = finished(w)
    with pytest.raises(DomainError) as raised:
        ask(w, t, clerk, **fields)
    assert raised.value.code == code
    assert w.hall.tickets[t].correction == ""


def test_one_correction_waits_at_a_time_and_a_refusal_needs_words() -> None:
    w = World()
    t = finished(w)
    (asked,) = ask(w, t)
    with pytest.raises(DomainError) as twice:
        ask(w, t)
    assert twice.value.code == "correction-pending"
    with pytest.raises(DomainError) as bare:
        decide(w, asked.correction, approve=False)  # type: ignore[attr-defined]
    assert bare.value.code == "decision-required"
    (refused,) = decide(w, asked.correction, approve=False,  # type: ignore[attr-defined]
                        decision="办结类型无误")
    assert isinstance(refused, ev.CorrectionRefused)
    assert w.hall.tickets[t].outcome is Outcome.IMMEDIATE and not w.hall.tickets[t].correction
    with pytest.raises(DomainError) as again:
        decide(w, refused.correction)
    assert again.value.code == "correction-decided"
    (second,) = ask(w, t, outcome=Outcome.CONSULTATION, answer="已告知所需材料")
    assert second.correction == f"{t}-2"  # type: ignore[attr-defined]


def test_a_correction_that_changes_nothing_is_refused() -> None:
    w = World()
    t = finished(w)
    with pytest.raises(DomainError) as same:
        ask(w, t, outcome=Outcome.IMMEDIATE, note="重新提交")
    assert same.value.code == "correction-unchanged" and "原办结记录相同" in same.value.message
    w.issue("A")
    promised = w.serve(1)
    w.finish(1, promised, Outcome.PROMISED, promised_date=date(2026, 12, 4))
    with pytest.raises(DomainError) as same_day:
        ask(w, promised, promised_date=date(2026, 12, 4))
    assert same_day.value.code == "correction-unchanged"
    (moved,) = ask(w, promised, promised_date=date(2026, 12, 8), why="承诺办结日期填写有误")
    assert isinstance(moved, ev.CorrectionRequested) and moved.promised_date == date(2026, 12, 8)
    # Said as the field it puts right, not "承诺件 更正为 承诺件".
    record = w.hall.office.corrections[moved.correction]
    assert cr.describe(record) == "A002：承诺件，承诺办结日期更正为12月8日"
    assert cr.describe(replace(record, was=Outcome.IMMEDIATE)) == (
        "A002：即办件 更正为 承诺件（承诺12月8日办结）")
    materials = replace(record, was=Outcome.SUPPLEMENT, outcome=Outcome.SUPPLEMENT,
                        missing_materials=("居民身份证", "户口簿"))
    assert cr.describe(materials) == "A002：补充件，所缺材料更正为：居民身份证、户口簿"


def test_a_waiting_or_serving_ticket_cannot_be_corrected() -> None:
    w = World()
    w.issue("A")
    t = w.serve(1)
    with pytest.raises(DomainError) as raised:
        ask(w, t)
    assert raised.value.code == "not-finished"


def test_a_correction_to_immediate_is_overdue_by_the_ticket_s_own_times() -> None:
    w = World()
    w.issue("A")
    t = w.serve(1)
    w.tick(minutes=45)  # past 户籍's 30 minutes
    w.finish(1, t, Outcome.PROMISED, promised_date=date(2026, 12, 4))
    assert not w.hall.tickets[t].overdue and w.hall.tickets[t].promise_open
    (asked,) = ask(w, t, outcome=Outcome.IMMEDIATE)
    w.tick(days=1)
    (done,) = decide(w, asked.correction)  # type: ignore[attr-defined]
    assert isinstance(done, ev.TicketCorrected) and done.overdue
    assert w.hall.tickets[t].overdue and not w.hall.tickets[t].promise_open


def test_figures_follow_the_correction_on_the_finish_s_day() -> None:
    w = World()
    t = finished(w)
    finished(w, Outcome.CONSULTATION)
    (asked,) = ask(w, t)
    day = w.now.date()
    w.tick(days=2)  # approved two days later: it still counts with its finish
    decide(w, asked.correction)  # type: ignore[attr-defined]
    r = figures(w, day, day)
    for key in (("all", ""), ("window", "1"), ("clerk", "1001"), ("matter", "A")):
        row = r[key]
        assert (row["outcome_immediate"], row["outcome_promised"]) == (0, 1), key
        assert (row["outcome_consultation"], row["served"], row["corrections"]) == (1, 2, 1)
    later = figures(w, day + timedelta(days=2), day + timedelta(days=2))
    assert later.get(("all", ""), {}).get("corrections", 0) == 0


def test_the_front_desk_moves_a_waiting_ticket_keeping_its_place() -> None:
    w = World()
    first_b = w.issue("B")
    wrong = w.issue("A")  # the resident came for 社保 but pressed 户籍
    w.issue("B")
    w.tick(minutes=3)
    (moved,) = w.do(cmd.MoveTicket(ticket=wrong, clerk="9001", to_matter="b",
                                   reason="取号时选错事项"))
    assert isinstance(moved, ev.TicketMoved)
    assert (moved.from_matter, moved.to_matter) == ("A", "B")
    t = w.hall.tickets[wrong]
    assert t.queue_matter == "B" and t.number.startswith("A") and t.owner is None
    assert t.queue_class is QueueClass.NORMAL and w.hall.ahead(t) == 1
    assert w.call(2) == first_b
    assert w.call(3) == wrong  # before the 社保 ticket taken after it
    assert w.hall.tickets[wrong].owner is None
    r = figures(w, w.now.date(), w.now.date())
    assert r[("all", "")]["moved"] == 1 and r[("matter", "A")]["moved"] == 1


@pytest.mark.parametrize(("to", "reason", "code"), [
    ("A", "选错", "same-matter"), ("Z", "选错", "no-such-matter"), ("B", " ", "reason-required"),
])
def test_a_move_is_refused_with_reasons(to: str, reason: str, code: str) -> None:
    w = World()
    t = w.issue("A")
    with pytest.raises(DomainError) as raised:
        w.do(cmd.MoveTicket(ticket=t, clerk="9001", to_matter=to, reason=reason))
    assert raised.value.code == code


def test_only_a_waiting_ticket_is_moved() -> None:
    w = World()
    w.issue("A")
    t = w.call(1)
    with pytest.raises(DomainError) as raised:
        w.do(cmd.MoveTicket(ticket=t, clerk="9001", to_matter="B", reason="选错"))
    assert raised.value.code == "illegal-move"


def book_visit(w: World, clerk: str = "1001", day: date | None = None) -> str:
    booking = ap.Booking(code="K7P2QX", matter="A", day=day or w.now.date(),
                         slot="14:00-15:00", name="赵奶奶", phone="13700001111",
                         home_visit=True, address="青溪镇东村12号")
    w.do(oc.BookAppointment(booking=booking))
    w.do(oc.AssignHomeVisit(code="K7P2QX", clerk=clerk, by="9001"))
    return "K7P2QX"


def test_a_home_visit_is_served_and_finished_like_a_ticket() -> None:
    w = World()
    code = book_visit(w)
    issued, started = w.do(oc.StartHomeVisit(code=code, clerk="1001", window=1))
    assert isinstance(issued, ev.TicketIssued) and isinstance(started, oe.HomeVisitStarted)
    t = w.hall.tickets[issued.ticket]
    assert t.state is TicketState.SERVING and t.owner == "1001" and t.received_at == w.now
    assert t.device == ap.HOME_VISIT_DEVICE and w.hall.windows[1].current == t.id
    assert issued.ticket not in w.hall.queues
    assert w.do(oc.StartHomeVisit(code=code, clerk="1001", window=1)) == []  # a retry
    with pytest.raises(DomainError) as transfer:
        w.transfer(1, t.id, to_window=3)
    assert transfer.value.code == "home-visit"
    with pytest.raises(DomainError) as by_office:
        w.do(oc.CompleteHomeVisit(code=code, by="9001"))
    assert by_office.value.code == "visit-started"  # the clerk's finish records it
    w.tick(minutes=40)
    done = w.finish(1, t.id, Outcome.IMMEDIATE)
    assert [e.kind for e in done] == ["ticket-finished", "home-visit-completed"]
    assert done[0].overdue  # type: ignore[attr-defined]  # 户籍 allows 30 minutes
    assert w.hall.office.appointments[code].state == ap.DONE
    r = figures(w, w.now.date(), w.now.date())[("clerk", "1001")]
    assert (r["home_visits"], r["served"], r["overdue"]) == (1, 1, 1)
    assert t.received_at is not None and r["wait_mean"] is None  # a visit never waits
    assert r["service_mean"] == (w.now - t.received_at).total_seconds()


def test_a_home_visit_starts_on_its_day_for_its_clerk_at_a_free_window() -> None:
    w = World()
    code = book_visit(w, day=w.now.date() + timedelta(days=1))
    with pytest.raises(DomainError) as early:
        w.do(oc.StartHomeVisit(code=code, clerk="1001", window=1))
    assert early.value.code == "not-today"
    with pytest.raises(DomainError) as other:
        w.do(oc.StartHomeVisit(code=code, clerk="1002", window=2))
    assert other.value.code == "not-assigned-to-you"
    w.tick(days=1)
    w.issue("A")
    w.call(1)
    with pytest.raises(DomainError) as busy:
        w.do(oc.StartHomeVisit(code=code, clerk="1001", window=1))
    assert busy.value.code == "window-busy"
