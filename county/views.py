"""The county service's routes: sign-in, the live board, the figures (the county's and each
center's, as JSON, CSV and Excel), rankings, complaints, and the console page itself."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

from aiohttp import web

from bianmin.domain.errors import InvalidCommand, NotFound
from bianmin.exports import figures_csv, figures_xlsx
from bianmin.wire import office as wo
from bianmin.wire.base import decode, encode
from county import wire as cw
from county.app import BOARD, CLOCK, CONFIG, POOL, SESSIONS
from county.complaints import complaints as find_complaints
from county.config import StaffEntry
from county.figures import COUNTY_SHEETS, center_figures, centers, county_figures, rankings
from county.schema import S

PAGES = Path(__file__).parent / "pages"
MAX_DAYS = 366
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
routes = web.RouteTableDef()


def reply(data: object, status: int = 200) -> web.Response:
    return web.Response(body=encode(data), status=status, content_type="application/json")


def _token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.query.get("token") or None  # download links carry it


async def signed_in(request: web.Request) -> StaffEntry:
    return await request.app[SESSIONS].principal(_token(request))


def _day(request: web.Request, name: str) -> date | None:
    raw = request.query.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidCommand(f"bad-{name}", "日期须写成 2026-12-01 的样式。") from None


def day_range(request: web.Request) -> tuple[date, date]:
    today = request.app[CLOCK]().date()
    since = _day(request, "from") or today
    until = _day(request, "to") or since
    if until < since:
        raise InvalidCommand("bad-range", "结束日期不能早于开始日期。")
    if (until - since).days >= MAX_DAYS:
        raise InvalidCommand("bad-range", f"一次最多统计 {MAX_DAYS} 天。")
    return since, until


def _now(request: web.Request) -> datetime:
    return request.app[CLOCK]().replace(microsecond=0)


# ----- sign-in -------------------------------------------------------------------------------

@routes.post("/api/login")
async def login(request: web.Request) -> web.Response:
    if request.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        raise InvalidCommand("unsupported-encoding", "请以未压缩的 JSON 提交。")
    body = decode(await request.read() or b"{}", cw.Login)
    token, staff = await request.app[SESSIONS].login(body.staff_no, body.pin)
    return reply(cw.SignedIn(token=token, staff_no=staff.staff_no, name=staff.name,
                             county=request.app[CONFIG].name))


@routes.post("/api/logout")
async def logout(request: web.Request) -> web.Response:
    await signed_in(request)
    token = _token(request)
    assert token is not None
    await request.app[SESSIONS].logout(token)
    return reply(cw.Done())


@routes.get("/api/me")
async def me(request: web.Request) -> web.Response:
    staff = await signed_in(request)
    return reply(cw.Me(staff_no=staff.staff_no, name=staff.name,
                       county=request.app[CONFIG].name))


@routes.get("/api/health")
async def health(request: web.Request) -> web.Response:
    """For the county's monitoring: the database answers, at this schema version."""
    async with request.app[POOL].acquire() as conn:
        version = await conn.fetchval(f"SELECT max(version) FROM {S}.schema_version")
    return reply(cw.Health(status="ok", schema_version=int(version),
                           centers=len(request.app[CONFIG].centers)))


# ----- the live board ------------------------------------------------------------------------

@routes.get("/api/centers")
async def board(request: web.Request) -> web.Response:
    await signed_in(request)
    return reply(request.app[BOARD].view())


# ----- figures -------------------------------------------------------------------------------

async def _county(request: web.Request, *, clerks: bool) -> tuple[wo.Figures, date, date]:
    since, until = day_range(request)
    async with request.app[POOL].acquire() as conn:
        data = await county_figures(conn, request.app[CONFIG], since, until, _now(request),
                                    clerks=clerks)
    return data, since, until


@routes.get("/api/figures")
async def figures_json(request: web.Request) -> web.Response:
    await signed_in(request)
    data, _, _ = await _county(request, clerks=request.query.get("clerks") == "1")
    return reply(data)


@routes.get("/api/rankings")
async def rankings_json(request: web.Request) -> web.Response:
    await signed_in(request)
    data, _, _ = await _county(request, clerks=False)
    return reply(rankings(data))


def _attachment(body: bytes, kind: str, name: str) -> web.Response:
    response = web.Response(body=body, content_type=kind)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@routes.get("/api/figures.csv")
async def figures_csv_file(request: web.Request) -> web.Response:
    await signed_in(request)
    data, since, until = await _county(request, clerks=True)
    return _attachment(figures_csv(data.rows), "text/csv",
                       f"county-figures-{since}-{until}.csv")


@routes.get("/api/figures.xlsx")
async def figures_xlsx_file(request: web.Request) -> web.Response:
    await signed_in(request)
    data, since, until = await _county(request, clerks=True)
    body = await asyncio.to_thread(figures_xlsx, data, COUNTY_SHEETS)
    return _attachment(body, XLSX, f"county-figures-{since}-{until}.xlsx")


async def _center(request: web.Request) -> tuple[wo.Figures, str, date, date]:
    center_id = request.match_info["center"]
    since, until = day_range(request)
    async with request.app[POOL].acquire() as conn:
        known = await centers(conn, request.app[CONFIG])
        if center_id not in known:
            raise NotFound("no-such-center", "县里没有这个中心，请核对。")
        data = await center_figures(conn, known[center_id], since, until,
                                    _now(request))
    return data, center_id, since, until


@routes.get("/api/centers/{center}/figures")
async def center_json(request: web.Request) -> web.Response:
    await signed_in(request)
    data, _, _, _ = await _center(request)
    return reply(data)


@routes.get("/api/centers/{center}/figures.csv")
async def center_csv(request: web.Request) -> web.Response:
    await signed_in(request)
    data, center, since, until = await _center(request)
    return _attachment(figures_csv(data.rows), "text/csv",
                       f"figures-{center}-{since}-{until}.csv")


@routes.get("/api/centers/{center}/figures.xlsx")
async def center_xlsx(request: web.Request) -> web.Response:
    await signed_in(request)
    data, center, since, until = await _center(request)
    body = await asyncio.to_thread(figures_xlsx, data)
    return _attachment(body, XLSX, f"figures-{center}-{since}-{until}.xlsx")


# ----- complaints ----------------------------------------------------------------------------

@routes.get("/api/complaints")
async def complaints_json(request: web.Request) -> web.Response:
    await signed_in(request)
    since, until = day_range(request)
    async with request.app[POOL].acquire() as conn:
        known = await centers(conn, request.app[CONFIG])
        found = await find_complaints(conn, known, since, until, request.app[CLOCK]())
    return reply(found)


# ----- the console ---------------------------------------------------------------------------

def _page(name: str, kind: str) -> web.Response:
    return web.Response(body=(PAGES / name).read_bytes(), content_type=kind,
                        headers={"Cache-Control": "no-cache"})


@routes.get("/")
async def console(request: web.Request) -> web.Response:
    return _page("console.html", "text/html")


@routes.get("/console.js")
async def console_js(request: web.Request) -> web.Response:
    return _page("console.js", "text/javascript")


@routes.get("/console.css")
async def console_css(request: web.Request) -> web.Response:
    return _page("console.css", "text/css")


def setup(app: web.Application) -> None:
    app.add_routes(routes)

