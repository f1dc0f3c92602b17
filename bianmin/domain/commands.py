"""What people and devices ask the hall to do: imperative, validated by `Hall.decide`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bianmin.domain.types import Outcome, Priority


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueTicket(Command):
    matter: str = ""
    bundle: str = ""  # a 一件事 instead of one matter: one ticket for all its steps
    priority: Priority = Priority.NORMAL
    request_id: str
    device: str = ""
    appointment: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowCommand(Command):
    """A command made by the clerk signed in at `window`."""

    window: int
    clerk: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CallNext(WindowCommand):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketCommand(WindowCommand):
    ticket: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Recall(TicketCommand):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Receive(TicketCommand):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class NoShow(TicketCommand):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Transfer(TicketCommand):
    to_window: int | None = None
    to_matter: str | None = None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class JoinMatters(TicketCommand):
    """联办: add matters of other departments to the ticket being served here."""

    matters: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Finish(TicketCommand):
    outcome: Outcome
    promised_date: date | None = None
    missing_materials: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""
    authority: str = ""
    authority_days: int = 0
    answer: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AskCorrection(Command):
    """A clerk asks to put a finished ticket's outcome right: the outcome it should have had,
    with its fields, and why."""

    ticket: str
    clerk: str
    window: int | None = None
    why: str
    outcome: Outcome
    promised_date: date | None = None
    missing_materials: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""
    authority: str = ""
    authority_days: int = 0
    answer: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DecideCorrection(Command):
    """The office approves a correction, or refuses it saying why."""

    correction: str
    by: str
    approve: bool
    decision: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffTicketCommand(Command):
    """A command any member of staff may make, at a window (`window`) or from the office."""

    ticket: str
    clerk: str
    window: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class KeepPromise(StaffTicketCommand):
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Requeue(StaffTicketCommand):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Cancel(StaffTicketCommand):
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MakeUrgent(StaffTicketCommand):
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveTicket(StaffTicketCommand):
    """The front desk moves a waiting ticket to another matter's queue (the resident took a
    ticket for the wrong matter)."""

    to_matter: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SignIn(WindowCommand):
    force: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SignOut(WindowCommand):
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pause(WindowCommand):
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Resume(WindowCommand):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseDay(Command):
    """Close everything still open from days before the present local day."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckStalls(Command):
    """Tell first responders of transferred tickets that have waited too long."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportPrinter(Command):
    device: str
    status: str
    detail: str = ""
