"""Appointments, complaints, ratings and notices in the pure domain."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bianmin.domain import commands as cmd
from bianmin.domain import office_commands as oc
from bianmin.domain import office_events as oe
from bianmin.domain.appointments import Booking
from bianmin.domain.errors import DomainError
from bianmin.domain.office import Office
from bianmin.domain.privacy import mask_address, mask_name, mask_phone, mask_text
from bianmin.domain.types import Outcome, Priority, TicketState
from tests.domainkit import World


def book(w: World, code: str = "ABC234", day: date | None = None, slot: str = "09:00-10:00",
         **extra: object) -> None:
    w.do(oc.BookAppointment(booking=Booking(
        code=code, matter="A", day=day or w.now.date(), slot=slot, name="王小明",
        phone="13812341234", **extra)))  # type: ignore[arg-type]


def refusal(w: World, command: cmd.Command) -> DomainError:
    with pytest.raises(DomainError) as raised:
        w.do(command)
    return raised.value


def test_check_in_gives_an_appointment_ticket_ahead_of_normal_ones() -> None:
    w = World()
    normal = w.issue("A")
    book(w)
    events = w.do(oc.CheckIn(request_id="kiosk-0001", code="abc234"))
    assert [e.kind for e in events] == ["appointment-checked-in", "ticket-issued"]
    ticket = w.hall.tickets[events[1].ticket_id or ""]
    assert ticket.priority is Priority.APPOINTMENT and ticket.appointment == "ABC234"
    assert w.call(1) == ticket.id and w.hall.tickets[normal].state is TicketState.WAITING
    assert w.do(oc.CheckIn(request_id="kiosk-0001", code="ABC234")) == []  # a retry
    err = refusal(w, oc.CheckIn(request_id="kiosk-0002", code="ABC234"))
    assert err.code == "already-checked-in" and "已于09:00签到" in err.message


@pytest.mark.parametrize(
    ("booked_for", "now_day", "now_time", "code", "words"),
    [
        (0, 0, (8, 0), "too-early", "请于 08:30 以后签到"),
        (0, 0, (10, 20), "too-late", "请直接取号"),
        (1, 0, (9, 0), "wrong-day", "11月28日"),
        (0, 1, (9, 0), "appointment-expired", "日期已过"),
    ],
)
def test_each_check_in_refusal_has_its_own_message(
        booked_for: int, now_day: int, now_time: tuple[int, int], code: str, words: str) -> None:
    w = World()
    w.now = w.now.replace(hour=7)
    book(w, day=w.now.date() + timedelta(days=booked_for))
    w.now = w.now.replace(hour=now_time[0], minute=now_time[1]) + timedelta(days=now_day)
    err = refusal(w, oc.CheckIn(request_id="kiosk-0001", code="ABC234"))
    assert err.code == code and words in err.message, err.message


def test_check_in_by_phone_tail_and_surname() -> None:
    w = World()
    book(w)
    err = refusal(w, oc.CheckIn(request_id="kiosk-0001", phone_tail="1234", surname="李"))
    assert err.code == "no-such-appointment"
    events = w.do(oc.CheckIn(request_id="kiosk-0001", phone_tail="1234", surname="王"))
    assert events[0].kind == "appointment-checked-in"


def test_booking_rules() -> None:
    w = World()
    good = Booking(code="X2345", matter="A", day=w.now.date(), slot="14:00-15:00", name="张三",
                   phone="13800000000")
    cases = [
        (replace(good, slot="08:00-09:00"), "bad-slot"),
        (replace(good, day=w.now.date() - timedelta(days=1)), "past-day"),
        (replace(good, day=w.now.date() + timedelta(days=30)), "too-far"),
        (replace(good, home_visit=True), "address-required"),
    ]
    for booking, code in cases:
        assert refusal(w, oc.BookAppointment(booking=booking)).code == code
    for i in range(4):
        book(w, code=f"FULL{i}", slot="14:00-15:00")
    assert refusal(w, oc.BookAppointment(booking=Booking(
        code="FULL9", matter="A", day=w.now.date(), slot="14:00-15:00", name="张三",
        phone="13800000000"))).code == "slot-full"


def test_home_visit_does_not_queue_and_is_assigned() -> None:
    w = World()
    book(w, code="HOME22", home_visit=True, address="青溪镇东村12号")
    err = refusal(w, oc.CheckIn(request_id="kiosk-0001", code="HOME22"))
    assert err.code == "home-visit"
    err = refusal(w, oc.CompleteHomeVisit(code="HOME22", by="9001"))
    assert err.code == "not-assigned"
    w.do(oc.AssignHomeVisit(code="HOME22", clerk="1004", by="9001"))
    w.do(oc.CompleteHomeVisit(code="HOME22", by="9001", note="已上门办结"))
    assert w.hall.office.appointments["HOME22"].state == "done"
    assert len(w.hall.queues) == 0


def test_complaints_are_numbered_per_day_and_answered() -> None:
    w = World()
    first = w.do(oc.LodgeComplaint(channel="kiosk", reason="服务态度不好", window=2,
                                   code="K7P2QX"))
    second = w.do(oc.LodgeComplaint(channel="web", reason="建议", clerk="1003", code="M3N4P5"))
    assert [e.number for e in first + second] == [  # type: ignore[attr-defined]
        "TS20261127001", "TS20261127002"]
    assert refusal(w, oc.LodgeComplaint(channel="web", reason=" ", code="K7P2QX")
                   ).code == "reason-required"
    assert refusal(w, oc.AnswerComplaint(number="TS20261127001", by="9001", result="")
                   ).code == "result-required"
    w.do(oc.HandleComplaint(number="TS20261127001", by="9001", note="已约谈窗口人员"))
    w.tick(minutes=90)
    w.do(oc.AnswerComplaint(number="TS20261127001", by="9001", result="已批评教育并致歉"))
    c = w.hall.office.complaints["TS20261127001"]
    assert c.state == "answered" and c.minutes_to_answer == 90
    w.tick(days=1)
    (e,) = w.do(oc.LodgeComplaint(channel="phone", reason="夜间举报", code="ABCDEF"))
    assert isinstance(e, oe.ComplaintLodged) and e.number == "TS20261128001"


def test_a_complaint_keeps_its_query_code_and_refuses_a_malformed_one() -> None:
    w = World()
    (e,) = w.do(oc.LodgeComplaint(channel="web", reason="等候时间长", code="K7P2QX"))
    assert isinstance(e, oe.ComplaintLodged) and e.code == "K7P2QX"
    record = w.hall.office.record("complaint", e.number)
    assert record.data["code"] == "K7P2QX"
    restored = Office(w.hall.catalog)
    restored.restore([("complaint", record.data)])
    assert restored.complaints[e.number].code == "K7P2QX"
    # Look-alikes (0, O, 1, I) are not in the alphabet; nor is an empty or short code.
    for bad in ("", "K7P2Q", "K7P2Q0", "k7p2qx", "K7P2QXX"):
        err = refusal(w, oc.LodgeComplaint(channel="web", reason="建议", code=bad))
        assert err.code == "bad-code"
    assert len(w.hall.office.complaints) == 1


def test_one_rating_per_ticket_soon_after_finishing() -> None:
    w = World()
    w.issue("A")
    w.issue("A")
    t = w.serve(1)
    assert refusal(w, oc.RateTicket(ticket=t, window=1, rating="satisfied")
                   ).code == "not-finished-here"
    w.finish(1, t, Outcome.CONSULTATION)
    assert refusal(w, oc.RateTicket(ticket=t, window=1, rating="unsatisfied")
                   ).code == "points-required"
    assert refusal(w, oc.RateTicket(ticket=t, window=2, rating="basic")
                   ).code == "not-finished-here"
    w.do(oc.RateTicket(ticket=t, window=1, rating="basic"))
    assert w.hall.tickets[t].rating == "basic"
    assert refusal(w, oc.RateTicket(ticket=t, window=1, rating="satisfied")
                   ).code == "already-rated"
    late = w.serve(1)
    w.finish(1, late)
    w.tick(minutes=11)
    assert refusal(w, oc.RateTicket(ticket=late, window=1, rating="satisfied")
                   ).code == "rating-closed"


def test_notices_show_in_their_dates_with_names_masked() -> None:
    w = World()
    today = w.now.date()
    (e,) = w.do(oc.PublishNotice(
        title="王小明 不动产登记办结公告", text="申请人王小明（电话13812341234，身份证"
        "330102199001011234）的不动产首次登记已办结。", names=("王小明",),
        show_from=today + timedelta(days=1), show_until=today + timedelta(days=7), by="9001"))
    assert isinstance(e, oe.NoticePublished)
    assert w.hall.office.current_notices(today) == []
    (n,) = w.hall.office.current_notices(today + timedelta(days=1))
    assert "王小明" not in n.public_title + n.public_text
    assert "王**" in n.public_text and "138****1234" in n.public_text
    assert "330102********1234" in n.public_text
    w.do(oc.WithdrawNotice(notice=n.id, by="9001"))
    assert w.hall.office.current_notices(today + timedelta(days=1)) == []


def test_masking() -> None:
    assert mask_name("张三") == "张*" and mask_name("欧阳修") == "欧**"
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0571-8468123") == "*******8123"
    assert mask_address("青溪镇东村12号") == "青溪****"
    assert mask_text("联系张三 0571-84681234", ["张三"]) == "联系张* 0571-****1234"
    written = ("电话138 1234 5678，+8613912345678，0571 87654321，"
               "老证330102800101123，新证33010219900101123X，2026年，A012号")
    assert mask_text(written) == ("电话138****5678，+86139****5678，0571 ****4321，"
                                   "老证330102******123，新证330102********123X，2026年，A012号")
