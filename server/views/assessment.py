"""The month's 考核 for the office: JSON for the console and the printable page, and an
Excel workbook (one sheet per view) to take away."""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, time, timedelta

from aiohttp import web

from bianmin.domain.assessment import FOLLOW_UP, Assessment, month_range
from bianmin.domain.errors import InvalidCommand
from bianmin.wire import office as wo
from server import bodies
from server.api import HTML, SIGNED_IN, XLSX, Api, Param, reply
from server.assessment_book import assessment_xlsx
from server.auth import require
from server.hub import Hub
from server.keys import HUB
from server.present.assessment import report
from server.views.pages import PAGES

api = Api()
MONTH = Param("month", "query", {"type": "string", "pattern": r"^(\d{4}-\d{2})?$"},
              "the month, e.g. 2026-11 (this month)")


def month_of(request: web.Request, hub: Hub) -> date:
    raw = bodies.query_text(request, "month", 20).strip()
    if not raw:
        return hub.hall.today(hub.clock()).replace(day=1)
    if not re.fullmatch(r"\d{4}-\d{2}", raw) or not 1 <= int(raw[5:]) <= 12 \
            or not 2000 <= int(raw[:4]) <= 2199:
        raise InvalidCommand("bad-month", "“月份（month）”须写成如 2026-11 的年月。")
    return date(int(raw[:4]), int(raw[5:]), 1)


async def compute(hub: Hub, month: date) -> wo.AssessmentReport:
    """The month's report, read from the events: those of the month, and every later step
    of its cases and complaints up to now."""
    tz = hub.config.tz
    since, until = month_range(month)
    now = hub.clock()
    today = hub.hall.today(now)
    start, end = (datetime.combine(day, time(0), tz).isoformat()
                  for day in (since, until + timedelta(days=1)))
    assessment = Assessment(hub.config.catalog, tz, since, until, today)
    await hub.reports.fold(start, end, assessment.add)
    if today > until:  # what followed the month's cases and complaints, up to now
        later = datetime.combine(today + timedelta(days=1), time(0), tz).isoformat()
        await hub.reports.fold_kinds(end, later, FOLLOW_UP, assessment.add)
    return report(assessment, hub.config, f"{month:%Y-%m}", now.replace(microsecond=0))


@api.get("/api/assessment", "The month's 考核 per window, per clerk and for the center",
         roles=("office",), answer=wo.AssessmentReport, errors=(*SIGNED_IN, 422),
         params=(MONTH,))
async def assessment_json(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    return reply(await compute(hub, month_of(request, hub)))


@api.get("/api/assessment.xlsx", "The month's 考核 as an Excel workbook, a sheet per view",
         roles=("office",), media=XLSX, errors=(*SIGNED_IN, 422), params=(MONTH,))
async def assessment_book(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    month = month_of(request, hub)
    data = await compute(hub, month)
    return web.Response(
        body=await asyncio.to_thread(assessment_xlsx, data), content_type=XLSX,
        headers={"Content-Disposition":
                 f'attachment; filename="assessment-{month:%Y-%m}.xlsx"'})


# The page is served whatever its address says: its script reads the month and shows the
# report's refusal of a bad one (the API checks it), so the page's own parameter is free text.
PAGE_MONTH = Param("month", "query", {"type": "string"},
                   "the month, e.g. 2026-11 (this month); the page reports a bad one")


@api.get("/assessment", "The month's 考核 as a page to print on A4 (a page)", media=HTML,
         params=(PAGE_MONTH,), description="Reads the report with the office token given after "
         "`#token=` (kept out of the address the hub sees); `&print=1` opens the print dialog.")
async def assessment_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGES / "assessment.html")
