"""Time-limited completion (限时办结制): when a matter is overdue or about to be."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bianmin.domain.catalog import Matter, Rules
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import Outcome, TicketState


def service_limit(matter: Matter, rules: Rules) -> timedelta | None:
    """How long serving may take, for a matter usually done on the spot."""
    if matter.handling is Outcome.IMMEDIATE:
        return timedelta(minutes=min(matter.time_limit_minutes, rules.immediate_limit_minutes))
    return None


def finished_overdue(received_at: datetime, finished_at: datetime, rules: Rules) -> bool:
    """An immediate matter must be done within the limit (30 minutes) of being received."""
    return finished_at - received_at > timedelta(minutes=rules.immediate_limit_minutes)


def serving_overdue(ticket: Ticket, matter: Matter, rules: Rules, now: datetime) -> bool:
    if ticket.state is not TicketState.SERVING or ticket.received_at is None:
        return False
    limit = service_limit(matter, rules)
    return limit is not None and now - ticket.received_at > limit


def promise_status(promised: date, today: date, rules: Rules) -> str:
    """`ok`, `due-soon` (within the warning days) or `overdue` for a promised matter."""
    if today > promised:
        return "overdue"
    if (promised - today).days <= rules.promised_warn_days:
        return "due-soon"
    return "ok"
