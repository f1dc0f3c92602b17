"""A ticket as each audience sees it, and the answers built around tickets.

`TicketPublic` is what a waiting room, a kiosk and the resident's phone may know; `TicketStaff`
adds who handled and owns it, what was written about it and its time limit. Every field is
keyword-only (`kw_only` on each class: msgspec does not pass it down), so that a field with a
default may stand where it belongs.
"""

from __future__ import annotations

from datetime import date, datetime

from bianmin.domain.limits import PromiseStatus
from bianmin.domain.types import Outcome, Priority, QueueClass, TicketState
from bianmin.wire.base import Wire
from bianmin.wire.bundles import BundleProgress, StepRecord


class TicketPublic(Wire, kw_only=True):
    id: str
    number: str
    serial: int  # the number's digits: first come, first served within a second
    matter: str  # the matter it was issued for
    queue_matter: str  # the queue it waits in now
    matter_name: str
    priority: Priority
    priority_name: str
    queue_class: QueueClass
    state: TicketState
    state_name: str
    day: date
    window: int | None  # where it is called or served
    target_window: int | None  # the one window it waits for, when transferred there
    transferred: bool
    recalls: int
    ahead: int  # how many will be called before it
    # 预计等候: about how many minutes until it is called (bianmin.domain.estimate), while it
    # waits and a window open now calls it; else null.
    wait_minutes: int | None = None
    issued_at: datetime
    enqueued_at: datetime
    called_at: datetime | None
    received_at: datetime | None
    finished_at: datetime | None
    outcome: Outcome | None
    bundle: BundleProgress | None  # a 一件事 or 联办件: its steps; null for one matter


class TicketStaff(TicketPublic, kw_only=True):
    clerk: str | None
    clerk_name: str | None
    owner: str | None  # first responder (首问责任人)
    owner_name: str | None
    owner_window: int | None
    transfers: int
    note: str  # what the transferring clerk recorded for the target
    stalled: bool
    changed_at: datetime
    device: str
    appointment: str
    rating: str
    promised_date: date | None
    promise_kept_at: datetime | None
    # 限时办结制, as the domain computes it (bianmin.domain.limits): the matter's serving
    # limit, when the clerk is warned and when it is due (null until received), and whether
    # it is overdue now or was finished overdue.
    limit_minutes: int | None
    warn_at: datetime | None
    due_at: datetime | None
    overdue: bool
    steps_done: list[StepRecord]  # a joint ticket's finished steps: where, by whom, how


class Step(TicketStaff, kw_only=True):
    """A ticket after a step at a window, with the sequence numbers of the events it made."""

    events: list[int]


class Promise(TicketStaff, kw_only=True):
    """承诺件 not yet kept, with where it stands against its promised day."""

    promise_status: PromiseStatus
    days_left: int


class Supervised(Wire):
    """督办: a ticket this clerk received first and transferred, where it is now."""

    ticket: TicketStaff
    where: str
    with_clerk: str | None
    with_clerk_name: str | None
    since: datetime
    minutes: int
    stalled: bool
    finished_elsewhere: bool


class Correction(Wire):
    """A request to put a finished ticket's outcome right (更正) and the office's decision:
    for the office, and for the clerk who asked."""

    id: str
    ticket: str
    number: str
    matter: str
    matter_name: str
    state: str  # pending, approved or refused
    state_name: str
    summary: str  # "A012：即办件 更正为 承诺件（承诺12月4日办结）"
    clerk: str  # who asked
    clerk_name: str
    window: int | None
    finished_by: str
    finished_by_name: str
    finished_window: int | None
    asked_at: datetime
    why: str
    was: Outcome
    outcome: Outcome
    promised_date: date | None
    missing_materials: list[str]
    reason: str
    authority: str
    authority_days: int
    answer: str
    note: str
    decided_by: str
    decided_by_name: str
    decided_at: datetime | None
    decision: str
