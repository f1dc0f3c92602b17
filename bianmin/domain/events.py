"""Everything that happens in the hall, as frozen past-tense events.

Events are the hub's truth and are kept for ever; statistics, supervision and audit read them.
Each has a kebab-case `kind` used on the wire and in the store. `to_record` and `from_record`
turn an event into plain JSON-able data and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from bianmin.domain.codec import from_data, to_data
from bianmin.domain.types import Outcome, Priority


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    kind: ClassVar[str] = ""
    at: datetime

    @property
    def ticket_id(self) -> str | None:
        return getattr(self, "ticket", None)

    @property
    def window_number(self) -> int | None:
        return getattr(self, "window", None)

    @property
    def clerk_no(self) -> str | None:
        return getattr(self, "clerk", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketIssued(Event):
    kind: ClassVar[str] = "ticket-issued"
    ticket: str
    number: str
    matter: str
    day: date
    serial: int
    priority: Priority
    request_id: str
    device: str = ""
    appointment: str = ""  # booking code, when checked in from an appointment
    bundle: str = ""  # the 一件事 it was issued for; `matter` is then its first step
    plan: tuple[str, ...] = ()  # a joint ticket's matters in order, the first included
    any_order: tuple[str, ...] = ()  # of `plan`: these may be taken in any order


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketCalled(Event):
    kind: ClassVar[str] = "ticket-called"
    ticket: str
    window: int
    clerk: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketRecalled(Event):
    kind: ClassVar[str] = "ticket-recalled"
    ticket: str
    window: int
    clerk: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketReceived(Event):
    """The resident reached the window and the clerk took the matter in (接待)."""

    kind: ClassVar[str] = "ticket-received"
    ticket: str
    window: int
    clerk: str
    first_responder: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketTransferred(Event):
    kind: ClassVar[str] = "ticket-transferred"
    ticket: str
    window: int
    clerk: str
    to_window: int | None
    to_matter: str | None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketFinished(Event):
    kind: ClassVar[str] = "ticket-finished"
    ticket: str
    window: int
    clerk: str
    outcome: Outcome
    promised_date: date | None = None
    missing_materials: tuple[str, ...] = ()
    reason: str = ""
    authority: str = ""
    authority_days: int = 0  # 上报件: the higher authority's time limit, in working days
    answer: str = ""  # 咨询件: what was answered, for the resident's slip
    note: str = ""
    overdue: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrectionRequested(Event):
    """A clerk asks the office to put a finished ticket's outcome right (更正), saying why.
    Nothing changes until the office approves it; the finish stays in the history."""

    kind: ClassVar[str] = "correction-requested"
    correction: str
    ticket: str
    window: int | None  # where the clerk asked from
    clerk: str
    why: str
    outcome: Outcome
    promised_date: date | None = None
    missing_materials: tuple[str, ...] = ()
    reason: str = ""
    authority: str = ""
    authority_days: int = 0
    answer: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketCorrected(Event):
    """The office approved a correction: from now on the ticket's outcome is this one. The
    finish it corrects stays in the history; `was` is the outcome it replaced."""

    kind: ClassVar[str] = "ticket-corrected"
    correction: str
    ticket: str
    window: int | None  # where the ticket was finished
    clerk: str  # whose finish is corrected
    by: str  # who in the office approved it
    was: Outcome
    outcome: Outcome
    promised_date: date | None = None
    missing_materials: tuple[str, ...] = ()
    reason: str = ""
    authority: str = ""
    authority_days: int = 0
    answer: str = ""
    note: str = ""
    why: str = ""
    decision: str = ""  # what the office wrote, if anything
    overdue: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CorrectionRefused(Event):
    kind: ClassVar[str] = "correction-refused"
    correction: str
    ticket: str
    clerk: str  # who asked
    by: str
    decision: str  # why not, for the clerk who asked


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketMoved(Event):
    """The front desk (导服台) moved a waiting ticket to the queue of the matter the resident
    came for. It keeps its place by when it joined the line, its class and its number; nobody
    becomes its first responder."""

    kind: ClassVar[str] = "ticket-moved"
    ticket: str
    by: str
    from_matter: str
    to_matter: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BundleMovedOn(Event):
    """A step of a joint ticket ended with an outcome that goes on: the same number waits
    for the next step, ahead of those who only just arrived."""

    kind: ClassVar[str] = "bundle-moved-on"
    ticket: str
    window: int
    clerk: str
    to_matter: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MattersJoined(Event):
    """联办: the clerk serving a ticket added matters of other departments to it."""

    kind: ClassVar[str] = "matters-joined"
    ticket: str
    window: int
    clerk: str
    matters: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PromiseKept(Event):
    """A promised matter (承诺件) was completed and the resident told."""

    kind: ClassVar[str] = "promise-kept"
    ticket: str
    clerk: str
    note: str = ""
    late: bool = False  # completed after the promised date


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketMissed(Event):
    kind: ClassVar[str] = "ticket-missed"
    ticket: str
    window: int
    clerk: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketRequeued(Event):
    kind: ClassVar[str] = "ticket-requeued"
    ticket: str
    window: int | None
    clerk: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketCancelled(Event):
    kind: ClassVar[str] = "ticket-cancelled"
    ticket: str
    window: int | None
    clerk: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketMadeUrgent(Event):
    kind: ClassVar[str] = "ticket-made-urgent"
    ticket: str
    window: int | None
    clerk: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketExpired(Event):
    kind: ClassVar[str] = "ticket-expired"
    ticket: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketStalled(Event):
    """A transferred ticket has waited too long at its target: its first responder is told."""

    kind: ClassVar[str] = "ticket-stalled"
    ticket: str
    owner: str
    minutes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ClerkSignedIn(Event):
    kind: ClassVar[str] = "clerk-signed-in"
    window: int
    clerk: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClerkSignedOut(Event):
    kind: ClassVar[str] = "clerk-signed-out"
    window: int
    clerk: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowPaused(Event):
    kind: ClassVar[str] = "window-paused"
    window: int
    clerk: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowResumed(Event):
    kind: ClassVar[str] = "window-resumed"
    window: int
    clerk: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PrinterStatusReported(Event):
    """A kiosk's or window's printer changed state (fault or back to normal)."""

    kind: ClassVar[str] = "printer-status"
    device: str
    status: str  # "ok" or a fault code: offline, paper-out, cover-open, error
    detail: str = ""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        TicketIssued,
        TicketCalled,
        TicketRecalled,
        TicketReceived,
        TicketTransferred,
        TicketFinished,
        CorrectionRequested,
        TicketCorrected,
        CorrectionRefused,
        TicketMoved,
        BundleMovedOn,
        MattersJoined,
        PromiseKept,
        TicketMissed,
        TicketRequeued,
        TicketCancelled,
        TicketMadeUrgent,
        TicketExpired,
        TicketStalled,
        ClerkSignedIn,
        ClerkSignedOut,
        WindowPaused,
        WindowResumed,
        PrinterStatusReported,
    )
}


def register(cls: type[Event]) -> type[Event]:
    """Lets a later part of the hub (the office) add event kinds of its own."""
    if cls.kind in EVENT_TYPES and EVENT_TYPES[cls.kind] is not cls:
        raise ValueError(f"event kind {cls.kind!r} registered twice")
    EVENT_TYPES[cls.kind] = cls
    return cls


def to_record(event: Event) -> dict[str, Any]:
    """The event's fields as JSON-able data, `kind` included."""
    return {"kind": event.kind, **to_data(event)}


def from_record(record: dict[str, Any]) -> Event:
    return from_data(EVENT_TYPES[record["kind"]], record)
