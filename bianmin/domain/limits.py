"""Time-limited completion (限时办结制): the one home of every time limit.

Every matter has its own serving limit, `time_limit_minutes`; a matter usually done on the
spot (handling `immediate`) never more than `rules.immediate_limit_minutes`. A ticket being
served past its limit is overdue, whatever its outcome turns out to be; one finished as 即办件
later than its limit after being received is an overdue 即办件. The clerk is warned at four
fifths of the limit. The hub sends what this module decides (the staff ticket view's
`limit_minutes`, `warn_at`, `due_at`, `overdue`); the counter, the office and the figures
show that and compute nothing of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from bianmin.domain.catalog import Matter, Rules
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import Outcome, TicketState

WARN_SHARE = 0.8
PromiseStatus = Literal["ok", "due-soon", "overdue"]


@dataclass(frozen=True, slots=True)
class ServingLimit:
    minutes: int

    @property
    def limit(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    @property
    def warning(self) -> timedelta:
        return self.limit * WARN_SHARE


def serving_limit(matter: Matter, rules: Rules) -> ServingLimit:
    minutes = matter.time_limit_minutes
    if matter.handling is Outcome.IMMEDIATE:
        minutes = min(minutes, rules.immediate_limit_minutes)
    return ServingLimit(minutes)


def serving_overdue(ticket: Ticket, limit: ServingLimit, now: datetime) -> bool:
    """Being served now, past the limit."""
    if ticket.state is not TicketState.SERVING or ticket.received_at is None:
        return False
    return now - ticket.received_at > limit.limit


def finished_overdue(outcome: Outcome, received_at: datetime, finished_at: datetime,
                     limit: ServingLimit) -> bool:
    """An overdue 即办件: finished as done on the spot, later than its limit."""
    return outcome is Outcome.IMMEDIATE and finished_at - received_at > limit.limit


def promise_status(promised: date, today: date, rules: Rules) -> PromiseStatus:
    """`ok`, `due-soon` (within the warning days) or `overdue` for a promised matter."""
    if today > promised:
        return "overdue"
    if (promised - today).days <= rules.promised_warn_days:
        return "due-soon"
    return "ok"
