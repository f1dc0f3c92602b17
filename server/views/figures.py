"""The figures (考核) for the office: JSON for the console, CSV and Excel to take away."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta

import msgspec
from aiohttp import web

from bianmin.domain.bundle_figures import COLUMNS as BUNDLE_COLUMNS
from bianmin.domain.bundle_figures import BundleFigures
from bianmin.domain.errors import InvalidCommand
from bianmin.domain.figures import Figures
from bianmin.exports import figures_csv, figures_xlsx, rows_csv
from bianmin.wire import office as wo
from server import bodies
from server.api import CSV, QUERY_DAY, SIGNED_IN, XLSX, Api, Param, reply
from server.auth import require
from server.hub import Hub
from server.keys import HUB
from server.present.office import figures as present

api = Api()
MAX_DAYS = 366
RANGE = (Param("from", "query", QUERY_DAY, "the first day (today)"),
         Param("to", "query", QUERY_DAY, "the last day (from)"))


def _bounds(hub: Hub, since: date, until: date) -> tuple[str, str]:
    """The stored times from the first day's midnight to the one after the last day."""
    tz = hub.config.tz
    return (datetime.combine(since, time(0), tz).isoformat(),
            datetime.combine(until + timedelta(days=1), time(0), tz).isoformat())


async def compute(hub: Hub, since: date, until: date) -> wo.Figures:
    figures = Figures(hub.config.catalog, hub.config.tz, since, until)
    await hub.reports.fold(*_bounds(hub, since, until), figures.add)
    return present(figures, hub.config.center.name, since, until,
                   hub.clock().replace(microsecond=0))


async def compute_bundles(hub: Hub, since: date, until: date) -> wo.BundleFigures:
    figures = BundleFigures(hub.config.catalog, hub.config.tz, since, until)
    await hub.reports.fold(*_bounds(hub, since, until), figures.add)
    return wo.BundleFigures(center=hub.config.center.name, since=since, until=until,
                            generated_at=hub.clock().replace(microsecond=0),
                            rows=msgspec.convert(figures.rows(), list[wo.BundleRow]))


def _range(request: web.Request, hub: Hub) -> tuple[date, date]:
    today = hub.hall.today(hub.clock())
    since = bodies.query_day(request, "from") or today
    until = bodies.query_day(request, "to") or since
    if until < since:
        raise InvalidCommand("bad-range", "结束日期不能早于开始日期。")
    if (until - since).days >= MAX_DAYS:
        raise InvalidCommand("bad-range", f"一次最多统计 {MAX_DAYS} 天。")
    return since, until


@api.get("/api/figures", "The figures per matter, window and clerk over days",
         roles=("office",), answer=wo.Figures, errors=(*SIGNED_IN, 422), params=RANGE)
async def figures_json(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    return reply(await compute(hub, *_range(request, hub)))


@api.get("/api/figures.csv", "The figures as CSV (UTF-8 with BOM, for Excel and WPS)",
         roles=("office",), media=CSV, errors=(*SIGNED_IN, 422), params=RANGE)
async def figures_csv_file(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    since, until = _range(request, hub)
    data = await compute(hub, since, until)
    return _csv(figures_csv(data.rows), f"figures-{since}-{until}.csv")


def _csv(body: bytes, name: str) -> web.Response:
    return web.Response(body=body, content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


@api.get("/api/figures/bundles", "The figures of 一件事 and 联办件 over days",
         roles=("office",), answer=wo.BundleFigures, errors=(*SIGNED_IN, 422), params=RANGE,
         description="Per bundle (and `\"\"` for matters clerks joined at a window): started, "
         "done, stopped by a step's outcome, left unfinished, and the whole's time (seconds) "
         "from the ticket to the last step against the bundle's limit. Each step also counts "
         "in `/api/figures` under its own matter, window and clerk.")
async def bundle_figures_json(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    return reply(await compute_bundles(hub, *_range(request, hub)))


@api.get("/api/figures/bundles.csv", "The figures of 一件事 as CSV (UTF-8 with BOM)",
         roles=("office",), media=CSV, errors=(*SIGNED_IN, 422), params=RANGE)
async def bundle_figures_csv(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    since, until = _range(request, hub)
    data = await compute_bundles(hub, since, until)
    return _csv(rows_csv(BUNDLE_COLUMNS, [msgspec.to_builtins(r) for r in data.rows]),
                f"bundles-{since}-{until}.csv")


@api.get("/api/figures.xlsx", "The figures as an Excel workbook", roles=("office",),
         media=XLSX, errors=(*SIGNED_IN, 422), params=RANGE)
async def figures_xlsx_file(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    since, until = _range(request, hub)
    data = await compute(hub, since, until)
    bundles = await compute_bundles(hub, since, until)
    book = await asyncio.to_thread(
        figures_xlsx, data, extra=[("一件事", BUNDLE_COLUMNS,
                                   [msgspec.to_builtins(r) for r in bundles.rows])])
    return web.Response(
        body=book, content_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="figures-{since}-{until}.xlsx"'})
