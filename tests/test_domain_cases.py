"""Bad ratings' cases and the month's assessment in the pure domain: no hub, a clock moved by
hand."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from bianmin.domain import office_commands as oc
from bianmin.domain import office_events as oe
from bianmin.domain.assessment import Assessment, rank
from bianmin.domain.errors import DomainError
from bianmin.domain.events import Event
from bianmin.domain.types import Outcome
from bianmin.domain.workdays import WorkCalendar
from tests.domainkit import TZ, World

HOLIDAY = date(2026, 12, 1)  # a made-up holiday, the Tuesday after T0's Friday


def world() -> World:
    w = World()
    catalog = dataclasses.replace(w.hall.catalog, heads={"社保": "9002"},
                                  calendar=WorkCalendar(holidays=frozenset({HOLIDAY})))
    w.hall.catalog = w.hall.office.catalog = catalog
    return w


def refusal(w: World, command: oc.RateTicket | oc.CloseCase | oc.CallBackCase) -> DomainError:
    try:
        w.do(command)
    except DomainError as err:
        return err
    raise AssertionError("accepted")


def case_of(events: list[Event]) -> str:
    """The case a bad rating opened."""
    (opened,) = [e for e in events if isinstance(e, oe.CaseOpened)]
    return opened.case


def served(w: World, window: int, matter: str) -> str:
    w.issue(matter)
    t = w.serve(window)
    w.tick(minutes=5)
    w.finish(window, t, Outcome.CONSULTATION)
    return t


def test_a_bad_rating_opens_a_case_for_the_head_due_in_working_days() -> None:
    w = world()  # Friday 27 November 2026
    t = served(w, 2, "B")
    events = w.do(oc.RateTicket(ticket=t, window=2, rating="very-unsatisfied",
                                points=("服务态度", "服务态度"), phone="13912345678"))
    rated, opened = events
    assert isinstance(rated, oe.TicketRated) and rated.points == ("服务态度",)
    assert isinstance(opened, oe.CaseOpened)
    # 15 working days from Friday 27th, Tuesday 1 December a holiday: 30, 2-4, 7-11, 14-18, 21
    assert opened.due == date(2026, 12, 21)
    assert (opened.assignee, opened.department, opened.clerk) == ("9002", "社保", "1002")
    case = w.hall.office.cases[opened.case]
    assert (case.points, case.phone, case.number) == (("服务态度",), "13912345678", "B001")
    other = served(w, 1, "A")
    (_, second) = w.do(oc.RateTicket(ticket=other, window=None, rating="unsatisfied",
                                     points=("服务效率",)))
    assert isinstance(second, oe.CaseOpened)
    assert second.assignee == "" and second.case.endswith("002")  # the office; the day's 2nd


def test_good_ratings_open_nothing_and_name_no_faults() -> None:
    w = world()
    t = served(w, 1, "A")
    err = refusal(w, oc.RateTicket(ticket=t, window=1, rating="satisfied", points=("服务效率",)))
    assert err.code == "bad-points" and "只有“不满意”“非常不满意”" in err.message
    assert len(w.do(oc.RateTicket(ticket=t, window=1, rating="very-satisfied"))) == 1
    assert w.hall.office.cases == {}


def test_closing_needs_the_call_back_and_the_rectification() -> None:
    w = world()
    t = served(w, 1, "A")
    case = case_of(w.do(oc.RateTicket(ticket=t, window=1, rating="unsatisfied",
                                      points=("服务水平",))))
    assert refusal(w, oc.CloseCase(case=case, by="9001")).code == "callback-required"
    assert refusal(w, oc.CallBackCase(case=case, by="9001", reached=True, note=" ")
                   ).code == "note-required"
    w.do(oc.CallBackCase(case=case, by="9001", reached=False, note="未留电话"))
    assert refusal(w, oc.CloseCase(case=case, by="9001")).code == "rectification-required"
    w.do(oc.RectifyCase(case=case, by="9001", note="已培训"))
    w.tick(days=30)
    (closed,) = w.do(oc.CloseCase(case=case, by="9001"))
    assert isinstance(closed, oe.CaseClosed) and closed.late
    assert refusal(w, oc.CallBackCase(case=case, by="9001", reached=True, note="好")
                   ).code == "case-closed"


def test_deadlines_are_flagged_once_each_and_again_after_a_hand_over() -> None:
    w = world()
    t = served(w, 2, "B")
    case = case_of(w.do(oc.RateTicket(ticket=t, window=2, rating="unsatisfied",
                                      points=("服务效率",))))
    assert w.do(oc.CheckDeadlines()) == []
    w.now = datetime(2026, 12, 16, 9, 0, tzinfo=TZ)  # three working days left: 17, 18, 21
    (flag,) = w.do(oc.CheckDeadlines())
    assert isinstance(flag, oe.CaseFlagged)
    assert (flag.level, flag.assignee) == ("due-soon", "9002")
    assert w.do(oc.CheckDeadlines()) == []  # once
    w.do(oc.AssignCase(case=flag.case, assignee="", by="9001"))
    (again,) = w.do(oc.CheckDeadlines())
    assert isinstance(again, oe.CaseFlagged) and again.assignee == ""  # the new holder is told
    w.now = datetime(2026, 12, 22, 9, 0, tzinfo=TZ)
    (late,) = w.do(oc.CheckDeadlines())
    assert isinstance(late, oe.CaseFlagged) and late.level == "overdue"
    assert w.do(oc.CheckDeadlines()) == [] and flag.case == case


def test_the_assessment_of_a_small_month() -> None:
    w = world()
    good = served(w, 1, "A")
    w.do(oc.RateTicket(ticket=good, window=1, rating="satisfied"))
    bad = served(w, 2, "B")
    case = case_of(w.do(oc.RateTicket(ticket=bad, window=2, rating="very-unsatisfied",
                                      points=("服务效率",))))
    worse = served(w, 2, "B")
    w.do(oc.RateTicket(ticket=worse, window=2, rating="unsatisfied", points=("服务态度",)))
    w.do(oc.LodgeComplaint(channel="web", reason="慢", code="ABCDEF", window=2, clerk="1002"))
    w.tick(days=3)  # next month: the case is still followed
    w.do(oc.CallBackCase(case=case, by="9002", reached=True, note="理解"))
    w.do(oc.RectifyCase(case=case, by="9002", note="增开窗口"))
    w.do(oc.CloseCase(case=case, by="9002"))
    a = Assessment(w.hall.catalog, TZ, date(2026, 11, 1), date(2026, 11, 30),
                   today=date(2026, 12, 31)).add(w.log)
    rows = {(r["scope"], r["key"]): r for r in a.rows()}
    w1, w2, center = rows[("window", "1")], rows[("window", "2")], rows[("all", "")]
    assert (w1["good_rate"], w1["bad"], w1["rank"]) == (100.0, 0, 1)
    assert (w2["good_rate"], w2["bad"], w2["cases"], w2["rank"]) == (0.0, 2, 2, 2)
    assert (w2["called_back"], w2["callback_rate"]) == (1, 50.0)
    # one put right in time; the other never touched and past its day by the 31st
    assert (w2["rectified_on_time"], w2["rectified_late"], w2["on_time_rate"]) == (1, 1, 50.0)
    assert (w2["complaints"], w2["complaints_open"], w2["reply_rate"]) == (1, 1, 0.0)
    assert rows[("clerk", "1002")]["complaints"] == 1
    assert (center["served"], center["rated"], center["good_rate"]) == (3, 3, 33.3)
    assert center["service_median"] == 5.0 and center["rank"] is None
    assert rows[("window", "3")]["rank"] == 3  # not rated at all: after those rated
    assert a.points() == {"服务效率": 1, "服务态度": 1}


def test_equal_scores_share_a_rank() -> None:
    rows: list[dict[str, object]] = [
        {"key": k, "good_rate": g, "bad": b, "served": s}
        for k, g, b, s in (("a", 90.0, 1, 5), ("b", 95.0, 0, 3), ("c", 90.0, 1, 9),
                           ("d", None, 0, 0), ("e", 80.0, 0, 1))]
    assert [(r["key"], r["rank"]) for r in rank(rows)] == [
        ("b", 1), ("c", 2), ("a", 2), ("e", 4), ("d", 5)]


def test_a_case_of_next_month_is_not_this_months() -> None:
    w = world()
    w.now = datetime(2026, 11, 30, 23, 59, tzinfo=TZ)
    t = served(w, 1, "A")  # finished just after midnight: rated on 1 December
    assert w.now.date() == date(2026, 12, 1)
    w.do(oc.RateTicket(ticket=t, window=1, rating="unsatisfied", points=("服务效率",)))
    a = Assessment(w.hall.catalog, TZ, date(2026, 11, 1), date(2026, 11, 30),
                   today=date(2026, 12, 1)).add(w.log)
    center = next(r for r in a.rows() if r["scope"] == "all")
    assert (center["cases"], center["bad"], center["served"]) == (0, 0, 0)
