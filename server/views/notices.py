"""Public notices of completed matters (办结公告制): the office publishes, the hall shows."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import office_commands as oc
from bianmin.domain.errors import InvalidCommand
from bianmin.protocol import notice_view
from server import bodies
from server.auth import principal, require
from server.keys import HUB
from server.replies import reply
from server.views.office_views import notice_full_view

routes = web.RouteTableDef()


@routes.get("/api/notices")
async def listing(request: web.Request) -> web.Response:
    """Current notices, masked; the office gets every recent one in full."""
    hub = request.app[HUB]
    who = principal(request)
    today = hub.hall.today(hub.clock())
    if who.role == "office":
        items = sorted(hub.hall.office.notices.values(), key=lambda n: n.published_at,
                       reverse=True)
        return reply([notice_full_view(n) for n in items])
    return reply([notice_view(n) for n in hub.hall.office.current_notices(today)])


@routes.post("/api/notices")
async def publish(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.json_body(request)
    today = hub.hall.today(hub.clock())
    show_from = bodies.day(body, "show_from") or today
    show_until = bodies.day(body, "show_until")
    if show_until is None:
        raise InvalidCommand("show_until-required", "请填写公告的结束日期。")
    stored = await hub.execute(oc.PublishNotice(
        title=bodies.text(body, "title", limit=100), text=bodies.text(body, "text", limit=2000),
        names=bodies.string_list(body, "names"), show_from=show_from, show_until=show_until,
        by=who.id))
    notice_id = stored[0].event.notice  # type: ignore[attr-defined]
    return reply(notice_full_view(hub.hall.office.notices[notice_id]), 201)


@routes.post("/api/notices/{notice}/withdraw")
async def withdraw(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    notice_id = request.match_info["notice"].strip()[:20]
    await hub.execute(oc.WithdrawNotice(notice=notice_id, by=who.id))
    return reply(notice_full_view(hub.hall.office.notices[notice_id]))
