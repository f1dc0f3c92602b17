"""The figures against a day of events computed by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bianmin.domain import events as ev
from bianmin.domain import office_events as oe
from bianmin.domain.catalog import Catalog
from bianmin.domain.figures import Figures, percentile
from bianmin.domain.types import Outcome, Priority
from tests.domainkit import MATTERS, TZ, WINDOWS

DAY = date(2026, 11, 27)


def at(hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(2026, 11, 27, hh, mm, ss, tzinfo=TZ)


def issued(t: str, matter: str, when: datetime) -> ev.TicketIssued:
    return ev.TicketIssued(at=when, ticket=t, number=t[-4:], matter=matter, day=DAY,
                           serial=int(t[-3:]), priority=Priority.NORMAL, request_id=t)


# A hand-made day. Times in seconds since 09:00 where it helps:
#  A001 issued 09:00:00, called at w1 09:02:00 (wait 120), received 09:02:30,
#       finished immediate 09:10:30 (service 480) by 1001.
#  A002 issued 09:01:00, called at w1 09:11:00 (wait 600), received 09:11:10,
#       transferred to matter B 09:15:10 (service 240, out: w1/1001),
#       called at w2 09:16:10 (wait 60), received 09:16:40 (in: w2/1002),
#       finished supplement 09:56:40 (service 2400) by 1002, rated unsatisfied.
#  B001 issued 09:05:00, called at w2 09:06:00 (wait 60), recalled, recalled, missed.
#  A003 issued 09:20:00, cancelled 09:30:00.
#  A004 issued 09:40:00, called at w1 10:00:00 (wait 1200), received 10:00:00,
#       finished immediate 10:31:00 overdue (service 1860), rated satisfied.
#  Complaint about window 2 / clerk 1002; a complaint the day after (outside the range).
EVENTS: list[ev.Event] = [
    issued("20261127-A001", "A", at(9, 0)),
    issued("20261127-A002", "A", at(9, 1)),
    ev.TicketCalled(at=at(9, 2), ticket="20261127-A001", window=1, clerk="1001"),
    ev.TicketReceived(at=at(9, 2, 30), ticket="20261127-A001", window=1, clerk="1001",
                      first_responder=True),
    issued("20261127-B001", "B", at(9, 5)),
    ev.TicketCalled(at=at(9, 6), ticket="20261127-B001", window=2, clerk="1002"),
    ev.TicketRecalled(at=at(9, 7), ticket="20261127-B001", window=2, clerk="1002"),
    ev.TicketRecalled(at=at(9, 8), ticket="20261127-B001", window=2, clerk="1002"),
    ev.TicketMissed(at=at(9, 9), ticket="20261127-B001", window=2, clerk="1002"),
    ev.TicketFinished(at=at(9, 10, 30), ticket="20261127-A001", window=1, clerk="1001",
                      outcome=Outcome.IMMEDIATE),
    ev.TicketCalled(at=at(9, 11), ticket="20261127-A002", window=1, clerk="1001"),
    ev.TicketReceived(at=at(9, 11, 10), ticket="20261127-A002", window=1, clerk="1001",
                      first_responder=True),
    ev.TicketTransferred(at=at(9, 15, 10), ticket="20261127-A002", window=1, clerk="1001",
                         to_window=None, to_matter="B", reason="社保事项"),
    ev.TicketCalled(at=at(9, 16, 10), ticket="20261127-A002", window=2, clerk="1002"),
    ev.TicketReceived(at=at(9, 16, 40), ticket="20261127-A002", window=2, clerk="1002",
                      first_responder=False),
    issued("20261127-A003", "A", at(9, 20)),
    ev.TicketCancelled(at=at(9, 30), ticket="20261127-A003", window=None, clerk="1001",
                       reason="离开"),
    issued("20261127-A004", "A", at(9, 40)),
    ev.TicketFinished(at=at(9, 56, 40), ticket="20261127-A002", window=2, clerk="1002",
                      outcome=Outcome.SUPPLEMENT, missing_materials=("户口簿",)),
    oe.TicketRated(at=at(9, 58), ticket="20261127-A002", window=2, rating="unsatisfied",
                   reason="等候时间长"),
    ev.TicketCalled(at=at(10, 0), ticket="20261127-A004", window=1, clerk="1001"),
    ev.TicketReceived(at=at(10, 0), ticket="20261127-A004", window=1, clerk="1001",
                      first_responder=True),
    oe.ComplaintLodged(at=at(10, 5), number="TS20261127001", channel="kiosk", window=2,
                       clerk="1002", reason="服务态度不好"),
    ev.TicketFinished(at=at(10, 31), ticket="20261127-A004", window=1, clerk="1001",
                      outcome=Outcome.IMMEDIATE, overdue=True),
    oe.TicketRated(at=at(10, 32), ticket="20261127-A004", window=1, rating="satisfied"),
    oe.ComplaintLodged(at=at(10, 5) + timedelta(days=1), number="TS20261128001",
                       channel="web", reason="建议增加窗口"),
]


def rows() -> dict[tuple[str, str], dict[str, object]]:
    catalog = Catalog(MATTERS, WINDOWS, clerks={"1001": "甲", "1002": "乙"})
    figures = Figures(catalog, TZ, DAY, DAY).add(EVENTS)
    return {(str(r["dimension"]), str(r["key"])): r for r in figures.rows()}


def test_whole_center() -> None:
    r = rows()[("all", "")]
    assert (r["issued"], r["served"], r["no_shows"], r["cancelled"]) == (5, 3, 1, 1)
    # waits: A001 120, B001 60, A002 600, A002 again 60, A004 1200
    assert r["wait_mean"] == round((120 + 60 + 600 + 60 + 1200) / 5, 1)
    assert r["wait_median"] == 120 and r["wait_p90"] == 1200
    # services: A001 480, A002 240 then 2400, A004 1860
    assert r["service_mean"] == (480 + 240 + 2400 + 1860) / 4
    assert r["service_median"] == (480 + 1860) / 2 and r["service_p90"] == 2400
    assert (r["transfers_out"], r["transfers_in"], r["overdue"]) == (1, 1, 1)
    assert (r["outcome_immediate"], r["outcome_supplement"]) == (2, 1)
    assert (r["rating_satisfied"], r["rating_unsatisfied"], r["complaints"]) == (1, 1, 1)


def test_per_window_and_clerk() -> None:
    r = rows()
    w1, w2 = r[("window", "1")], r[("window", "2")]
    assert (w1["served"], w1["transfers_out"], w1["transfers_in"]) == (2, 1, 0)
    assert (w2["served"], w2["transfers_in"], w2["no_shows"]) == (1, 1, 1)
    assert w1["service_mean"] == (480 + 240 + 1860) / 3
    assert w2["wait_mean"] == 60
    assert (w2["rating_unsatisfied"], w2["complaints"]) == (1, 1)
    assert (w1["rating_satisfied"], w1["overdue"], w1["complaints"]) == (1, 1, 0)
    c2 = r[("clerk", "1002")]
    assert c2["label"] == "1002 乙" and c2["complaints"] == 1 and c2["served"] == 1


def test_per_matter_follows_a_transfer() -> None:
    r = rows()
    a, b = r[("matter", "A")], r[("matter", "B")]
    assert (a["issued"], b["issued"]) == (4, 1)
    # A002 was finished in the B queue after its transfer
    assert (a["served"], b["served"]) == (2, 1)
    assert (a["transfers_out"], b["transfers_in"]) == (1, 1)


def test_nearest_rank_percentile() -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 90) == 5.0
    assert percentile([1.0] * 9 + [100.0], 90) == 1.0
    assert percentile([], 50) is None
