"""Windows and the whole hall, per audience: what a snapshot and `GET /api/hall` carry."""

from __future__ import annotations

from datetime import date, datetime

from bianmin.domain.types import Outcome, TicketState, WindowStatus
from bianmin.wire.base import Wire
from bianmin.wire.bundles import BundleView
from bianmin.wire.tickets import TicketStaff

PROTOCOL_VERSION = 2


class Badge(Wire):
    """The clerk at a window, as on their badge (挂牌上岗)."""

    staff_no: str
    name: str
    photo: str = ""  # where the window screen gets their photo (with a device token), if any


class AtWindow(Wire):
    """The ticket called or served at a window."""

    id: str
    number: str
    state: TicketState


class WindowPublic(Wire):
    number: int
    label: str
    department: str
    matters: list[str]
    strict_matter_order: bool
    status: WindowStatus
    clerk: Badge | None
    current: AtWindow | None
    waiting_here: int  # tickets sent to this window alone
    pause_note: str  # why it is paused, when that is one of the usual public reasons
    changed_at: datetime | None


class WindowStaff(WindowPublic):
    """A window with what its clerk wrote: for that clerk and the office."""

    paused_reason: str


class WindowQueue(Wire):
    """What a window calls next, in order, and how many wait for it."""

    window: WindowPublic
    waiting: dict[str, int]  # per matter it serves
    waiting_here: int
    next: list[TicketStaff]


class Center(Wire):
    name: str
    name_en: str
    english: bool
    complaint_phone: str


class MatterView(Wire):
    prefix: str
    name: str
    name_en: str
    handling: Outcome
    time_limit_minutes: int
    materials: list[str]
    wait_hint: str
    windows: list[int]
    waiting: int
    wait_minutes: int | None = None  # 预计等候 for a ticket taken now; null: no window open


class Call(Wire):
    ticket: str
    number: str
    window: int
    at: datetime
    recall: bool


class HallRules(Wire):
    immediate_limit_minutes: int
    recalls_before_no_show: int
    stall_minutes: int


class OfficeRulesView(Wire):
    slots: list[str]
    complaint_reasons: list[str]
    unsatisfied_reasons: list[str]
    rating_minutes: int


class NoticePublic(Wire):
    """A notice as the hall shows it: names, phone and ID numbers masked."""

    id: str
    title: str
    text: str
    show_from: date
    show_until: date


class PrinterView(Wire):
    device: str
    status: str
    detail: str
    at: datetime


class HallBase(Wire):
    protocol: int
    seq: int
    now: datetime
    day: date
    center: Center
    matters: list[MatterView]
    bundles: list[BundleView]  # 一件事 the kiosk offers
    recent_calls: list[Call]
    outcomes: dict[str, str]
    priorities: dict[str, str]
    rules: HallRules
    notices: list[NoticePublic]
    office: OfficeRulesView


class HallPublic(HallBase):
    """What the hall's screens, kiosks and pads show: counts per matter (in `matters`), not
    the tickets themselves."""

    windows: list[WindowPublic]


class HallClerk(HallBase):
    windows: list[WindowPublic]
    tickets: list[TicketStaff]
    printers: list[PrinterView]


class HallOffice(HallBase):
    windows: list[WindowStaff]
    tickets: list[TicketStaff]
    printers: list[PrinterView]
