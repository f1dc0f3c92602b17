"""Corrections (更正): a finished ticket's outcome put right, with an audit trail.

A clerk who finished a ticket (or received it first) asks, saying why, for the outcome it
should have had; the office approves or refuses. An approved correction is an event of its
own (`ticket-corrected`): the finish it corrects stays in the history, the ticket carries the
corrected outcome from then on, and the figures follow it and count the correction against
the clerk whose finish it was. One correction may wait per ticket at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain.errors import Conflict, Forbidden, InvalidCommand, NotFound
from bianmin.domain.limits import serving_limit
from bianmin.domain.outcomes import settle
from bianmin.domain.types import OUTCOME_NAMES, Outcome, TicketState
from bianmin.domain.windows import clean_text

if TYPE_CHECKING:
    from bianmin.domain.hall import Hall

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
STATE_NAMES = {PENDING: "待审核", APPROVED: "已批准", REFUSED: "已驳回"}


@dataclass(frozen=True, slots=True)
class Correction:
    id: str  # the ticket's id and the how-many-th request for it: 20261130-A012-1
    ticket: str
    number: str
    matter: str
    day: date  # the day it was asked on
    clerk: str  # who asked
    window: int | None  # where it was asked from
    finished_by: str  # whose finish it would correct
    finished_window: int | None
    asked_at: datetime
    why: str
    was: Outcome
    outcome: Outcome
    promised_date: date | None = None
    missing_materials: tuple[str, ...] = ()
    reason: str = ""
    authority: str = ""
    authority_days: int = 0
    answer: str = ""
    note: str = ""
    state: str = PENDING
    decided_by: str = ""
    decided_at: datetime | None = None
    decision: str = ""


def decide_request(c: cmd.AskCorrection, hall: Hall, now: datetime) -> list[ev.Event]:
    t = hall.ticket(c.ticket)
    if t.state is not TicketState.DONE or t.outcome is None or t.finished_at is None:
        raise Conflict("not-finished", f"号票 {t.number} 尚未办结，不能申请更正。")
    if c.clerk not in (t.clerk, t.owner):
        raise Forbidden("not-yours", f"号票 {t.number} 不是您办结或首问的，不能申请更正；"
                                     "如需更正，请告知办结的工作人员或中心办公室。")
    if t.correction:
        raise Conflict("correction-pending",
                       f"号票 {t.number} 已有一项更正申请在等候中心办公室审核，请勿重复申请。")
    why = clean_text(c.why)
    if not why:
        raise InvalidCommand("why-required", "申请更正须写明原因，例如“误按即办件，应为承诺件”。")
    settled = settle(c, hall.catalog.matter(t.queue_matter), hall.today(t.finished_at))
    if unchanged(settled.outcome, settled.promised_date, t.outcome, t.promised_date):
        raise InvalidCommand(
            "correction-unchanged",
            f"号票{t.number}的更正内容与原办结记录相同，无需更正；"
            "请选择应有的办结类型或改正填写有误的内容。")
    asked = sum(1 for x in hall.office.corrections.values() if x.ticket == t.id)
    return [ev.CorrectionRequested(
        at=now, correction=f"{t.id}-{asked + 1}", ticket=t.id, window=c.window, clerk=c.clerk,
        why=why, outcome=settled.outcome, promised_date=settled.promised_date,
        missing_materials=settled.missing_materials, reason=settled.reason,
        authority=settled.authority, authority_days=settled.authority_days,
        answer=settled.answer, note=settled.note)]


def unchanged(outcome: Outcome, promised: date | None, was: Outcome,
              was_promised: date | None) -> bool:
    """A correction that would leave the record as it is: the same outcome where it carries
    nothing else that counts (a note is not printed), or the same promised date. Such a
    request would only count a correction against the clerk."""
    if outcome is not was:
        return False
    if outcome is Outcome.PROMISED:
        return promised == was_promised
    return outcome in (Outcome.IMMEDIATE, Outcome.PETITION)


def decide_decision(c: cmd.DecideCorrection, hall: Hall, now: datetime) -> list[ev.Event]:
    x = hall.office.corrections.get(c.correction.strip())
    if x is None:
        raise NotFound("no-such-correction", f"没有编号为 {c.correction} 的更正申请。")
    if x.state != PENDING:
        raise Conflict("correction-decided", f"该更正申请已{STATE_NAMES[x.state]}，不能再次审核。")
    decision = clean_text(c.decision)
    if not c.approve:
        if not decision:
            raise InvalidCommand("decision-required", "驳回更正申请须写明理由，以便告知申请人。")
        return [ev.CorrectionRefused(at=now, correction=x.id, ticket=x.ticket, clerk=x.clerk,
                                     by=c.by, decision=decision)]
    t = hall.ticket(x.ticket)
    assert t.outcome is not None and t.finished_at is not None
    matter = hall.catalog.matter(t.queue_matter)
    overdue = t.overdue and x.outcome is t.outcome
    if matter is not None and t.received_at is not None:
        overdue = serving_limit(matter, hall.catalog.rules).finished_overdue(
            x.outcome, t.received_at, t.finished_at)
    return [ev.TicketCorrected(
        at=now, correction=x.id, ticket=t.id, window=x.finished_window, clerk=x.finished_by,
        by=c.by, was=t.outcome, outcome=x.outcome, promised_date=x.promised_date,
        missing_materials=x.missing_materials, reason=x.reason, authority=x.authority,
        authority_days=x.authority_days, answer=x.answer, note=x.note, why=x.why,
        decision=decision, overdue=overdue)]


def apply(x: Correction | None, event: ev.Event, hall: Hall) -> Correction | None:
    match event:
        case ev.CorrectionRequested():
            t = hall.tickets[event.ticket]
            assert t.outcome is not None
            return Correction(
                id=event.correction, ticket=t.id, number=t.number, matter=t.queue_matter,
                day=hall.today(event.at), clerk=event.clerk, window=event.window,
                finished_by=t.clerk or "", finished_window=t.window, asked_at=event.at,
                why=event.why, was=t.outcome, outcome=event.outcome,
                promised_date=event.promised_date, missing_materials=event.missing_materials,
                reason=event.reason, authority=event.authority,
                authority_days=event.authority_days, answer=event.answer, note=event.note)
        case ev.TicketCorrected() if x is not None:
            return replace(x, state=APPROVED, decided_by=event.by, decided_at=event.at,
                           decision=event.decision)
        case ev.CorrectionRefused() if x is not None:
            return replace(x, state=REFUSED, decided_by=event.by, decided_at=event.at,
                           decision=event.decision)
    return x


def describe(x: Correction) -> str:
    """One line for a clerk or the office: from what to what (under the same outcome, which
    of its fields and to what)."""
    was = OUTCOME_NAMES[x.was]
    if x.outcome is x.was:
        return f"{x.number}：{was}，{changed_field(x)}"
    to = OUTCOME_NAMES[x.outcome]
    if x.outcome is Outcome.PROMISED and x.promised_date is not None:
        to += f"（承诺{x.promised_date.month}月{x.promised_date.day}日办结）"
    return f"{x.number}：{was} 更正为 {to}"


def changed_field(x: Correction) -> str:
    match x.outcome:
        case Outcome.PROMISED if x.promised_date is not None:
            return f"承诺办结日期更正为{x.promised_date.month}月{x.promised_date.day}日"
        case Outcome.SUPPLEMENT:
            return f"所缺材料更正为：{'、'.join(x.missing_materials)}"
        case Outcome.RETURNED:
            return f"退回原因更正为：{x.reason}"
        case Outcome.ESCALATED:
            return f"上报部门及时限更正为：{x.authority}，{x.authority_days}个工作日"
        case Outcome.CONSULTATION:
            return f"答复内容更正为：{x.answer or '（未填写）'}"
    return "填写内容更正"
