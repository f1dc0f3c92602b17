"""Tickets as the public and the staff see them, and the answers built around them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypedDict

from bianmin.domain import corrections as cr
from bianmin.domain import limits
from bianmin.domain.estimate import Board
from bianmin.domain.hall import Hall
from bianmin.domain.supervision import Supervised as SupervisedItem
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import (
    PRIORITY_NAMES,
    STATE_NAMES,
    Outcome,
    Priority,
    QueueClass,
    TicketState,
)
from bianmin.wire import bundles as wb
from bianmin.wire import tickets as wt
from server.present import bundles


class PublicFields(TypedDict):
    id: str
    number: str
    serial: int
    matter: str
    queue_matter: str
    matter_name: str
    priority: Priority
    priority_name: str
    queue_class: QueueClass
    state: TicketState
    state_name: str
    day: date
    window: int | None
    target_window: int | None
    transferred: bool
    recalls: int
    ahead: int
    wait_minutes: int | None
    issued_at: datetime
    enqueued_at: datetime
    called_at: datetime | None
    received_at: datetime | None
    finished_at: datetime | None
    outcome: Outcome | None
    bundle: wb.BundleProgress | None


class StaffFields(TypedDict):
    clerk: str | None
    clerk_name: str | None
    owner: str | None
    owner_name: str | None
    owner_window: int | None
    transfers: int
    note: str
    stalled: bool
    changed_at: datetime
    device: str
    appointment: str
    rating: str
    promised_date: date | None
    promise_kept_at: datetime | None
    limit_minutes: int | None
    warn_at: datetime | None
    due_at: datetime | None
    overdue: bool
    steps_done: list[wb.StepRecord]


def ticket_public(t: Ticket, hall: Hall, now: datetime, board: Board | None = None
                  ) -> wt.TicketPublic:
    return wt.TicketPublic(**public_fields(t, hall, now, board))


def public_fields(t: Ticket, hall: Hall, now: datetime, board: Board | None = None
                  ) -> PublicFields:
    """`board`: the wait estimate of this moment, when many tickets are shown at once."""
    matter = hall.catalog.matters.get(t.queue_matter)
    return PublicFields(
        id=t.id,
        number=t.number,
        serial=t.serial,
        matter=t.matter,
        queue_matter=t.queue_matter,
        matter_name=matter.name if matter else t.queue_matter,
        priority=t.priority,
        priority_name=PRIORITY_NAMES[t.priority],
        queue_class=t.queue_class,
        state=t.state,
        state_name=STATE_NAMES[t.state],
        day=t.day,
        window=t.window,
        target_window=t.target_window,
        transferred=t.transferred,
        recalls=t.recalls,
        ahead=hall.ahead(t) if t.state is TicketState.WAITING else 0,
        wait_minutes=hall.wait_for(t, now, board),
        issued_at=t.issued_at,
        enqueued_at=t.enqueued_at,
        called_at=t.called_at,
        received_at=t.received_at,
        finished_at=t.finished_at,
        outcome=t.outcome,
        bundle=bundles.progress(t, hall.catalog),
    )


def _staff_fields(t: Ticket, hall: Hall, now: datetime) -> StaffFields:
    """What staff see beyond the public fields: who, what was written, the time limit."""
    catalog = hall.catalog
    matter = catalog.matters.get(t.queue_matter)
    limit = None if matter is None else limits.serving_limit(matter, catalog.rules)
    warn_at = due_at = None
    if limit is not None and t.received_at is not None:
        warn_at, due_at = limit.warn_at(t.received_at), limit.due_at(t.received_at)
    return StaffFields(
        clerk=t.clerk,
        clerk_name=catalog.clerk_name(t.clerk) if t.clerk else None,
        owner=t.owner,
        owner_name=catalog.clerk_name(t.owner) if t.owner else None,
        owner_window=t.owner_window,
        transfers=t.transfers,
        note=t.note,
        stalled=t.stalled,
        changed_at=t.changed_at,
        device=t.device,
        appointment=t.appointment,
        rating=t.rating,
        promised_date=t.promised_date,
        promise_kept_at=t.promise_kept_at,
        limit_minutes=None if limit is None else limit.minutes,
        warn_at=warn_at,
        due_at=due_at,
        overdue=limits.overdue(t, matter, catalog.rules, now),
        steps_done=bundles.records(t, catalog),
    )


def ticket_staff(t: Ticket, hall: Hall, now: datetime, board: Board | None = None
                 ) -> wt.TicketStaff:
    return wt.TicketStaff(**public_fields(t, hall, now, board), **_staff_fields(t, hall, now))


def step(t: Ticket, hall: Hall, now: datetime, events: list[int]) -> wt.Step:
    return wt.Step(**public_fields(t, hall, now), **_staff_fields(t, hall, now),
                   events=events)


def promise(t: Ticket, hall: Hall, now: datetime, today: date) -> wt.Promise:
    assert t.promised_date is not None
    return wt.Promise(
        **public_fields(t, hall, now), **_staff_fields(t, hall, now),
        promise_status=limits.promise_status(t.promised_date, today, hall.catalog.rules),
        days_left=(t.promised_date - today).days)


def supervised(item: SupervisedItem, hall: Hall, now: datetime) -> wt.Supervised:
    return wt.Supervised(
        ticket=ticket_staff(item.ticket, hall, now),
        where=item.where,
        with_clerk=item.with_clerk,
        with_clerk_name=hall.catalog.clerk_name(item.with_clerk) if item.with_clerk else None,
        since=item.since,
        minutes=item.minutes,
        stalled=item.stalled,
        finished_elsewhere=item.finished_elsewhere,
    )


def correction(x: cr.Correction, hall: Hall, office_name: Callable[[str], str]
               ) -> wt.Correction:
    """`office_name` names the office member who decided (the catalog knows clerks only)."""
    catalog = hall.catalog
    matter = catalog.matter(x.matter)
    return wt.Correction(
        id=x.id, ticket=x.ticket, number=x.number, matter=x.matter,
        matter_name=matter.name if matter else x.matter, state=x.state,
        state_name=cr.STATE_NAMES[x.state], summary=cr.describe(x), clerk=x.clerk,
        clerk_name=catalog.clerk_name(x.clerk), window=x.window, finished_by=x.finished_by,
        finished_by_name=catalog.clerk_name(x.finished_by), finished_window=x.finished_window,
        asked_at=x.asked_at, why=x.why, was=x.was, outcome=x.outcome,
        promised_date=x.promised_date, missing_materials=list(x.missing_materials),
        reason=x.reason, authority=x.authority, authority_days=x.authority_days,
        answer=x.answer, note=x.note, decided_by=x.decided_by,
        decided_by_name=office_name(x.decided_by) if x.decided_by else "",
        decided_at=x.decided_at, decision=x.decision)
