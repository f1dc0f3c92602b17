"""Office records on the wire: in full for the office, masked for everyone else."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict

import msgspec

from bianmin.config import Config
from bianmin.domain import cases as cs
from bianmin.domain.appointments import Appointment
from bianmin.domain.cases import Case
from bianmin.domain.catalog import Catalog
from bianmin.domain.complaints import ANSWERED, STATE_NAMES, Complaint
from bianmin.domain.figures import Figures as FigureTally
from bianmin.domain.notices import Notice
from bianmin.domain.privacy import mask_address, mask_name, mask_phone, mask_text
from bianmin.wire import office as wo

APPOINTMENT_STATES = {"booked": "已预约", "checked-in": "已签到", "cancelled": "已取消",
                      "assigned": "已指派", "started": "上门办理中", "done": "已上门办结"}


class AppointmentFields(TypedDict):
    matter: str
    matter_name: str
    day: date
    slot: str
    name: str
    phone: str
    home_visit: bool
    address: str
    state: str
    state_name: str
    ticket: str | None
    booked_at: datetime
    checked_in_at: datetime | None
    assigned_to: str | None
    assigned_name: str | None
    done_at: datetime | None


def _appointment(a: Appointment, catalog: Catalog, *, masked: bool) -> AppointmentFields:
    matter = catalog.matter(a.matter)
    return AppointmentFields(
        matter=a.matter,
        matter_name=matter.name if matter else a.matter,
        day=a.day,
        slot=a.slot,
        name=mask_name(a.name) if masked else a.name,
        phone=mask_phone(a.phone) if masked else a.phone,
        home_visit=a.home_visit,
        address=mask_address(a.address) if masked else a.address,
        state=a.state,
        state_name=APPOINTMENT_STATES.get(a.state, a.state),
        ticket=a.ticket,
        booked_at=a.booked_at,
        checked_in_at=a.checked_in_at,
        assigned_to=a.assigned_to,
        assigned_name=catalog.clerk_name(a.assigned_to) if a.assigned_to else None,
        done_at=a.done_at,
    )


def appointment_public(a: Appointment, catalog: Catalog) -> wo.AppointmentPublic:
    return wo.AppointmentPublic(**_appointment(a, catalog, masked=True))


def appointment_full(a: Appointment, catalog: Catalog) -> wo.AppointmentFull:
    return wo.AppointmentFull(**_appointment(a, catalog, masked=False), code=a.code,
                              note=a.note, by=a.by, started_at=a.started_at)


def home_visit(a: Appointment, catalog: Catalog) -> wo.HomeVisit:
    """For the clerk the visit is assigned to (see `wo.HomeVisit`)."""
    matter = catalog.matter(a.matter)
    return wo.HomeVisit(
        code=a.code, matter=a.matter, matter_name=matter.name if matter else a.matter,
        day=a.day, slot=a.slot, name=a.name, phone=a.phone, address=a.address, note=a.note,
        state=a.state, state_name=APPOINTMENT_STATES.get(a.state, a.state), ticket=a.ticket,
        started_at=a.started_at, done_at=a.done_at)


def booked_public(a: Appointment, catalog: Catalog, message: str) -> wo.BookedPublic:
    return wo.BookedPublic(**_appointment(a, catalog, masked=True), code=a.code,
                           message=message)


def booked_full(a: Appointment, catalog: Catalog, message: str) -> wo.BookedFull:
    return wo.BookedFull(**_appointment(a, catalog, masked=False), code=a.code, note=a.note,
                         by=a.by, started_at=a.started_at, message=message)


class ComplaintFields(TypedDict):
    number: str
    state: str
    state_name: str
    lodged_at: datetime
    answered_at: datetime | None
    minutes_to_answer: int | None
    result: str
    due: date | None
    due_status: str
    late: bool


def _complaint(c: Complaint, result: str, catalog: Catalog, today: date) -> ComplaintFields:
    status = "" if c.due is None or c.state == ANSWERED else catalog.calendar.status(
        c.due, today, catalog.office.due_soon_working_days)
    return ComplaintFields(number=c.number, state=c.state, state_name=STATE_NAMES[c.state],
                           lodged_at=c.lodged_at, answered_at=c.answered_at,
                           minutes_to_answer=c.minutes_to_answer, result=result, due=c.due,
                           due_status=status, late=c.late)


def complaint_state(c: Complaint) -> wo.ComplaintState:
    return wo.ComplaintState(number=c.number, state=c.state, state_name=STATE_NAMES[c.state])


def complaint_public(c: Complaint, catalog: Catalog, today: date) -> wo.ComplaintPublic:
    return wo.ComplaintPublic(**_complaint(c, mask_text(c.result), catalog, today))


class ComplaintFullFields(TypedDict):
    code: str
    channel: str
    window: int | None
    clerk: str | None
    clerk_name: str | None
    reason: str
    phone: str
    notes: list[str]
    handler: str | None


def _complaint_full(c: Complaint, catalog: Catalog) -> ComplaintFullFields:
    return ComplaintFullFields(
        code=c.code, channel=c.channel, window=c.window, clerk=c.clerk,
        clerk_name=catalog.clerk_name(c.clerk) if c.clerk else None, reason=c.reason,
        phone=c.phone, notes=list(c.notes), handler=c.handler)


def complaint_full(c: Complaint, catalog: Catalog, today: date) -> wo.ComplaintFull:
    return wo.ComplaintFull(**_complaint(c, c.result, catalog, today),
                            **_complaint_full(c, catalog))


def lodged_public(c: Complaint, catalog: Catalog, today: date, message: str
                  ) -> wo.LodgedPublic:
    return wo.LodgedPublic(**_complaint(c, mask_text(c.result), catalog, today), code=c.code,
                           message=message)


def lodged_full(c: Complaint, catalog: Catalog, today: date, message: str) -> wo.LodgedFull:
    return wo.LodgedFull(**_complaint(c, c.result, catalog, today),
                         **_complaint_full(c, catalog), message=message)


def case_view(k: Case, config: Config, today: date) -> wo.CaseView:
    catalog = config.catalog
    window = catalog.window(k.window)
    head = config.staff.get(k.assignee)
    open_ = k.state != cs.CLOSED
    return wo.CaseView(
        id=k.id, opened_at=k.opened_at, ticket=k.ticket, number=k.number, window=k.window,
        window_label=window.label if window else f"{k.window}号窗口",
        clerk=k.clerk, clerk_name=catalog.clerk_name(k.clerk) if k.clerk else None,
        department=k.department, assignee=k.assignee,
        assignee_name=head.name if head else "中心办公室",
        rating=k.rating, rating_name=cs.RATINGS.get(k.rating, k.rating),
        points=list(k.points), words=k.words, phone=k.phone, due=k.due,
        due_status=catalog.calendar.status(k.due, today, catalog.office.due_soon_working_days)
        if open_ else "",
        working_days_left=catalog.calendar.between(today, k.due),
        state=k.state, state_name=cs.STATE_NAMES[k.state],
        called_back_at=k.called_back_at, called_back_by=k.called_back_by, reached=k.reached,
        callback_note=k.callback_note, rectified_at=k.rectified_at,
        rectified_by=k.rectified_by, rectification=k.rectification, closed_at=k.closed_at,
        closed_by=k.closed_by, late=k.late, log=list(k.log))


def notice_full(n: Notice) -> wo.NoticeFull:
    return wo.NoticeFull(id=n.id, title=n.title, text=n.text, names=list(n.names),
                         show_from=n.show_from, show_until=n.show_until,
                         published_at=n.published_at, by=n.by, state=n.state,
                         public_title=n.public_title, public_text=n.public_text)


def figures(tally: FigureTally, center: str, since: date, until: date,
            generated_at: datetime) -> wo.Figures:
    return wo.Figures(
        center=center, since=since, until=until, generated_at=generated_at,
        rows=msgspec.convert(tally.rows(), list[wo.FigureRow]),
        daily=msgspec.convert(tally.daily(), list[wo.DayRow]),
        hourly=msgspec.convert(tally.hourly(), list[wo.HourRow]))
