"""Complaints (24小时受理举报): lodged at any hour, numbered, followed up, answered within the
configured working days (`due`), and the result told to whoever lodged it.

Numbers run in order through the day, so anyone could guess one: each complaint also gets a
query code (查询码) when lodged, given only to whoever lodged it, and a complaint is shown
outside the office only to someone who has both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from bianmin.domain import office_events as oe
from bianmin.domain.appointments import CODE_ALPHABET
from bianmin.domain.events import Event

RECEIVED, HANDLING, ANSWERED = "received", "handling", "answered"
STATE_NAMES = {RECEIVED: "已受理", HANDLING: "处理中", ANSWERED: "已答复"}
CHANNELS = ("kiosk", "web", "phone", "office")
CODE_LENGTH = 6  # 32**6, about a billion: with lookups rate-limited, not worth guessing


@dataclass(frozen=True, slots=True)
class Complaint:
    number: str
    lodged_at: datetime
    channel: str
    reason: str
    window: int | None = None
    clerk: str | None = None
    phone: str = ""
    state: str = RECEIVED
    notes: tuple[str, ...] = ()
    handler: str | None = None
    result: str = ""
    answered_at: datetime | None = None
    request_id: str = ""
    code: str = ""  # the query code; "" for complaints lodged before there were codes
    due: date | None = None  # the day to answer by; None for those lodged before deadlines
    late: bool = False  # answered after its due day

    @property
    def minutes_to_answer(self) -> int | None:
        if self.answered_at is None:
            return None
        return int((self.answered_at - self.lodged_at).total_seconds() // 60)


def complaint_number(day: date, serial: int) -> str:
    """TS20261127001: 投诉 (TS), the day, and the day's count."""
    return f"TS{day:%Y%m%d}{serial:03d}"


def is_query_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def serial_of(number: str) -> tuple[date, int]:
    return date(int(number[2:6]), int(number[6:8]), int(number[8:10])), int(number[10:])


def apply(c: Complaint | None, event: Event) -> Complaint | None:
    match event:
        case oe.ComplaintLodged():
            return Complaint(number=event.number, lodged_at=event.at, channel=event.channel,
                             reason=event.reason, window=event.window, clerk=event.clerk,
                             phone=event.phone, request_id=event.request_id, code=event.code,
                             due=event.due)
        case oe.ComplaintHandling(by=by, note=note) if c is not None:
            return replace(c, state=HANDLING if c.state != ANSWERED else ANSWERED,
                           handler=by, notes=(*c.notes, f"{event.at:%m-%d %H:%M} {note}"))
        case oe.ComplaintAnswered(by=by, result=result) if c is not None:
            return replace(c, state=ANSWERED, handler=by, result=result, answered_at=event.at,
                           late=event.late)
    return c
