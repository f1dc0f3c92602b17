"""The month's 考核 for the office: the domain's report as the wire carries it."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from bianmin.config import Config
from bianmin.domain import cases as cs
from bianmin.domain.assessment import GROUPS, NOTES, Assessment, CaseLife, ComplaintLife
from bianmin.wire import office as wo


def _case_state(c: CaseLife, today: date) -> str:
    if c.closed is not None:
        return "逾期办结" if c.late else "按期办结"
    return "已超期" if today > c.due else "办理中"


def _complaint_state(k: ComplaintLife, today: date) -> str:
    if k.answered is not None:
        return "逾期答复" if k.late else "按期答复"
    return "已超期" if k.due is not None and today > k.due else "办理中"


def report(a: Assessment, config: Config, month: str, generated_at: datetime
           ) -> wo.AssessmentReport:
    catalog = config.catalog

    def name(clerk: str | None) -> str | None:
        return catalog.clerk_name(clerk) if clerk else None

    return wo.AssessmentReport(
        center=config.center.name, month=month, since=a.since, until=a.until,
        generated_at=generated_at,
        groups=[wo.ColumnGroup(title=title, columns=[
            wo.Column(key=k, title=t, kind=kind) for k, t, kind in columns])
            for title, columns in GROUPS],
        rows=msgspec.convert(a.rows(), list[wo.AssessmentRow]),
        cases=[wo.AssessmentCase(
            id=c.id, opened=c.opened, window=c.window, clerk=c.clerk, clerk_name=name(c.clerk),
            rating=c.rating, rating_name=cs.RATINGS.get(c.rating, c.rating),
            points=list(c.points), due=c.due, reached=c.reached,
            callback_impossible=c.impossible, closed=c.closed, late=c.late,
            state_name=_case_state(c, a.today)) for c in a.case_list()],
        complaints=[wo.AssessmentComplaint(
            number=k.number, lodged=k.lodged, window=k.window, clerk=k.clerk,
            clerk_name=name(k.clerk), due=k.due, answered=k.answered, late=k.late,
            state_name=_complaint_state(k, a.today)) for k in a.complaint_list()],
        points=[wo.PointCount(point=p, count=n) for p, n in a.points().most_common()],
        notes=list(NOTES))
