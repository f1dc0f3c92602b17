"""Events of the office's work: appointments, complaints, ratings and public notices.

Personal data (name, phone, address) is kept in these events for the office; every view
outside the office masks it (see `bianmin.domain.privacy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from bianmin.domain.events import Event, register

PERSONAL_FIELDS = frozenset({"name", "phone", "address", "names"})


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointmentBooked(Event):
    kind: ClassVar[str] = "appointment-booked"
    code: str
    matter: str
    day: date
    slot: str
    name: str
    phone: str
    home_visit: bool = False
    address: str = ""
    note: str = ""
    by: str = ""  # staff number, or "web"


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointmentCancelled(Event):
    kind: ClassVar[str] = "appointment-cancelled"
    code: str
    by: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointmentCheckedIn(Event):
    kind: ClassVar[str] = "appointment-checked-in"
    code: str
    ticket: str
    device: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeVisitAssigned(Event):
    kind: ClassVar[str] = "home-visit-assigned"
    code: str
    clerk: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeVisitStarted(Event):
    """The assigned clerk set out on a home visit: its ticket (issued with it, never queued)
    is served by that clerk from now, timed and finished like any other."""

    kind: ClassVar[str] = "home-visit-started"
    code: str
    ticket: str
    window: int
    clerk: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeVisitCompleted(Event):
    kind: ClassVar[str] = "home-visit-completed"
    code: str
    by: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintLodged(Event):
    kind: ClassVar[str] = "complaint-lodged"
    number: str
    channel: str  # kiosk, web, phone, office
    window: int | None = None
    clerk: str | None = None
    reason: str
    phone: str = ""
    request_id: str = ""
    code: str = ""  # the query code given to the complainant (absent from older events)


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintHandling(Event):
    kind: ClassVar[str] = "complaint-handling"
    number: str
    by: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplaintAnswered(Event):
    kind: ClassVar[str] = "complaint-answered"
    number: str
    by: str
    result: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketRated(Event):
    kind: ClassVar[str] = "ticket-rated"
    ticket: str
    window: int
    rating: str  # satisfied, basic, unsatisfied
    reason: str = ""
    device: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticePublished(Event):
    kind: ClassVar[str] = "notice-published"
    notice: str
    title: str
    text: str
    names: tuple[str, ...] = ()
    show_from: date
    show_until: date
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticeWithdrawn(Event):
    kind: ClassVar[str] = "notice-withdrawn"
    notice: str
    by: str


for _cls in (AppointmentBooked, AppointmentCancelled, AppointmentCheckedIn, HomeVisitAssigned,
             HomeVisitStarted, HomeVisitCompleted, ComplaintLodged, ComplaintHandling,
             ComplaintAnswered, TicketRated, NoticePublished, NoticeWithdrawn):
    register(_cls)
