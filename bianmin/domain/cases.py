"""Bad ratings followed up (差评整改), as the national 好差评 standard asks.

Every 不满意 and 非常不满意 opens a case, assigned to the head of the department the window
belongs to (or to the office when the department has none). The resident is called back
(回访) and the fault put right (整改) within the configured working days; a case is closed
only once its call-back is recorded, or the reason it could not be made, and what was done.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from bianmin.domain import office_events as oe
from bianmin.domain.catalog import Catalog
from bianmin.domain.errors import Conflict, InvalidCommand
from bianmin.domain.events import Event
from bianmin.domain.windows import clean_text

# The five levels of the national standard, best first.
RATINGS = {"very-satisfied": "非常满意", "satisfied": "满意", "basic": "基本满意",
           "unsatisfied": "不满意", "very-unsatisfied": "非常不满意"}
GOOD = frozenset({"very-satisfied", "satisfied"})  # 好评, for 好评率
BAD = frozenset({"unsatisfied", "very-unsatisfied"})  # 差评: each opens a case

OPEN, CLOSED = "open", "closed"
STATE_NAMES = {OPEN: "办理中", CLOSED: "已办结"}
FLAGS = {"due-soon": "即将到期", "overdue": "已超期"}
OFFICE = ""  # a case assigned to no head: the office as a whole has it


@dataclass(frozen=True, slots=True)
class Case:
    id: str  # CP20261130001
    opened_at: datetime
    ticket: str
    number: str
    window: int
    clerk: str | None
    department: str
    assignee: str
    rating: str
    due: date
    points: tuple[str, ...] = ()
    words: str = ""  # what the resident wrote, if anything
    phone: str = ""  # for the call-back, if the resident gave one
    state: str = OPEN
    # The last call-back: reached the resident, or recorded as not possible (and why).
    called_back_at: datetime | None = None
    called_back_by: str = ""
    reached: bool | None = None
    callback_note: str = ""
    rectified_at: datetime | None = None
    rectified_by: str = ""
    rectification: str = ""
    closed_at: datetime | None = None
    closed_by: str = ""
    late: bool = False  # closed after its due day
    flagged: str = ""  # the last flag raised: "", due-soon, overdue
    log: tuple[str, ...] = ()  # every step, for whoever reads the case

    @property
    def callback_done(self) -> bool:
        """The call-back is recorded: the resident reached, or why they could not be."""
        return self.called_back_at is not None


def case_number(day: date, serial: int) -> str:
    """CP20261130001: 差评 (CP), the day of the rating, and the day's count."""
    return f"CP{day:%Y%m%d}{serial:03d}"


def assignee_for(catalog: Catalog, window: int) -> tuple[str, str]:
    """The window's department and the head who answers for it ("" for the office)."""
    rule = catalog.window(window)
    department = rule.department if rule else ""
    return department, catalog.heads.get(department, OFFICE)


def check_assignee(catalog: Catalog, assignee: str) -> str:
    assignee = assignee.strip()
    if assignee != OFFICE and assignee not in catalog.heads.values():
        raise InvalidCommand("no-such-head", f"工号 {assignee} 不是部门负责人；"
                             "请选择一位部门负责人，或交中心办公室办理。")
    return assignee


def decide_call_back(c: Case, by: str, reached: bool, note: str, now: datetime
                     ) -> oe.CaseCalledBack:
    _still_open(c)
    note = clean_text(note, 500)
    if not note:
        raise InvalidCommand("note-required", "请记录群众的意见。" if reached else
                             "请写明无法回访的原因（如未留电话、多次拨打无人接听）。")
    return oe.CaseCalledBack(at=now, case=c.id, by=by, reached=reached, note=note)


def decide_rectify(c: Case, by: str, note: str, now: datetime) -> oe.CaseRectified:
    _still_open(c)
    note = clean_text(note, 1000)
    if not note:
        raise InvalidCommand("note-required", "请写明整改情况（核实结果和采取的措施）。")
    return oe.CaseRectified(at=now, case=c.id, by=by, note=note)


def decide_close(c: Case, by: str, note: str, now: datetime, today: date) -> oe.CaseClosed:
    _still_open(c)
    if not c.callback_done:
        raise Conflict("callback-required", f"差评件 {c.id} 尚未回访：请先记录回访情况，"
                       "无法回访的请记录原因，再办结。")
    if c.rectified_at is None:
        raise Conflict("rectification-required",
                       f"差评件 {c.id} 尚未记录整改情况，请先记录再办结。")
    return oe.CaseClosed(at=now, case=c.id, by=by, note=clean_text(note, 500),
                         late=today > c.due)


def _still_open(c: Case) -> None:
    if c.state == CLOSED:
        raise Conflict("case-closed", f"差评件 {c.id} 已办结。")


def apply(c: Case | None, event: Event) -> Case | None:
    stamp = f"{event.at:%m-%d %H:%M}"
    match event:
        case oe.CaseOpened():
            return Case(id=event.case, opened_at=event.at, ticket=event.ticket,
                        number=event.number, window=event.window, clerk=event.clerk,
                        department=event.department, assignee=event.assignee,
                        rating=event.rating, due=event.due,
                        log=(f"{stamp} {RATINGS.get(event.rating, event.rating)}，"
                             f"限 {event.due:%m月%d日} 前回访整改",))
        case oe.CaseAssigned(assignee=assignee, by=by) if c is not None:
            return replace(c, assignee=assignee, flagged="",
                           log=(*c.log, f"{stamp} {by} 转交 {assignee or '中心办公室'}"))
        case oe.CaseCalledBack(by=by, reached=reached, note=note) if c is not None:
            said = "回访" if reached else "无法回访"
            return replace(c, called_back_at=event.at, called_back_by=by, reached=reached,
                           callback_note=note, log=(*c.log, f"{stamp} {by} {said}：{note}"))
        case oe.CaseRectified(by=by, note=note) if c is not None:
            return replace(c, rectified_at=event.at, rectified_by=by, rectification=note,
                           log=(*c.log, f"{stamp} {by} 整改：{note}"))
        case oe.CaseClosed(by=by, note=note, late=late) if c is not None:
            return replace(c, state=CLOSED, closed_at=event.at, closed_by=by, late=late,
                           log=(*c.log, f"{stamp} {by} 办结" + (f"：{note}" if note else "")))
        case oe.CaseFlagged(level=level) if c is not None:
            return replace(c, flagged=level)
    return c


def with_rating(c: Case, rated: oe.TicketRated) -> Case:
    """The rating's own details: what went wrong, the words and the phone (the office's)."""
    return replace(c, points=rated.points, words=rated.reason, phone=rated.phone)
