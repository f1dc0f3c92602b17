"""The office side of the hall: appointments, complaints, ratings and the cases bad ratings
open, and notices.

`Office.decide` checks the rules and returns events; `Office.apply` folds them in and marks
what changed, so the hub can keep each record's present state beside the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bianmin.domain import appointments as ap
from bianmin.domain import cases as cs
from bianmin.domain import complaints as cp
from bianmin.domain import corrections as cr
from bianmin.domain import notices as nt
from bianmin.domain import office_commands as oc
from bianmin.domain import office_events as oe
from bianmin.domain.catalog import Catalog
from bianmin.domain.codec import from_data, to_data
from bianmin.domain.commands import AskCorrection, DecideCorrection, IssueTicket
from bianmin.domain.errors import Conflict, InvalidCommand, NotFound
from bianmin.domain.events import (
    CorrectionRefused,
    CorrectionRequested,
    Event,
    TicketCorrected,
)
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import Priority, TicketState
from bianmin.domain.windows import clean_text

if TYPE_CHECKING:
    from bianmin.domain.hall import Hall

RATINGS = cs.RATINGS
OFFICE_COMMANDS = (oc.BookAppointment, oc.CancelAppointment, oc.CheckIn, oc.AssignHomeVisit,
                   oc.StartHomeVisit, oc.CompleteHomeVisit, oc.LodgeComplaint,
                   oc.HandleComplaint, oc.AnswerComplaint, oc.RateTicket, oc.AssignCase,
                   oc.CallBackCase, oc.RectifyCase, oc.CloseCase, oc.CheckDeadlines,
                   oc.PublishNotice, oc.WithdrawNotice, AskCorrection, DecideCorrection)


@dataclass(frozen=True, slots=True)
class Record:
    """One office record's present state, as the store keeps it."""

    kind: str  # appointment, complaint, case, notice, correction
    id: str
    day: date  # the day it belongs to: the appointment's, the lodging's, the case's opening,
    # the notice's last
    open: bool  # still needs someone's attention
    data: dict[str, Any]


class Office:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.appointments: dict[str, ap.Appointment] = {}
        self.complaints: dict[str, cp.Complaint] = {}
        self.cases: dict[str, cs.Case] = {}
        self.notices: dict[str, nt.Notice] = {}
        self.corrections: dict[str, cr.Correction] = {}
        self.dirty: dict[tuple[str, str], None] = {}
        self._rated: dict[str, oe.TicketRated] = {}  # a bad rating, until its case opens

    # ----- deciding ------------------------------------------------------------------------

    def decide(self, c: Any, hall: Hall, now: datetime) -> list[Event]:
        today = hall.today(now)
        match c:
            case oc.BookAppointment(booking=b):
                return [ap.decide_booking(b, self.appointments, self.catalog, today, now)]
            case oc.CancelAppointment(code=code, by=by, reason=reason):
                a = self._appointment(code)
                if a.state not in (ap.BOOKED, ap.ASSIGNED):
                    raise Conflict("not-cancellable", "该预约已签到、已完成或已取消，不能再取消。")
                return [oe.AppointmentCancelled(at=now, code=a.code, by=by,
                                                reason=clean_text(reason, 200))]
            case oc.CheckIn():
                return self._check_in(c, hall, now, today)
            case oc.AssignHomeVisit(code=code, clerk=clerk, by=by):
                a = self._appointment(code)
                if not a.home_visit or a.state not in (ap.BOOKED, ap.ASSIGNED):
                    raise Conflict("not-a-home-visit", "只有未完成的上门服务预约才能指派人员。")
                if clerk not in self.catalog.clerks:
                    raise InvalidCommand("no-such-clerk", f"没有工号为 {clerk} 的工作人员。")
                return [oe.HomeVisitAssigned(at=now, code=a.code, clerk=clerk, by=by)]
            case oc.StartHomeVisit():
                return self._start_visit(c, hall, now, today)
            case oc.CompleteHomeVisit(code=code, by=by, note=note):
                a = self._appointment(code)
                if a.state == ap.STARTED:
                    raise Conflict("visit-started", "该上门服务已由工作人员开始办理，"
                                   "在窗口终端办结时将自动登记完成。")
                if a.state != ap.ASSIGNED:
                    raise Conflict("not-assigned", "请先指派上门服务人员，再登记完成。")
                return [oe.HomeVisitCompleted(at=now, code=a.code, by=by,
                                              note=clean_text(note, 500))]
            case oc.LodgeComplaint():
                return self._lodge(c, hall, now, today)
            case oc.HandleComplaint(number=number, by=by, note=note):
                complaint = self._complaint(number)
                if not note.strip():
                    raise InvalidCommand("note-required", "请写明处理情况。")
                if complaint.state == cp.ANSWERED:
                    raise Conflict("already-answered", "该投诉已答复办结。")
                return [oe.ComplaintHandling(at=now, number=number, by=by,
                                             note=clean_text(note, 500))]
            case oc.AnswerComplaint(number=number, by=by, result=result):
                complaint = self._complaint(number)
                if not result.strip():
                    raise InvalidCommand("result-required", "请写明查处结果，以便告知投诉人。")
                if complaint.state == cp.ANSWERED:
                    raise Conflict("already-answered", "该投诉已答复办结。")
                return [oe.ComplaintAnswered(
                    at=now, number=number, by=by, result=clean_text(result, 1000),
                    late=complaint.due is not None and today > complaint.due)]
            case oc.RateTicket():
                return self._rate(c, hall, now, today)
            case oc.AssignCase(case=case, assignee=assignee, by=by):
                found = self.case(case)
                if found.state == cs.CLOSED:
                    raise Conflict("case-closed", f"差评件 {found.id} 已办结。")
                return [oe.CaseAssigned(at=now, case=found.id, by=by,
                                        assignee=cs.check_assignee(self.catalog, assignee))]
            case oc.CallBackCase(case=case, by=by, reached=reached, note=note):
                return [cs.decide_call_back(self.case(case), by, reached, note, now)]
            case oc.RectifyCase(case=case, by=by, note=note):
                return [cs.decide_rectify(self.case(case), by, note, now)]
            case oc.CloseCase(case=case, by=by, note=note):
                return [cs.decide_close(self.case(case), by, note, now, today)]
            case oc.CheckDeadlines():
                return self._flags(now, today)
            case oc.PublishNotice():
                return [self._publish(c, now, today)]
            case AskCorrection():
                return cr.decide_request(c, hall, now)
            case DecideCorrection():
                return cr.decide_decision(c, hall, now)
            case oc.WithdrawNotice(notice=notice, by=by):
                n = self.notices.get(notice)
                if n is None or n.state != nt.PUBLISHED:
                    raise NotFound("no-such-notice", "没有这条公告，或已撤下。")
                return [oe.NoticeWithdrawn(at=now, notice=notice, by=by)]
        raise InvalidCommand("unknown-command", "无法识别的操作。")

    def _appointment(self, code: str) -> ap.Appointment:
        found = self.appointments.get(code.strip().upper())
        if found is None:
            raise NotFound("no-such-appointment", f"没有预约码为 {code} 的预约。")
        return found

    def case(self, case_id: str) -> cs.Case:
        found = self.cases.get(case_id.strip().upper())
        if found is None:
            raise NotFound("no-such-case", f"没有编号为 {case_id} 的差评件，请核对编号。")
        return found

    def _flags(self, now: datetime, today: date) -> list[Event]:
        """Tell whoever has a case once when its deadline nears, and once when it passes."""
        out: list[Event] = []
        rules, calendar = self.catalog.office, self.catalog.calendar
        for c in self.cases.values():
            if c.state == cs.CLOSED:
                continue
            level = calendar.status(c.due, today, rules.due_soon_working_days)
            if level != "ok" and level != c.flagged and c.flagged != "overdue":
                out.append(oe.CaseFlagged(at=now, case=c.id, assignee=c.assignee,
                                          level=level, due=c.due))
        return out

    def _complaint(self, number: str) -> cp.Complaint:
        found = self.complaints.get(number.strip().upper())
        if found is None:
            raise NotFound("no-such-complaint", f"没有编号为 {number} 的投诉，请核对编号。")
        return found

    def _check_in(self, c: oc.CheckIn, hall: Hall, now: datetime, today: date) -> list[Event]:
        earlier = hall.ticket_for_request(c.request_id)
        if earlier is not None:
            if not earlier.appointment:
                raise Conflict("request-id-used",
                               "这个 request_id 已用于普通取号，每次签到请用新的值。")
            return []  # a retry: the ticket already issued answers it
        a = ap.find_for_check_in(self.appointments, today, code=c.code,
                                 phone_tail=c.phone_tail, surname=c.surname)
        ap.check_in_refusal(a, self.catalog, now, today)
        issued = hall.decide(IssueTicket(matter=a.matter, priority=Priority.APPOINTMENT,
                                         request_id=c.request_id, device=c.device,
                                         appointment=a.code), now)
        ticket = issued[0].ticket_id
        assert ticket is not None
        return [oe.AppointmentCheckedIn(at=now, code=a.code, ticket=ticket, device=c.device),
                *issued]

    def _start_visit(self, c: oc.StartHomeVisit, hall: Hall, now: datetime, today: date
                     ) -> list[Event]:
        """The home visit's ticket is issued and served by its clerk at once: it never
        queues, and is timed and finished like any ticket at that clerk's window."""
        a = self._appointment(c.code)
        if not a.home_visit:
            raise Conflict("not-a-home-visit", "这不是上门服务预约。")
        if a.state == ap.STARTED and a.assigned_to == c.clerk:
            return []  # a retry: the visit already started answers it
        if a.state != ap.ASSIGNED or a.assigned_to != c.clerk:
            raise Conflict("not-assigned-to-you",
                           "该上门服务未指派给您，或已办结、已取消，请与中心办公室联系。")
        if a.day != today:
            raise Conflict("not-today",
                           f"该上门服务约在{a.day.month}月{a.day.day}日，请在当天开始办理。")
        current = hall.windows[c.window].current
        if current is not None:
            raise Conflict("window-busy", f"当前号票 {hall.tickets[current].number} 尚未处理完，"
                           "请先办结或转办，再开始上门服务。")
        issued = hall.decide(IssueTicket(
            matter=a.matter, priority=Priority.APPOINTMENT, request_id=f"home-visit-{a.code}",
            device=ap.HOME_VISIT_DEVICE, appointment=a.code), now)
        ticket = issued[0].ticket_id
        assert ticket is not None
        return [*issued, oe.HomeVisitStarted(at=now, code=a.code, ticket=ticket,
                                             window=c.window, clerk=c.clerk)]

    def complaint_for_request(self, request_id: str) -> cp.Complaint | None:
        if not request_id:
            return None
        return next((c for c in self.complaints.values() if c.request_id == request_id), None)

    def _lodge(self, c: oc.LodgeComplaint, hall: Hall, now: datetime, today: date
               ) -> list[Event]:
        if self.complaint_for_request(c.request_id) is not None:
            return []  # a retry: the complaint already lodged answers it
        reason = clean_text(c.reason, 1000)
        if not reason:
            raise InvalidCommand("reason-required", "请选择或填写投诉、建议的内容。")
        if not cp.is_query_code(c.code):
            raise InvalidCommand("bad-code", "投诉查询码不正确。")
        if c.channel not in cp.CHANNELS:
            raise InvalidCommand("bad-channel", "投诉渠道不正确。")
        if c.window is not None and self.catalog.window(c.window) is None:
            raise InvalidCommand("no-such-window", f"没有 {c.window} 号窗口。")
        if c.clerk is not None and c.clerk not in self.catalog.clerks:
            raise InvalidCommand("no-such-clerk", f"没有工号为 {c.clerk} 的工作人员。")
        phone = ap.valid_phone(c.phone) if c.phone.strip() else ""
        serial = 1 + sum(1 for n in self.complaints if cp.serial_of(n)[0] == today)
        due = self.catalog.calendar.add(today, self.catalog.office.complaint_working_days)
        return [oe.ComplaintLodged(at=now, number=cp.complaint_number(today, serial),
                                   channel=c.channel, window=c.window, clerk=c.clerk,
                                   reason=reason, phone=phone, request_id=c.request_id,
                                   code=c.code, due=due)]

    def rating_closes(self, t: Ticket, phone: bool) -> datetime | None:
        """Until when `t` may be rated, at the pad or from the phone; None if it may not."""
        if t.state is not TicketState.DONE or t.rating or t.finished_at is None:
            return None
        office = self.catalog.office
        minutes = office.phone_rating_minutes if phone else office.rating_minutes
        return t.finished_at + timedelta(minutes=minutes)

    def _rate(self, c: oc.RateTicket, hall: Hall, now: datetime, today: date) -> list[Event]:
        if c.rating not in RATINGS:
            raise InvalidCommand("bad-rating",
                                 "请选择：非常满意、满意、基本满意、不满意或非常不满意。")
        t = hall.ticket(c.ticket)
        phone = c.window is None
        if t.state is not TicketState.DONE or (not phone and t.window != c.window):
            where = "" if phone else f"在{c.window}号窗口"
            raise Conflict("not-finished-here", f"号票 {t.number} 尚未{where}办结。")
        if t.rating:
            raise Conflict("already-rated", f"号票 {t.number} 已评价，感谢您的参与。")
        closes = self.rating_closes(t, phone)
        assert closes is not None and t.window is not None
        if now > closes:
            raise Conflict("rating-closed", "评价时间已过，如有意见请通过投诉建议反映。")
        points = tuple(dict.fromkeys(p.strip() for p in c.points if p.strip()))
        bad = c.rating in cs.BAD
        if bad and not points:
            raise InvalidCommand("points-required", "请选择哪些方面不满意，我们将及时改进。")
        if points and not bad:
            raise InvalidCommand("bad-points", "只有“不满意”“非常不满意”的评价需要选择不满意之处；"
                                 "请重新选择评价。")
        if any(p not in self.catalog.office.unsatisfied_reasons for p in points):
            raise InvalidCommand("bad-points", "请从列出的方面中选择不满意之处。")
        number = ap.valid_phone(c.phone) if bad and c.phone.strip() else ""
        rated = oe.TicketRated(at=now, ticket=t.id, window=t.window, rating=c.rating,
                               reason=clean_text(c.reason, 200), device=c.device,
                               points=points, phone=number,
                               channel="phone" if phone else "pad")
        if not bad:
            return [rated]
        department, assignee = cs.assignee_for(self.catalog, t.window)
        serial = 1 + sum(1 for k in self.cases if k[2:10] == f"{today:%Y%m%d}")
        return [rated, oe.CaseOpened(
            at=now, case=cs.case_number(today, serial), ticket=t.id, number=t.number,
            window=t.window, clerk=t.clerk, department=department, assignee=assignee,
            rating=c.rating,
            due=self.catalog.calendar.add(today, self.catalog.office.case_working_days))]

    def _publish(self, c: oc.PublishNotice, now: datetime, today: date) -> oe.NoticePublished:
        title, text = clean_text(c.title, 100), clean_text(c.text, 2000)
        if not title or not text:
            raise InvalidCommand("text-required", "公告须有标题和正文。")
        if c.show_until < c.show_from:
            raise InvalidCommand("bad-dates", "公告的结束日期不能早于开始日期。")
        if c.show_until < today:
            raise InvalidCommand("bad-dates", "公告的结束日期已过，请重新选择。")
        serial = 1 + sum(1 for n in self.notices.values() if n.published_at.date() == today)
        return oe.NoticePublished(
            at=now, notice=f"GG{today:%Y%m%d}{serial:02d}", title=title, text=text,
            names=tuple(n.strip() for n in c.names if n.strip()), show_from=c.show_from,
            show_until=c.show_until, by=c.by)

    # ----- applying ------------------------------------------------------------------------

    def apply(self, event: Event, hall: Hall) -> None:
        if isinstance(event, oe.AppointmentBooked | oe.AppointmentCancelled
                      | oe.AppointmentCheckedIn | oe.HomeVisitAssigned | oe.HomeVisitStarted
                      | oe.HomeVisitCompleted):
            a = ap.apply(self.appointments.get(event.code), event)
            if a is not None:
                self.appointments[a.code] = a
                self.dirty[("appointment", a.code)] = None
        elif isinstance(event, oe.ComplaintLodged | oe.ComplaintHandling
                        | oe.ComplaintAnswered):
            c = cp.apply(self.complaints.get(event.number), event)
            if c is not None:
                self.complaints[c.number] = c
                self.dirty[("complaint", c.number)] = None
        elif isinstance(event, oe.TicketRated):
            if event.rating in cs.BAD:
                self._rated[event.ticket] = event
        elif isinstance(event, oe.CaseOpened | oe.CaseAssigned | oe.CaseCalledBack
                        | oe.CaseRectified | oe.CaseClosed | oe.CaseFlagged):
            k = cs.apply(self.cases.get(event.case), event)
            if k is not None:
                if isinstance(event, oe.CaseOpened) and event.ticket in self._rated:
                    k = cs.with_rating(k, self._rated.pop(event.ticket))
                self.cases[k.id] = k
                self.dirty[("case", k.id)] = None
        elif isinstance(event, oe.NoticePublished | oe.NoticeWithdrawn):
            n = nt.apply(self.notices.get(event.notice), event)
            if n is not None:
                self.notices[n.id] = n
                self.dirty[("notice", n.id)] = None
        elif isinstance(event, CorrectionRequested | TicketCorrected | CorrectionRefused):
            x = cr.apply(self.corrections.get(event.correction), event, hall)
            if x is not None:
                self.corrections[x.id] = x
                self.dirty[("correction", x.id)] = None

    def take_dirty(self) -> list[Record]:
        out = [self.record(kind, key) for kind, key in self.dirty]
        self.dirty.clear()
        return out

    def record(self, kind: str, key: str) -> Record:
        if kind == "appointment":
            a = self.appointments[key]
            return Record(kind, key, a.day, a.state in (ap.BOOKED, ap.ASSIGNED), to_data(a))
        if kind == "complaint":
            c = self.complaints[key]
            return Record(kind, key, c.lodged_at.date(), c.state != cp.ANSWERED, to_data(c))
        if kind == "case":
            k = self.cases[key]
            return Record(kind, key, k.opened_at.date(), k.state != cs.CLOSED, to_data(k))
        if kind == "correction":
            x = self.corrections[key]
            return Record(kind, key, x.day, x.state == cr.PENDING, to_data(x))
        n = self.notices[key]
        return Record(kind, key, n.show_until, n.state == nt.PUBLISHED, to_data(n))

    def restore(self, records: list[tuple[str, dict[str, Any]]]) -> None:
        for kind, data in records:
            if kind == "appointment":
                a = from_data(ap.Appointment, data)
                self.appointments[a.code] = a
            elif kind == "complaint":
                c = from_data(cp.Complaint, data)
                self.complaints[c.number] = c
            elif kind == "case":
                k = from_data(cs.Case, data)
                self.cases[k.id] = k
            elif kind == "notice":
                n = from_data(nt.Notice, data)
                self.notices[n.id] = n
            elif kind == "correction":
                x = from_data(cr.Correction, data)
                self.corrections[x.id] = x

    def current_notices(self, today: date) -> list[nt.Notice]:
        return sorted((n for n in self.notices.values() if n.current(today)),
                      key=lambda n: n.published_at)
