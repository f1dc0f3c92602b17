"""A ticket's life: its state, the steps each state allows, and how an event changes it.

The transition table `ALLOWED` is the one place that says which step is legal when;
`apply` is the one place that says what an event does to a ticket.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from bianmin.domain import events as ev
from bianmin.domain import office_events as oe
from bianmin.domain.bundles import BundleStatus, StepDone
from bianmin.domain.bundles import status as bundle_status
from bianmin.domain.errors import IllegalTransition
from bianmin.domain.types import (
    STATE_NAMES,
    Outcome,
    Priority,
    QueueClass,
    TicketState,
)


class Step(StrEnum):
    CALL = "call"
    RECALL = "recall"
    RECEIVE = "receive"
    NO_SHOW = "no-show"
    TRANSFER = "transfer"
    FINISH = "finish"
    REQUEUE = "requeue"
    CANCEL = "cancel"
    MAKE_URGENT = "make-urgent"
    MOVE = "move"
    EXPIRE = "expire"


STEP_NAMES: dict[Step, str] = {
    Step.CALL: "叫号",
    Step.RECALL: "重呼",
    Step.RECEIVE: "开始办理",
    Step.NO_SHOW: "过号",
    Step.TRANSFER: "转办",
    Step.FINISH: "办结",
    Step.REQUEUE: "重新排队",
    Step.CANCEL: "取消",
    Step.MAKE_URGENT: "设为加急",
    Step.MOVE: "改排到其他事项",
    Step.EXPIRE: "过期关闭",
}

W, C, S, M = TicketState.WAITING, TicketState.CALLED, TicketState.SERVING, TicketState.MISSED

ALLOWED: dict[Step, frozenset[TicketState]] = {
    Step.CALL: frozenset({W}),
    Step.RECALL: frozenset({C}),
    Step.RECEIVE: frozenset({C}),
    Step.NO_SHOW: frozenset({C}),
    Step.TRANSFER: frozenset({S}),
    Step.FINISH: frozenset({S}),
    Step.REQUEUE: frozenset({M}),
    Step.CANCEL: frozenset({W, C, M}),
    Step.MAKE_URGENT: frozenset({W}),
    Step.MOVE: frozenset({W}),
    Step.EXPIRE: frozenset({W, C, M}),
}


@dataclass(frozen=True, slots=True)
class Ticket:
    id: str
    number: str
    matter: str  # the matter it was issued for
    day: date
    serial: int
    priority: Priority
    state: TicketState
    issued_at: datetime
    request_id: str
    queue_matter: str  # the queue it waits in now; a transfer to a matter changes it
    enqueued_at: datetime  # when it joined its present queue: first come, first served
    changed_at: datetime  # when anything last happened to it
    target_window: int | None = None  # waits for this window only (transferred to a window)
    transferred: bool = False  # waits in the transferred-in class
    window: int | None = None  # where it is called or served
    clerk: str | None = None
    called_at: datetime | None = None
    received_at: datetime | None = None
    finished_at: datetime | None = None
    recalls: int = 0
    owner: str | None = None  # first responder (首问责任人)
    owner_window: int | None = None
    transfers: int = 0
    note: str = ""  # what the transferring clerk recorded for the target
    outcome: Outcome | None = None
    overdue: bool = False
    stalled: bool = False  # its first responder was told it waits too long
    device: str = ""
    appointment: str = ""
    rating: str = ""  # one of the five levels (cases.RATINGS), once the resident rates it
    promised_date: date | None = None  # 承诺件: the day it was promised for
    promise_kept_at: datetime | None = None
    correction: str = ""  # a correction of its outcome waiting for the office
    corrections: int = 0  # corrections approved
    bundle: str = ""  # the 一件事 it was issued for
    plan: tuple[str, ...] = ()  # a joint ticket's (联办件) matters in order; () for one matter
    any_order: tuple[str, ...] = ()
    step: str = ""  # the plan's matter being taken now (its queue may differ after a transfer)
    steps_done: tuple[StepDone, ...] = ()

    @property
    def joint(self) -> bool:
        return bool(self.plan)

    @property
    def bundle_status(self) -> BundleStatus | None:
        if not self.plan:
            return None
        return bundle_status(self.plan, self.steps_done, self.is_final)

    @property
    def promise_open(self) -> bool:
        return self.promised_date is not None and self.promise_kept_at is None

    @property
    def keep_open(self) -> bool:
        """Still needs someone: open, a promise to keep, or a correction to decide."""
        return not self.is_final or self.promise_open or bool(self.correction)

    @property
    def queue_class(self) -> QueueClass:
        if self.priority is Priority.URGENT:
            return QueueClass.URGENT
        if self.transferred:
            return QueueClass.TRANSFERRED
        return QueueClass(self.priority.value)

    @property
    def is_final(self) -> bool:
        return self.state in (TicketState.DONE, TicketState.CANCELLED, TicketState.EXPIRED)


def require(ticket: Ticket, step: Step) -> None:
    """Raise `IllegalTransition` unless `step` is legal for the ticket now."""
    if ticket.state not in ALLOWED[step]:
        raise IllegalTransition(
            f"illegal-{step.value}",
            f"号票 {ticket.number} 当前{STATE_NAMES[ticket.state]}，不能{STEP_NAMES[step]}。",
        )


def issued(event: ev.TicketIssued) -> Ticket:
    return Ticket(
        id=event.ticket,
        number=event.number,
        matter=event.matter,
        day=event.day,
        serial=event.serial,
        priority=event.priority,
        state=TicketState.WAITING,
        issued_at=event.at,
        request_id=event.request_id,
        queue_matter=event.matter,
        enqueued_at=event.at,
        changed_at=event.at,
        device=event.device,
        appointment=event.appointment,
        bundle=event.bundle,
        plan=event.plan,
        any_order=event.any_order,
        step=event.matter if event.plan else "",
    )


def apply(ticket: Ticket, event: ev.Event) -> Ticket:
    """The ticket after `event`. Pure: the event was already decided to be legal."""
    at = event.at
    match event:
        case ev.TicketCalled(window=window, clerk=clerk):
            return replace(
                ticket,
                state=TicketState.CALLED,
                window=window,
                clerk=clerk,
                called_at=at,
                recalls=0,
                stalled=False,
                changed_at=at,
            )
        case ev.TicketRecalled():
            return replace(ticket, recalls=ticket.recalls + 1, changed_at=at)
        case ev.TicketReceived(window=window, clerk=clerk, first_responder=first):
            return replace(
                ticket,
                state=TicketState.SERVING,
                received_at=at,
                owner=clerk if first else ticket.owner,
                owner_window=window if first else ticket.owner_window,
                changed_at=at,
            )
        case ev.TicketTransferred(to_window=to_window, to_matter=to_matter, reason=reason):
            return replace(
                ticket,
                state=TicketState.WAITING,
                queue_matter=to_matter or ticket.queue_matter,
                target_window=to_window,
                transferred=True,
                window=None,
                clerk=None,
                # Its service at the next window is timed from being received there.
                called_at=None,
                received_at=None,
                enqueued_at=at,
                transfers=ticket.transfers + 1,
                note=reason,
                stalled=False,
                changed_at=at,
            )
        case ev.TicketFinished(window=window, clerk=clerk, outcome=outcome, overdue=overdue,
                               promised_date=promised):
            done = ticket.steps_done
            if ticket.plan:
                done += (StepDone(ticket.step, window, clerk, outcome, ticket.received_at, at),)
            return replace(
                ticket,
                state=TicketState.DONE,
                outcome=outcome,
                overdue=ticket.overdue or overdue,
                promised_date=promised or ticket.promised_date,
                finished_at=at,
                changed_at=at,
                steps_done=done,
            )
        case ev.BundleMovedOn(to_matter=to_matter):
            return replace(
                ticket,
                state=TicketState.WAITING,
                queue_matter=to_matter,
                step=to_matter,
                target_window=None,
                transferred=True,
                window=None,
                clerk=None,
                called_at=None,
                received_at=None,
                finished_at=None,
                outcome=None,
                enqueued_at=at,
                note="",
                stalled=False,
                changed_at=at,
            )
        case ev.MattersJoined(matters=matters):
            plan = ticket.plan or (ticket.queue_matter,)
            return replace(ticket, plan=plan + matters, step=ticket.step or plan[0],
                           changed_at=at)
        case ev.PromiseKept():
            return replace(ticket, promise_kept_at=at)
        case ev.CorrectionRequested(correction=correction):
            return replace(ticket, correction=correction)
        case ev.CorrectionRefused():
            return replace(ticket, correction="")
        case ev.TicketCorrected(outcome=outcome, promised_date=promised, overdue=overdue):
            still_promised = outcome is Outcome.PROMISED
            return replace(
                ticket,
                outcome=outcome,
                overdue=overdue,
                promised_date=promised if still_promised else None,
                promise_kept_at=ticket.promise_kept_at if still_promised else None,
                correction="",
                corrections=ticket.corrections + 1,
            )
        case ev.TicketMoved(to_matter=to_matter):
            # Its place in the new line is where it joined its line: `enqueued_at` stays.
            return replace(ticket, queue_matter=to_matter, target_window=None, changed_at=at)
        case oe.HomeVisitStarted(window=window, clerk=clerk):
            return replace(
                ticket,
                state=TicketState.SERVING,
                window=window,
                clerk=clerk,
                called_at=at,
                received_at=at,
                owner=ticket.owner or clerk,
                owner_window=ticket.owner_window or window,
                changed_at=at,
            )
        case ev.TicketMissed():
            return replace(ticket, state=TicketState.MISSED, changed_at=at)
        case ev.TicketRequeued():
            return replace(
                ticket,
                state=TicketState.WAITING,
                window=None,
                clerk=None,
                enqueued_at=at,
                changed_at=at,
            )
        case ev.TicketCancelled():
            return replace(ticket, state=TicketState.CANCELLED, finished_at=at, changed_at=at)
        case ev.TicketMadeUrgent():
            return replace(ticket, priority=Priority.URGENT, changed_at=at)
        case ev.TicketStalled():
            return replace(ticket, stalled=True)
        case oe.TicketRated(rating=rating):
            return replace(ticket, rating=rating)
        case ev.TicketExpired():
            return replace(ticket, state=TicketState.EXPIRED, finished_at=at, changed_at=at)
        case _:
            return ticket
