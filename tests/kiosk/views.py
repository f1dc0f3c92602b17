"""The hub's views a kiosk is given, written out for the tests of the pure parts: a ticket as
issued, a check-in, a matter of the hall, the center, a lodged complaint and the complaint
options, each as the hub's `server/present` makes them and the kiosk's client decodes them
(times as the wire carries them: the hall's wall time with its offset)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import msgspec

from bianmin.domain.bundles import BundleStatus
from bianmin.domain.types import Outcome, Priority, QueueClass, TicketState
from bianmin.wire.bundles import BundleProgress, BundleStep, BundleView
from bianmin.wire.hall import MatterView
from bianmin.wire.office import (
    AppointmentPublic,
    CheckedIn,
    ComplaintClerk,
    ComplaintOptions,
    LodgedPublic,
)
from bianmin.wire.tickets import TicketPublic
from kiosk.center import KioskCenter

T = TypeVar("T")
HALL = ZoneInfo("Asia/Shanghai")
CENTER = KioskCenter(name="青溪镇便民服务中心", name_en="Qingxi Town Convenience Service Center")
QUEUE_CLASS = {Priority.NORMAL: QueueClass.NORMAL, Priority.PRIORITY: QueueClass.PRIORITY,
               Priority.APPOINTMENT: QueueClass.APPOINTMENT}
PRIORITY_NAMES = {Priority.NORMAL: "普通", Priority.PRIORITY: "优先",
                  Priority.APPOINTMENT: "预约"}


def ticket(number: str, matter_name: str, issued_at: datetime, *, ahead: int = 0,
           priority: Priority = Priority.NORMAL, wait_minutes: int | None = None
           ) -> TicketPublic:
    """A ticket just issued, waiting, as the hub answers a kiosk."""
    return over_the_wire(TicketPublic(
        id=f"{issued_at:%Y%m%d}-{number}", number=number, serial=int(number[1:]),
        matter=number[0],
        queue_matter=number[0], matter_name=matter_name, priority=priority,
        priority_name=PRIORITY_NAMES[priority], queue_class=QUEUE_CLASS[priority],
        state=TicketState.WAITING, state_name="等候中", day=issued_at.date(), window=None,
        target_window=None, transferred=False, recalls=0, ahead=ahead, issued_at=issued_at,
        enqueued_at=issued_at, called_at=None, received_at=None, finished_at=None,
        outcome=None, wait_minutes=wait_minutes, bundle=None))


def bundle(id: str, name: str, matters: list[MatterView], *, any_order: list[str] | None = None,
           materials: list[str] | None = None, name_en: str = "") -> BundleView:
    """A 一件事 as the hall lists it: its materials are the matters' and its own, each once."""
    whole = dict.fromkeys(m for matter in matters for m in matter.materials)
    whole.update(dict.fromkeys(materials or []))
    return BundleView(id=id, name=name, name_en=name_en, summary="", matters=[
        m.prefix for m in matters], matter_names=[m.name for m in matters],
        any_order=any_order or [], materials=list(whole), time_limit_minutes=120)


def bundle_ticket(plain: TicketPublic, of: BundleView) -> TicketPublic:
    """`plain` as issued for the bundle `of`: its first step taken now."""
    steps = [BundleStep(matter=m, matter_name=n, state="now" if i == 0 else "next", window=None)
             for i, (m, n) in enumerate(zip(of.matters, of.matter_names, strict=True))]
    progress = BundleProgress(bundle=of.id, name=of.name, status=BundleStatus.GOING,
                              status_name="办理中", steps=steps, step=1, of=len(steps))
    fields = {f: getattr(plain, f) for f in plain.__struct_fields__}
    return over_the_wire(TicketPublic(**{**fields, "bundle": progress}))


def checked_in(plain: TicketPublic, *, name: str, phone: str, slot: str) -> CheckedIn:
    """`plain` as a check-in issued it, with its booking masked."""
    fields = {f: getattr(plain, f) for f in plain.__struct_fields__}
    appointment = AppointmentPublic(
        matter=plain.matter, matter_name=plain.matter_name, day=plain.day, slot=slot,
        name=name, phone=phone, home_visit=False, address="", state="checked-in",
        state_name="已签到", ticket=plain.id, booked_at=plain.issued_at,
        checked_in_at=plain.issued_at, assigned_to=None, assigned_name=None, done_at=None)
    return over_the_wire(CheckedIn(**fields, appointment=appointment))


def matter(prefix: str, name: str, *, name_en: str = "", windows: list[int],
           materials: list[str] | None = None, wait_hint: str = "") -> MatterView:
    return MatterView(prefix=prefix, name=name, name_en=name_en, handling=Outcome.IMMEDIATE,
                      time_limit_minutes=20, materials=materials or [], wait_hint=wait_hint,
                      windows=windows, waiting=0)


def lodged(number: str, lodged_at: datetime, message: str, code: str = "K7P2QX"
           ) -> LodgedPublic:
    return over_the_wire(LodgedPublic(
        number=number, state="received", state_name="已受理", lodged_at=lodged_at,
        answered_at=None, minutes_to_answer=None, result="", code=code, message=message,
        due=None, due_status="", late=False))


def options(clerks: list[tuple[str, str, int | None]]) -> ComplaintOptions:
    """Complaint options naming these clerks (staff number, name, window)."""
    return ComplaintOptions(
        windows=[], reasons=[], phone="",
        clerks=[ComplaintClerk(staff_no=s, name=n, window=w) for s, n, w in clerks])


def at(day: date, hour: int, minute: int) -> datetime:
    """A time in the hall."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HALL)


def over_the_wire(view: T) -> T:
    """`view` as the kiosk has it: encoded by the hub, decoded by the client."""
    return msgspec.json.decode(msgspec.json.encode(view), type=type(view))
