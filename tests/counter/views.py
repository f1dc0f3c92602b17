"""The hub's views as the counter's pure tests need them: every field filled with a plain
value, the ones a test is about given by name."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from msgspec.structs import replace

from bianmin.domain.limits import PromiseStatus
from bianmin.domain.types import Outcome, Priority, QueueClass, TicketState, WindowStatus
from bianmin.wire.hall import (
    Badge,
    Center,
    HallClerk,
    HallRules,
    MatterView,
    OfficeRulesView,
    WindowPublic,
)
from bianmin.wire.tickets import Promise, Supervised, TicketStaff

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=TZ)
RULES = HallRules(immediate_limit_minutes=30, recalls_before_no_show=2, stall_minutes=20)
CENTER = Center(
    name="青溪镇便民服务中心",
    name_en="Qingxi Town Convenience Service Center",
    english=True,
    complaint_phone="0571-8468123",
)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


_TICKET = TicketStaff(
    id="t1",
    number="A001",
    serial=1,
    matter="A",
    queue_matter="A",
    matter_name="户籍办理",
    priority=Priority.NORMAL,
    priority_name="普通",
    queue_class=QueueClass.NORMAL,
    state=TicketState.WAITING,
    state_name="等候中",
    day=T0.date(),
    window=None,
    target_window=None,
    transferred=False,
    recalls=0,
    ahead=0,
    issued_at=T0,
    enqueued_at=T0,
    called_at=None,
    received_at=None,
    finished_at=None,
    outcome=None,
    bundle=None,
    clerk=None,
    clerk_name=None,
    owner=None,
    owner_name=None,
    owner_window=None,
    transfers=0,
    note="",
    stalled=False,
    changed_at=T0,
    device="kiosk-1",
    appointment="",
    rating="",
    promised_date=None,
    promise_kept_at=None,
    limit_minutes=None,
    warn_at=None,
    due_at=None,
    overdue=False,
    steps_done=[],
)


def ticket(**fields: Any) -> TicketStaff:
    return replace(_TICKET, **fields)


def promise(tid: str, days_left: int, status: PromiseStatus, number: str = "A001") -> Promise:
    """A 承诺件 received on 24 November, promised for 5 December."""
    fields = {name: getattr(_TICKET, name) for name in _TICKET.__struct_fields__}
    fields.update(
        id=tid,
        number=number,
        day=date(2026, 11, 24),
        state=TicketState.DONE,
        outcome=Outcome.PROMISED,
        promised_date=date(2026, 12, 5),
    )
    return Promise(**fields, promise_status=status, days_left=days_left)


def supervised(**fields: Any) -> Supervised:
    base: dict[str, Any] = {
        "ticket": ticket(state=TicketState.WAITING, target_window=8),
        "where": "等候 8号窗口",
        "with_clerk": None,
        "with_clerk_name": None,
        "since": at(0),
        "minutes": 0,
        "stalled": False,
        "finished_elsewhere": False,
    }
    base.update(fields)
    return Supervised(**base)


def window(number: int, **fields: Any) -> WindowPublic:
    base: dict[str, Any] = {
        "number": number,
        "label": f"{number}号窗口",
        "department": "户籍",
        "matters": ["A"],
        "strict_matter_order": False,
        "status": WindowStatus.OPEN,
        "clerk": Badge(staff_no="1001", name="张丽"),
        "current": None,
        "waiting_here": 0,
        "pause_note": "",
        "changed_at": T0,
    }
    base.update(fields)
    return WindowPublic(**base)


def matter(prefix: str, name: str) -> MatterView:
    return MatterView(
        prefix=prefix,
        name=name,
        name_en="",
        handling=Outcome.IMMEDIATE,
        time_limit_minutes=30,
        materials=[],
        wait_hint="",
        windows=[1],
        waiting=0,
    )


def hall(
    windows: list[WindowPublic], tickets: list[TicketStaff], matters: list[MatterView], seq: int
) -> HallClerk:
    return HallClerk(
        protocol=2,
        seq=seq,
        now=T0,
        day=T0.date(),
        center=CENTER,
        matters=matters,
        bundles=[],
        recent_calls=[],
        outcomes={},
        priorities={},
        rules=RULES,
        notices=[],
        office=OfficeRulesView(
            slots=[], complaint_reasons=[], unsatisfied_reasons=[], rating_minutes=10
        ),
        windows=windows,
        tickets=tickets,
        printers=[],
    )
