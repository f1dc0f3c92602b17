"""Events of the office's work: appointments, complaints, ratings, the cases bad ratings open,
and public notices.

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
    due: date | None = None  # the day to answer by (absent from events before deadlines)


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
    late: bool = False  # answered after its due day


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketRated(Event):
    kind: ClassVar[str] = "ticket-rated"
    ticket: str
    window: int  # where it was finished
    rating: str  # very-satisfied, satisfied, basic, unsatisfied, very-unsatisfied
    reason: str = ""  # the resident's own words, if any
    device: str = ""
    points: tuple[str, ...] = ()  # a bad rating: what went wrong (服务效率, 服务态度 ...)
    phone: str = ""  # a bad rating: where to call the resident back, if they gave one
    channel: str = "pad"  # pad (at the window) or phone (from the code on the ticket)


# ----- bad ratings followed up (差评整改) -------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseOpened(Event):
    """A bad rating became a case: to be called back and put right by `due`."""

    kind: ClassVar[str] = "case-opened"
    case: str
    ticket: str
    number: str  # the ticket's number, as the resident knows it
    window: int
    clerk: str | None
    department: str
    assignee: str  # the department head's staff number, or "" for the office
    rating: str
    due: date


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseAssigned(Event):
    kind: ClassVar[str] = "case-assigned"
    case: str
    assignee: str
    by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseCalledBack(Event):
    """回访: the resident was called back (`reached`, and what they said), or the call could
    not be made (and why)."""

    kind: ClassVar[str] = "case-called-back"
    case: str
    by: str
    reached: bool
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseRectified(Event):
    """整改: what was done to put it right."""

    kind: ClassVar[str] = "case-rectified"
    case: str
    by: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseClosed(Event):
    kind: ClassVar[str] = "case-closed"
    case: str
    by: str
    note: str = ""
    late: bool = False  # closed after its due day


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFlagged(Event):
    """A case's deadline is near (`due-soon`) or past (`overdue`): its assignee is told."""

    kind: ClassVar[str] = "case-flagged"
    case: str
    assignee: str
    level: str
    due: date


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
             ComplaintAnswered, TicketRated, CaseOpened, CaseAssigned, CaseCalledBack,
             CaseRectified, CaseClosed, CaseFlagged, NoticePublished, NoticeWithdrawn):
    register(_cls)
