"""Time-limited completion (限时办结制): the one home of the serving limit and of promises.

The serving limit of a ticket is its matter's `time_limit_minutes`; a matter usually done on
the spot (handling `immediate`) never gets more than the hall's `immediate_limit_minutes`.
The warning point is four fifths of the limit. Being served past the limit is overdue,
whatever the outcome turns out to be; a ticket finished as 即办件 later than its limit after
being received is an overdue 即办件, recorded on `TicketFinished.overdue` and counted by the
figures. The hub sends the limit, the warning and due times and the overdue flag in its staff
ticket view; the counter, the office console and the figures show that answer and compute
no other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from bianmin.domain.catalog import Matter, Rules
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import Outcome, TicketState

PromiseStatus = Literal["ok", "due-soon", "overdue"]


@dataclass(frozen=True, slots=True)
class ServingLimit:
    """How long serving one matter may take, and when the clerk is warned."""

    minutes: int

    @property
    def limit(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    @property
    def warning(self) -> timedelta:
        """Four fifths of the limit: the clerk's timer turns yellow here."""
        return self.limit * 4 / 5

    def warn_at(self, received_at: datetime) -> datetime:
        return received_at + self.warning

    def due_at(self, received_at: datetime) -> datetime:
        return received_at + self.limit

    def past(self, received_at: datetime, at: datetime) -> bool:
        """Whether serving that began at `received_at` has gone past the limit by `at`."""
        return at > self.due_at(received_at)

    def finished_overdue(self, outcome: Outcome, received_at: datetime,
                         finished_at: datetime) -> bool:
        """An overdue 即办件: finished as immediate later than the limit after being received."""
        return outcome is Outcome.IMMEDIATE and self.past(received_at, finished_at)


def serving_limit(matter: Matter, rules: Rules) -> ServingLimit:
    """The serving limit of `matter`: its own, at most the hall's for on-the-spot matters."""
    minutes = matter.time_limit_minutes
    if matter.handling is Outcome.IMMEDIATE:
        minutes = min(minutes, rules.immediate_limit_minutes)
    return ServingLimit(minutes)


def overdue(ticket: Ticket, matter: Matter | None, rules: Rules, now: datetime) -> bool:
    """A finished overdue 即办件, or a ticket being served past its matter's limit at `now`."""
    if ticket.overdue:
        return True
    if matter is None or ticket.state is not TicketState.SERVING or ticket.received_at is None:
        return False
    return serving_limit(matter, rules).past(ticket.received_at, now)


def promise_status(promised: date, today: date, rules: Rules) -> PromiseStatus:
    """`ok`, `due-soon` (within the warning days) or `overdue` for a promised matter."""
    if today > promised:
        return "overdue"
    if (promised - today).days <= rules.promised_warn_days:
        return "due-soon"
    return "ok"
