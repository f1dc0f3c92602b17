"""What the office, kiosks, rating pads and the public ask of the office side of the hall."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bianmin.domain.appointments import Booking
from bianmin.domain.commands import Command


@dataclass(frozen=True, slots=True, kw_only=True)
class BookAppointment(Command):
    booking: Booking


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelAppointment(Command):
    code: str
    by: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckIn(Command):
    """At the kiosk: by the booking code, or by the phone's last digits and the surname."""

    request_id: str
    code: str = ""
    phone_tail: str = ""
    surname: str = ""
    device: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignHomeVisit(Command):
    code: str
    clerk: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StartHomeVisit(Command):
    """The clerk a home visit is assigned to starts it, from the window it is signed in at."""

    code: str
    clerk: str
    window: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CompleteHomeVisit(Command):
    code: str
    by: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LodgeComplaint(Command):
    """`code`: the query code, drawn at random by the caller (the domain draws nothing)."""

    channel: str
    reason: str
    code: str
    window: int | None = None
    clerk: str | None = None
    phone: str = ""
    request_id: str = ""  # a retry with the same id gets the complaint already lodged


@dataclass(frozen=True, slots=True, kw_only=True)
class HandleComplaint(Command):
    number: str
    by: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerComplaint(Command):
    number: str
    by: str
    result: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RateTicket(Command):
    """At the window's pad (`window` given, the pad's), or from the resident's phone
    (`window` None)."""

    ticket: str
    window: int | None
    rating: str
    reason: str = ""
    device: str = ""
    points: tuple[str, ...] = ()
    phone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignCase(Command):
    case: str
    assignee: str  # a department head's staff number, or "" for the office
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CallBackCase(Command):
    case: str
    by: str
    reached: bool
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RectifyCase(Command):
    case: str
    by: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseCase(Command):
    case: str
    by: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckDeadlines(Command):
    """Housekeeping: flag cases whose deadline is near or past to whoever has them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishNotice(Command):
    title: str
    text: str
    show_from: date
    show_until: date
    by: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class WithdrawNotice(Command):
    notice: str
    by: str
