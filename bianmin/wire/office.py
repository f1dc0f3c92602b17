"""The office's records on the wire: appointments, complaints, notices, ratings, figures.

The `...Public` types are what anyone outside the office may see (personal data masked, what
a complaint says left out); the `...Full` types are the office's own views.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from bianmin.wire.base import Wire
from bianmin.wire.tickets import TicketPublic


class AppointmentPublic(Wire):
    matter: str
    matter_name: str
    day: date
    slot: str
    name: str  # masked: 王**
    phone: str  # masked: 138****1234
    home_visit: bool
    address: str  # masked
    state: str
    state_name: str
    ticket: str | None
    booked_at: datetime
    checked_in_at: datetime | None
    assigned_to: str | None
    assigned_name: str | None
    done_at: datetime | None


class AppointmentFull(AppointmentPublic):
    """In full, names and phones unmasked."""

    code: str
    note: str
    by: str
    started_at: datetime | None  # a home visit, by its clerk


class HomeVisit(Wire):
    """A home visit as the clerk it is assigned to sees it: whom to call and where to go, in
    full. That clerk alone gets these details outside the office; every other view masks
    them."""

    code: str
    matter: str
    matter_name: str
    day: date
    slot: str
    name: str
    phone: str
    address: str
    note: str
    state: str  # assigned, started or done
    state_name: str
    ticket: str | None
    started_at: datetime | None
    done_at: datetime | None


class BookedPublic(AppointmentPublic):
    """A resident's own booking: the code to check in with, once."""

    code: str
    message: str


class BookedFull(AppointmentFull):
    message: str


class CheckedIn(TicketPublic):
    """The ticket a check-in issued, with its booking (masked)."""

    appointment: AppointmentPublic


class SlotPlaces(Wire):
    slot: str
    capacity: int
    left: int


class Slots(Wire):
    matter: str
    day: date
    slots: list[SlotPlaces]


class ComplaintState(Wire):
    """A complaint lodged before query codes, to anyone with its number: its state only."""

    number: str
    state: str
    state_name: str


class ComplaintPublic(ComplaintState):
    """To whoever proves it is theirs with its number and query code (names and numbers in
    the result masked); never what was said, about whom, or the phone."""

    lodged_at: datetime
    answered_at: datetime | None
    minutes_to_answer: int | None
    result: str
    due: date | None  # the day it is to be answered by (None: lodged before deadlines)
    due_status: str  # ok, due-soon, overdue while open; "" once answered
    late: bool  # answered after its due day


class ComplaintFull(ComplaintPublic):
    code: str  # the query code; "" for complaints lodged before there were codes
    channel: str
    window: int | None
    clerk: str | None
    clerk_name: str | None
    reason: str
    phone: str
    notes: list[str]
    handler: str | None


class LodgedPublic(ComplaintPublic):
    code: str  # to whoever lodged it, and no one else
    message: str


class LodgedFull(ComplaintFull):
    message: str


class ComplaintWindow(Wire):
    number: int
    label: str
    department: str


class ComplaintClerk(Wire):
    staff_no: str
    name: str
    window: int | None


class ComplaintOptions(Wire):
    """What a complaint can be about: the windows, the clerks, the usual reasons."""

    windows: list[ComplaintWindow]
    clerks: list[ComplaintClerk]
    reasons: list[str]
    phone: str


class NoticeFull(Wire):
    id: str
    title: str
    text: str
    names: list[str]
    show_from: date
    show_until: date
    published_at: datetime
    by: str
    state: str
    public_title: str
    public_text: str


class Rated(Wire):
    ticket: str
    rating: str
    rating_name: str
    message: str


class RatingLevel(Wire):
    key: str  # very-satisfied, satisfied, basic, unsatisfied, very-unsatisfied
    name: str
    bad: bool  # asks which points went wrong, and offers a call-back


class RatingOptions(Wire):
    """What a resident's phone (or the pad) offers for one ticket: whether it may be rated
    now and until when, and the five levels with the points a bad rating picks from."""

    ticket: str
    number: str
    window: int | None
    state: str  # open (may be rated now), rated, not-finished, closed (its time is over)
    closes_at: datetime | None
    levels: list[RatingLevel]
    points: list[str]
    message: str


class CaseView(Wire):
    """A bad rating's case (差评件), for the office: what the resident said and their phone."""

    id: str
    opened_at: datetime
    ticket: str
    number: str
    window: int
    window_label: str
    clerk: str | None
    clerk_name: str | None
    department: str
    assignee: str  # a head's staff number, or "" for the office
    assignee_name: str
    rating: str
    rating_name: str
    points: list[str]
    words: str
    phone: str
    due: date
    due_status: str  # ok, due-soon, overdue while open; "" once closed
    working_days_left: int  # to the due day (negative once past)
    state: str
    state_name: str
    called_back_at: datetime | None
    called_back_by: str
    reached: bool | None
    callback_note: str
    rectified_at: datetime | None
    rectified_by: str
    rectification: str
    closed_at: datetime | None
    closed_by: str
    late: bool
    log: list[str]


class Head(Wire):
    staff_no: str
    name: str
    departments: list[str]


class CaseOptions(Wire):
    """Whom a case can be given to: the department heads, or the office ("")."""

    heads: list[Head]


class FigureRow(Wire):
    dimension: str  # all, matter, window or clerk
    key: str
    label: str
    issued: int
    served: int
    no_shows: int
    cancelled: int
    expired: int
    wait_mean: float | None  # seconds
    wait_median: float | None
    wait_p90: float | None
    service_mean: float | None
    service_median: float | None
    service_p90: float | None
    transfers_out: int
    transfers_in: int
    outcome_consultation: int
    outcome_immediate: int
    outcome_promised: int
    outcome_supplement: int
    outcome_returned: int
    outcome_petition: int
    outcome_escalated: int
    overdue: int
    rating_satisfied: int
    rating_basic: int
    rating_unsatisfied: int
    complaints: int
    promises_late: int
    rating_very_satisfied: int
    rating_very_unsatisfied: int
    corrections: int  # approved corrections of finishes in the range
    moved: int  # moved by the front desk out of this matter's queue
    home_visits: int


class BundleRow(Wire):
    """一件事 (and 联办件 a clerk started, `bundle` ""): how many went how far, and how long
    the whole took against the bundle's limit (seconds)."""

    bundle: str
    label: str
    started: int
    done: int  # every step finished with an outcome that lets the resident go on
    stopped: int  # a step's outcome (退回, 补充, 信访) stopped it
    ended: int  # cancelled or expired before its last step
    steps: int
    whole_mean: float | None
    whole_median: float | None
    whole_p90: float | None
    limit_minutes: int | None
    over_limit: int


class BundleFigures(Wire):
    center: str
    since: date = msgspec.field(name="from")
    until: date = msgspec.field(name="to")
    generated_at: datetime
    rows: list[BundleRow]


class DayRow(Wire):
    day: date
    issued: int
    served: int
    complaints: int
    satisfied: int
    basic: int
    unsatisfied: int
    very_satisfied: int
    very_unsatisfied: int


class HourRow(Wire):
    hour: int
    issued: int


class Figures(Wire):
    center: str
    since: date = msgspec.field(name="from")
    until: date = msgspec.field(name="to")
    generated_at: datetime
    rows: list[FigureRow]
    daily: list[DayRow]
    hourly: list[HourRow]


class AssessmentRow(Wire):
    """One line of the month's 考核: the center, a window or a clerk. Times in minutes,
    rates in percent (None when there is nothing to divide)."""

    scope: str  # all, window, clerk
    key: str
    label: str
    rank: int | None  # within its scope; None for the center
    served: int
    outcome_consultation: int
    outcome_immediate: int
    outcome_promised: int
    outcome_supplement: int
    outcome_returned: int
    outcome_petition: int
    outcome_escalated: int
    wait_median: float | None
    wait_p90: float | None
    service_median: float | None
    service_p90: float | None
    overdue: int
    rating_very_satisfied: int
    rating_satisfied: int
    rating_basic: int
    rating_unsatisfied: int
    rating_very_unsatisfied: int
    rated: int
    good_rate: float | None
    bad: int
    cases: int
    called_back: int
    callback_impossible: int
    callback_rate: float | None
    rectified_on_time: int
    rectified_late: int
    cases_open: int
    on_time_rate: float | None
    complaints: int
    complaints_answered: int
    complaints_on_time: int
    complaints_open: int
    reply_rate: float | None
    promises_late: int


class AssessmentCase(Wire):
    """A bad rating's case in the month's report: no words and no phone."""

    id: str
    opened: date
    window: int
    clerk: str | None
    clerk_name: str | None
    rating: str
    rating_name: str
    points: list[str]
    due: date
    reached: bool
    callback_impossible: bool
    closed: date | None
    late: bool
    state_name: str  # 按期办结, 逾期办结, 已超期, 办理中


class AssessmentComplaint(Wire):
    number: str
    lodged: date
    window: int | None
    clerk: str | None
    clerk_name: str | None
    due: date | None
    answered: date | None
    late: bool
    state_name: str  # 按期答复, 逾期答复, 已超期, 办理中


class Column(Wire):
    key: str
    title: str
    kind: str  # count, minutes, percent, text


class ColumnGroup(Wire):
    title: str
    columns: list[Column]


class PointCount(Wire):
    point: str
    count: int


class AssessmentReport(Wire):
    """The month's 考核: what the console shows, the workbook holds and the page prints."""

    center: str
    month: str  # 2026-11
    since: date = msgspec.field(name="from")
    until: date = msgspec.field(name="to")
    generated_at: datetime
    groups: list[ColumnGroup]  # the tables' columns, in order, with their titles
    rows: list[AssessmentRow]  # the center, then windows and clerks in rank order
    cases: list[AssessmentCase]
    complaints: list[AssessmentComplaint]
    points: list[PointCount]  # what the bad ratings said went wrong, most named first
    notes: list[str]  # how each figure is counted
