"""The figures (考核) for the office: JSON for the console, CSV and Excel to take away."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from typing import Any

from aiohttp import web

from bianmin.domain.errors import InvalidCommand
from bianmin.domain.figures import Figures
from server import bodies
from server.auth import require
from server.exports import figures_csv, figures_xlsx
from server.hub import Hub
from server.keys import HUB
from server.replies import reply

routes = web.RouteTableDef()
MAX_DAYS = 366


async def compute(hub: Hub, since: date, until: date) -> dict[str, Any]:
    tz = hub.config.tz
    start = datetime.combine(since, time(0), tz).isoformat()
    end = datetime.combine(until + timedelta(days=1), time(0), tz).isoformat()
    figures = Figures(hub.config.catalog, tz, since, until)
    await hub.reports.fold(start, end, figures.add)
    return {
        "center": hub.config.center.name,
        "from": since.isoformat(),
        "to": until.isoformat(),
        "generated_at": hub.clock().isoformat(timespec="seconds"),
        "rows": figures.rows(),
        "daily": figures.daily(),
        "hourly": figures.hourly(),
    }


def _range(request: web.Request, hub: Hub) -> tuple[date, date]:
    query = dict(request.query)
    today = hub.hall.today(hub.clock())
    since = bodies.day(query, "from") or today
    until = bodies.day(query, "to") or since
    if until < since:
        raise InvalidCommand("bad-range", "结束日期不能早于开始日期。")
    if (until - since).days >= MAX_DAYS:
        raise InvalidCommand("bad-range", f"一次最多统计 {MAX_DAYS} 天。")
    return since, until


@routes.get("/api/figures")
async def figures_json(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    return reply(await compute(hub, *_range(request, hub)))


@routes.get("/api/figures.csv")
async def figures_csv_file(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    since, until = _range(request, hub)
    data = await compute(hub, since, until)
    return web.Response(
        body=figures_csv(data["rows"]), content_type="text/csv", charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="figures-{since}-{until}.csv"'})


@routes.get("/api/figures.xlsx")
async def figures_xlsx_file(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    since, until = _range(request, hub)
    data = await compute(hub, since, until)
    return web.Response(
        body=await asyncio.to_thread(figures_xlsx, data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="figures-{since}-{until}.xlsx"'})
