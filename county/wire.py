"""The county service's API on the wire: each answer and request declared once as a Struct
(`bianmin.wire.base`); a center's figures go out as `bianmin.wire.office.Figures`, the very
type its own office reads.

The county sees what its halls let leave: personal data masked (see server/present/county.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from bianmin.wire.base import Line12, Line20, Wire

LinkState = Literal["up", "down", "never"]


class Login(Wire):
    staff_no: Line20
    pin: Line12


class SignedIn(Wire):
    token: str
    staff_no: str
    name: str
    county: str


class Me(Wire):
    staff_no: str
    name: str
    county: str


class Done(Wire):
    done: bool = True


class PrinterFault(Wire):
    device: str
    status: str
    detail: str
    since: datetime


class CenterLive(Wire):
    """A center as it stands, from the events it shipped: the county's live board."""

    id: str
    name: str
    hall_name: str
    link: LinkState  # never: it has not reached the county yet
    link_down: bool  # not heard from for longer than `[live] link_down_minutes`
    last_contact_at: datetime | None
    last_event_at: datetime | None
    seconds_since_event: int | None
    seconds_since_contact: int | None
    behind: int  # events the hall has and the county does not, as the hall last said
    day: date | None  # the hall's day the figures below are of
    waiting: int
    windows_open: int
    windows_paused: int
    windows: int
    serving: int
    overdue: int  # being served past the matter's time limit now
    issued_today: int
    served_today: int
    printer_faults: list[PrinterFault]


class Board(Wire):
    county: str
    now: datetime
    link_down_minutes: float
    centers: list[CenterLive]
    waiting: int
    windows_open: int
    overdue: int
    printer_faults: int
    links_down: int


class Ranked(Wire):
    rank: int | None  # None: no data for this measure (e.g. nobody rated)
    key: str
    label: str
    value: float | None
    served: int


class Ranking(Wire):
    measure: str
    title: str
    lower_is_better: bool
    rows: list[Ranked]


class Rankings(Wire):
    since: date
    until: date
    generated_at: datetime
    centers: list[Ranking]
    windows: list[Ranking]


class CountyComplaint(Wire):
    center: str
    center_name: str
    number: str
    lodged_at: datetime
    channel: str
    window: int | None
    clerk: str | None
    clerk_name: str | None
    reason: str  # as the hall let it leave: numbers masked
    state: str
    state_name: str
    notes: list[str]
    result: str
    answered_at: datetime | None
    minutes_to_answer: int | None
    days_open: int | None  # days since lodged, while not answered


class Health(Wire):
    status: Literal["ok"]
    schema_version: int
    centers: int
