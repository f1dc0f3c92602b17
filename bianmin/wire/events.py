"""What each audience may know of an event.

An event goes out as the fields its audience's list names for its kind (`server/present/
events.py` holds the lists); a field no list names never leaves the hub. These two types are
every field any kind may carry to that audience, all optional and left out when not set.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from bianmin.domain.types import Outcome, Priority


class PublicEvent(msgspec.Struct, kw_only=True, omit_defaults=True):
    """For the waiting room, a kiosk, a rating pad and a resident's phone."""

    ticket: str | None = None
    window: int | None = None
    to_window: int | None = None
    to_matter: str | None = None
    outcome: Outcome | None = None
    matters: list[str] | None = None  # joined to a ticket (联办)
    notice: str | None = None
    title: str | None = None  # a notice's, masked
    text: str | None = None  # a notice's, masked
    show_from: date | None = None
    show_until: date | None = None


class StaffEvent(msgspec.Struct, kw_only=True, omit_defaults=True):
    """For clerks and the office (the office's list names more fields than the clerks')."""

    ticket: str | None = None
    number: str | None = None
    matter: str | None = None
    day: date | None = None
    serial: int | None = None
    priority: Priority | None = None
    bundle: str | None = None
    plan: list[str] | None = None
    any_order: list[str] | None = None
    matters: list[str] | None = None
    window: int | None = None
    clerk: str | None = None
    first_responder: bool | None = None
    to_window: int | None = None
    to_matter: str | None = None
    reason: str | None = None
    outcome: Outcome | None = None
    promised_date: date | None = None
    missing_materials: list[str] | None = None
    authority: str | None = None
    authority_days: int | None = None
    answer: str | None = None
    note: str | None = None
    overdue: bool | None = None
    correction: str | None = None
    why: str | None = None
    was: Outcome | None = None
    decision: str | None = None
    from_matter: str | None = None
    late: bool | None = None
    owner: str | None = None
    minutes: int | None = None
    device: str | None = None
    status: str | None = None
    detail: str | None = None
    appointment: str | None = None
    code: str | None = None
    slot: str | None = None
    name: str | None = None  # masked but for the office
    phone: str | None = None  # masked but for the office
    address: str | None = None  # masked but for the office
    home_visit: bool | None = None
    by: str | None = None
    channel: str | None = None
    result: str | None = None
    rating: str | None = None
    notice: str | None = None
    title: str | None = None
    text: str | None = None
    names: list[str] | None = None
    show_from: date | None = None
    show_until: date | None = None
    # Ratings and the cases bad ones open (差评整改): the office's alone.
    points: list[str] | None = None
    case: str | None = None
    department: str | None = None
    assignee: str | None = None
    due: date | None = None
    reached: bool | None = None
    level: str | None = None


class HistoryEntry(StaffEvent):
    """One event of a ticket's history, as staff read it."""

    seq: int
    kind: str
    at: datetime
