"""Request bodies: what each command sends, with the limits the hub holds it to."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from bianmin.domain.types import Outcome, Priority
from bianmin.wire.base import (
    Line4,
    Line8,
    Line11,
    Line12,
    Line20,
    Line32,
    Line40,
    Line64,
    Line100,
    Line200,
    RequestId,
    Text500,
    Text1000,
    Text2000,
    WindowNumber,
    Wire,
)

AuthorityDays = Annotated[int, Meta(ge=0, le=365)]
PrinterStatus = Literal["ok", "offline", "paper-out", "paper-low", "cover-open", "error"]
PRINTER_STATUSES: tuple[str, ...] = PrinterStatus.__args__  # type: ignore[attr-defined]


class Login(Wire):
    staff_no: Line32
    pin: Line64
    window: WindowNumber | None = None
    force: bool = False  # take the window over from the clerk signed in there


class Logout(Wire):
    reason: Line100 = ""


class IssueTicket(Wire):
    request_id: RequestId  # made once per touch, sent again on every retry of it
    matter: Line8 = ""  # one matter's letter, or
    bundle: Line32 = ""  # a 一件事's id: one ticket for all its steps
    priority: Priority = Priority.NORMAL


class JoinMatters(Wire):
    """联办: matters of other departments this visit also needs, in the order to take them."""

    matters: list[Line8] = msgspec.field(default_factory=list)
    reason: Text500 = ""


class Transfer(Wire):
    reason: Text500 = ""
    to_window: WindowNumber | None = None
    to_matter: Line8 | None = None


class Finish(Wire):
    outcome: Outcome
    promised_date: date | None = None
    missing_materials: list[Line200] = msgspec.field(default_factory=list)
    reason: Text500 = ""
    authority: Line200 = ""
    authority_days: AuthorityDays = 0  # 上报件: the authority's time limit, working days
    answer: Text500 = ""  # 咨询件: what was answered, printed for the resident
    note: Text500 = ""


class AskCorrection(Finish):
    """The outcome a finished ticket should have had, with its fields, and why (更正)."""

    why: Text500 = ""


class Decision(Wire):
    """The office's word on a correction: optional to approve, needed to refuse."""

    decision: Text500 = ""


class Move(Wire):
    """导服台: the matter whose queue a waiting ticket belongs in, and why."""

    to_matter: Line8
    reason: Text500 = ""


class Reason(Wire):
    """Raise to urgent, or cancel: always with the reason written."""

    reason: Text500 = ""


class Note(Wire):
    note: Text500 = ""


class Pause(Wire):
    reason: Line100 = ""


class PrinterReport(Wire):
    status: PrinterStatus
    detail: Line200 = ""


class CheckIn(Wire):
    """At the kiosk: the booking code, or the phone's last four digits and the surname."""

    request_id: RequestId
    code: Line12 = ""
    phone_tail: Line11 = ""
    surname: Line4 = ""


class LodgeComplaint(Wire):
    reason: Text1000 = ""
    window: WindowNumber | None = None
    clerk: Line32 | None = None
    phone: Line20 = ""
    request_id: Line100 = ""  # optional; when given, at least 8 characters
    channel: Line20 = ""  # the office says how it came (phone, letter); others are known


class HandleComplaint(Wire):
    note: Text500 = ""


class AnswerComplaint(Wire):
    result: Text1000 = ""


class Book(Wire):
    day: date
    matter: Line8
    slot: Line20
    name: Line40
    phone: Line20
    home_visit: bool = False
    address: Line200 = ""
    note: Line200 = ""


class CancelAppointment(Wire):
    reason: Line200 = ""


class AssignHomeVisit(Wire):
    clerk: Line32


class CompleteHomeVisit(Wire):
    note: Text500 = ""


class PublishNotice(Wire):
    show_until: date
    title: Line100 = ""
    text: Text2000 = ""
    names: list[Line40] = msgspec.field(default_factory=list)
    show_from: date | None = None


class Rate(Wire):
    """At the window's pad (its window given), or from the resident's phone (no window)."""

    rating: Line20
    window: WindowNumber | None = None
    points: list[Line20] = msgspec.field(default_factory=list)  # a bad rating: what went wrong
    phone: Line20 = ""  # a bad rating: to be called back on, if the resident wishes
    reason: Line200 = ""  # the resident's own words, if any


class CallBack(Wire):
    """回访: `reached` and what the resident said, or not reached and why it could not be."""

    reached: bool
    note: Text500 = ""


class CaseNote(Wire):
    note: Text1000 = ""


class AssignCase(Wire):
    assignee: Line32 = ""  # a department head's staff number; "" for the office
