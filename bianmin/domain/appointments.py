"""Appointments (预约服务制): booking a matter, day and slot; checking in at the kiosk;
home visits (上门服务) that do not queue and are assigned to a clerk."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bianmin.domain import office_events as oe
from bianmin.domain.catalog import Catalog
from bianmin.domain.errors import Conflict, InvalidCommand, NotFound
from bianmin.domain.events import Event

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over a phone
CODE_LENGTH = 6

BOOKED, CHECKED_IN, CANCELLED, ASSIGNED, STARTED, DONE = (
    "booked", "checked-in", "cancelled", "assigned", "started", "done")
HOME_VISIT_DEVICE = "home-visit"  # the `device` of a home visit's ticket: it never queues


@dataclass(frozen=True, slots=True)
class Appointment:
    code: str
    matter: str
    day: date
    slot: str
    name: str
    phone: str
    booked_at: datetime
    state: str = BOOKED
    home_visit: bool = False
    address: str = ""
    note: str = ""
    by: str = ""
    ticket: str | None = None
    checked_in_at: datetime | None = None
    assigned_to: str | None = None
    started_at: datetime | None = None  # a home visit, by its clerk
    done_at: datetime | None = None
    cancel_reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Booking:
    code: str
    matter: str
    day: date
    slot: str
    name: str
    phone: str
    home_visit: bool = False
    address: str = ""
    note: str = ""
    by: str = ""


def valid_phone(phone: str) -> str:
    digits = re.sub(r"[\s-]", "", phone)
    if not re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}|\d{7,8}", digits):
        raise InvalidCommand("bad-phone", "请填写正确的手机号（11位）或固定电话。")
    return digits


def decide_booking(b: Booking, book: dict[str, Appointment], catalog: Catalog, today: date,
                   now: datetime) -> oe.AppointmentBooked:
    rules = catalog.office
    if catalog.matter(b.matter) is None:
        raise InvalidCommand("no-such-matter", f"没有代号为“{b.matter}”的事项。")
    name = b.name.strip()
    if not 1 <= len(name) <= 20:
        raise InvalidCommand("bad-name", "请填写预约人姓名（不超过20字）。")
    phone = valid_phone(b.phone)
    if b.day < today:
        raise InvalidCommand("past-day", "预约日期不能早于今天。")
    if b.day > today + timedelta(days=rules.days_ahead):
        raise InvalidCommand("too-far", f"只能预约今后 {rules.days_ahead} 天以内的日期。")
    slot = rules.slot(b.slot)
    if slot is None:
        labels = "、".join(s.label for s in rules.slots)
        raise InvalidCommand("bad-slot", f"没有这个时段，可选：{labels}。")
    if b.day == today and now.time() >= slot.end:
        raise InvalidCommand("slot-over", f"今天 {slot.label} 时段已过，请选择其他时段。")
    address = b.address.strip()
    if b.home_visit and not address:
        raise InvalidCommand("address-required", "上门服务须填写上门地址。")
    if places_left(book, catalog, b.matter, b.day, slot.label) == 0:
        raise Conflict("slot-full", f"{b.day:%m月%d日} {slot.label} 该事项已约满，请选择其他时段。")
    if b.code in book:
        raise Conflict("code-taken", "预约码重复，请重试。")
    return oe.AppointmentBooked(
        at=now, code=b.code, matter=b.matter, day=b.day, slot=slot.label, name=name,
        phone=phone, home_visit=b.home_visit, address=address, note=b.note.strip()[:200],
        by=b.by)


def places_left(book: dict[str, Appointment], catalog: Catalog, matter: str, day: date,
                slot: str) -> int:
    """How many more can book `matter` on `day` in `slot`."""
    taken = sum(1 for a in book.values()
                if (a.matter, a.day, a.slot) == (matter, day, slot) and a.state != CANCELLED)
    return max(0, catalog.office.capacity_of(matter) - taken)


def find_for_check_in(book: dict[str, Appointment], today: date, *, code: str = "",
                      phone_tail: str = "", surname: str = "") -> Appointment:
    """The appointment a resident means, by its code, or by the phone's last digits and the
    surname (today's bookings only)."""
    if code:
        found = book.get(code.strip().upper())
        if found is None:
            raise NotFound("no-such-appointment",
                           "没有找到该预约，请核对预约码，或到服务台咨询。")
        return found
    tail, surname = phone_tail.strip(), surname.strip()
    if not (tail.isdigit() and len(tail) >= 4 and surname):
        raise InvalidCommand("code-or-phone", "请输入预约码，或手机号后四位和姓氏。")
    matches = [a for a in book.values()
               if a.day == today and a.phone.endswith(tail) and a.name.startswith(surname)
               and not a.home_visit and a.state != CANCELLED]
    if not matches:
        raise NotFound("no-such-appointment",
                       "没有找到您今天的预约，请核对手机号和姓氏，或输入预约码。")
    if len(matches) > 1:
        raise Conflict("ambiguous", "找到多条预约，请输入预约时告知您的预约码。")
    return matches[0]


def check_in_refusal(a: Appointment, catalog: Catalog, now: datetime, today: date) -> None:
    """Raise the polite reason an appointment cannot check in now, if there is one."""
    rules = catalog.office
    if a.state == CANCELLED:
        raise Conflict("appointment-cancelled", "该预约已取消。如需办理，请直接取号或重新预约。")
    if a.home_visit:
        raise Conflict("home-visit", "该预约为上门服务，无需取号，工作人员将按约定上门。")
    if a.state != BOOKED:
        at = f"{a.checked_in_at:%H:%M}" if a.checked_in_at else ""
        raise Conflict("already-checked-in", f"该预约已于{at}签到，请留意叫号。")
    if a.day > today:
        raise Conflict("wrong-day",
                       f"您预约的是{a.day.month}月{a.day.day}日，请在预约当天前来签到。")
    if a.day < today:
        raise Conflict("appointment-expired", "您的预约日期已过，请直接取号，或重新预约。")
    slot = rules.slot(a.slot)
    if slot is None:  # the slots were reconfigured since booking: let the resident in
        return
    opens = datetime.combine(today, slot.start, now.tzinfo) - timedelta(
        minutes=rules.early_minutes)
    closes = datetime.combine(today, slot.end, now.tzinfo) + timedelta(
        minutes=rules.late_minutes)
    if now < opens:
        raise Conflict("too-early",
                       f"您预约的时段是 {a.slot}，请于 {opens:%H:%M} 以后签到，请您稍候。")
    if now > closes:
        raise Conflict("too-late",
                       f"您预约的时段 {a.slot} 已过，请直接取号办理，感谢您的理解。")


def apply(a: Appointment | None, event: Event) -> Appointment | None:
    match event:
        case oe.AppointmentBooked():
            return Appointment(
                code=event.code, matter=event.matter, day=event.day, slot=event.slot,
                name=event.name, phone=event.phone, booked_at=event.at,
                home_visit=event.home_visit, address=event.address, note=event.note,
                by=event.by)
        case oe.AppointmentCancelled(reason=reason) if a is not None:
            return replace(a, state=CANCELLED, cancel_reason=reason)
        case oe.AppointmentCheckedIn(ticket=ticket) if a is not None:
            return replace(a, state=CHECKED_IN, ticket=ticket, checked_in_at=event.at)
        case oe.HomeVisitAssigned(clerk=clerk) if a is not None:
            return replace(a, state=ASSIGNED, assigned_to=clerk)
        case oe.HomeVisitStarted(ticket=ticket) if a is not None:
            return replace(a, state=STARTED, ticket=ticket, started_at=event.at)
        case oe.HomeVisitCompleted(note=note) if a is not None:
            return replace(a, state=DONE, done_at=event.at, note=note or a.note)
    return a
