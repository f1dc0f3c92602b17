"""Windows and the whole hall for each audience: the public, clerks and the office."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict
from urllib.parse import quote

from bianmin.config import Config
from bianmin.domain.estimate import Board
from bianmin.domain.hall import Hall
from bianmin.domain.notices import Notice
from bianmin.domain.types import OUTCOME_NAMES, PRIORITY_NAMES, Priority, WindowStatus
from bianmin.domain.windows import WindowState, public_pause_note
from bianmin.wire import bundles as wb
from bianmin.wire import hall as wh
from bianmin.wire import live
from bianmin.wire.hall import PROTOCOL_VERSION
from server.present import bundles
from server.present.tickets import ticket_staff


class WindowFields(TypedDict):
    number: int
    label: str
    department: str
    matters: list[str]
    strict_matter_order: bool
    status: WindowStatus
    clerk: wh.Badge | None
    current: wh.AtWindow | None
    waiting_here: int
    pause_note: str
    changed_at: datetime | None


class HallFields(TypedDict):
    protocol: int
    seq: int
    now: datetime
    day: date
    center: wh.Center
    matters: list[wh.MatterView]
    bundles: list[wb.BundleView]
    recent_calls: list[wh.Call]
    outcomes: dict[str, str]
    priorities: dict[str, str]
    rules: wh.HallRules
    notices: list[wh.NoticePublic]
    office: wh.OfficeRulesView


def window_public(w: WindowState, hall: Hall) -> wh.WindowPublic:
    return wh.WindowPublic(**_window_fields(w, hall))


def window_staff(w: WindowState, hall: Hall) -> wh.WindowStaff:
    return wh.WindowStaff(**_window_fields(w, hall), paused_reason=w.pause_reason)


def _window_fields(w: WindowState, hall: Hall) -> WindowFields:
    rule = hall.catalog.windows[w.number]
    current = hall.tickets.get(w.current) if w.current else None
    return WindowFields(
        number=w.number,
        label=rule.label,
        department=rule.department,
        matters=list(rule.matters),
        strict_matter_order=rule.strict_matter_order,
        status=w.status,
        clerk=None if w.clerk is None else badge(w.clerk, hall),
        current=None if current is None else wh.AtWindow(
            id=current.id, number=current.number, state=current.state),
        waiting_here=hall.waiting_for_window(w.number),
        pause_note=public_pause_note(w.pause_reason) if w.paused else "",
        changed_at=w.changed_at,
    )


def badge(staff_no: str, hall: Hall) -> wh.Badge:
    version = hall.catalog.photos.get(staff_no)
    photo = f"/api/clerks/{quote(staff_no)}/photo?v={version}" if version else ""
    return wh.Badge(staff_no=staff_no, name=hall.catalog.clerk_name(staff_no), photo=photo)


def notice_public(n: Notice) -> wh.NoticePublic:
    return wh.NoticePublic(id=n.id, title=n.public_title, text=n.public_text,
                           show_from=n.show_from, show_until=n.show_until)


def queue(hall: Hall, number: int, limit: int, now: datetime) -> wh.WindowQueue:
    rule = hall.window_rule(number)
    waiting = hall.waiting_by_matter()
    board = hall.waits(now)
    return wh.WindowQueue(
        window=window_public(hall.windows[number], hall),
        waiting={p: waiting[p] for p in rule.matters},
        waiting_here=hall.waiting_for_window(number),
        next=[ticket_staff(t, hall, now, board) for t in hall.upcoming(number, limit)],
    )


def queues(hall: Hall, seq: int, now: datetime) -> live.Queues:
    """How many wait for each matter, and about how long a ticket taken now would wait."""
    board = hall.waits(now)
    return live.Queues(seq=seq, waiting=hall.waiting_by_matter(),
                       wait_minutes={p: hall.wait_for_matter(p, now, board)
                                     for p in hall.catalog.matters})


def _base(hall: Hall, config: Config, seq: int, now: datetime, board: Board) -> HallFields:
    waiting = hall.waiting_by_matter()
    today = hall.today(now)
    catalog = hall.catalog
    return HallFields(
        protocol=PROTOCOL_VERSION,
        seq=seq,
        now=now,
        day=today,
        center=wh.Center(name=config.center.name, name_en=config.center.name_en,
                            english=config.center.english,
                            complaint_phone=config.center.complaint_phone),
        matters=[
            wh.MatterView(
                prefix=m.prefix, name=m.name, name_en=m.name_en, handling=m.handling,
                time_limit_minutes=m.time_limit_minutes, materials=list(m.materials),
                wait_hint=m.wait_hint,
                windows=[w.number for w in catalog.windows_serving(m.prefix)],
                waiting=waiting[m.prefix],
                wait_minutes=hall.wait_for_matter(m.prefix, now, board))
            for m in catalog.matters.values()
        ],
        bundles=[bundles.bundle_view(b, catalog) for b in catalog.bundles.values()],
        recent_calls=[wh.Call(ticket=c.ticket, number=c.number, window=c.window, at=c.at,
                                 recall=c.recall) for c in hall.recent_calls],
        outcomes={o.value: config.outcome_names.get(o, OUTCOME_NAMES[o])
                     for o in config.outcome_names},
        priorities={p.value: PRIORITY_NAMES[p] for p in Priority},
        rules=wh.HallRules(
            immediate_limit_minutes=catalog.rules.immediate_limit_minutes,
            recalls_before_no_show=catalog.rules.recalls_before_no_show,
            stall_minutes=catalog.rules.stall_minutes),
        notices=[notice_public(n) for n in hall.office.current_notices(today)],
        office=wh.OfficeRulesView(
            slots=[s.label for s in catalog.office.slots],
            complaint_reasons=list(catalog.office.complaint_reasons),
            unsatisfied_reasons=list(catalog.office.unsatisfied_reasons),
            rating_minutes=catalog.office.rating_minutes),
    )


def _printers(hall: Hall) -> list[wh.PrinterView]:
    return [wh.PrinterView(device=p.device, status=p.status, detail=p.detail, at=p.at)
            for p in hall.printers.values()]


def hall_public(hall: Hall, config: Config, seq: int, now: datetime) -> wh.HallPublic:
    return wh.HallPublic(
        **_base(hall, config, seq, now, hall.waits(now)),
        windows=[window_public(w, hall) for w in hall.windows.values()],
    )


def hall_clerk(hall: Hall, config: Config, seq: int, now: datetime) -> wh.HallClerk:
    board = hall.waits(now)
    return wh.HallClerk(
        **_base(hall, config, seq, now, board),
        windows=[window_public(w, hall) for w in hall.windows.values()],
        tickets=[ticket_staff(t, hall, now, board) for t in hall.open_tickets()],
        printers=_printers(hall),
    )


def hall_office(hall: Hall, config: Config, seq: int, now: datetime) -> wh.HallOffice:
    board = hall.waits(now)
    return wh.HallOffice(
        **_base(hall, config, seq, now, board),
        windows=[window_staff(w, hall) for w in hall.windows.values()],
        tickets=[ticket_staff(t, hall, now, board) for t in hall.open_tickets()],
        printers=_printers(hall),
    )
