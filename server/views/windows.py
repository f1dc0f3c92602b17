"""A window's own actions: call the next ticket, pause and resume, see its queue."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.protocol import ticket_view, window_view
from server import bodies
from server.auth import clerk_at, require
from server.keys import HUB
from server.replies import reply
from server.sessions import Principal

routes = web.RouteTableDef()


def _signed_in_here(request: web.Request) -> tuple[Principal, int]:
    """The clerk signed in at the window the path names (404 for a window that does not
    exist, 403 for another window's clerk)."""
    number = bodies.window_param(request)
    request.app[HUB].hall.window_rule(number)
    return clerk_at(request, number)


@routes.post("/api/windows/{window}/call-next")
async def call_next(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = _signed_in_here(request)
    stored = await hub.execute(cmd.CallNext(window=window, clerk=who.id))
    called = stored[0].event.ticket_id
    assert called is not None
    view = ticket_view(hub.hall.ticket(called), hub.hall, staff=True, now=hub.clock())
    view["events"] = [s.seq for s in stored]
    return reply(view)


@routes.post("/api/windows/{window}/pause")
async def pause(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = _signed_in_here(request)
    body = await bodies.json_body(request, optional=True)
    await hub.execute(cmd.Pause(window=window, clerk=who.id,
                                reason=bodies.text(body, "reason", limit=100)))
    return reply(window_view(hub.hall.windows[window], hub.hall))


@routes.post("/api/windows/{window}/resume")
async def resume(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = _signed_in_here(request)
    await hub.execute(cmd.Resume(window=window, clerk=who.id))
    return reply(window_view(hub.hall.windows[window], hub.hall))


@routes.get("/api/windows/{window}/queue")
async def queue(request: web.Request) -> web.Response:
    """What this window will call next, in order, and how many wait for it."""
    hub = request.app[HUB]
    require(request, "clerk", "office")
    number = bodies.window_param(request)
    rule = hub.hall.window_rule(number)
    raw = request.query.get("limit", "10")
    limit = min(bodies.whole_number(raw) or 10, 100)
    waiting = hub.hall.waiting_by_matter()
    now = hub.clock()
    return reply({
        "window": window_view(hub.hall.windows[number], hub.hall),
        "waiting": {p: waiting[p] for p in rule.matters},
        "waiting_here": hub.hall.waiting_for_window(number),
        "next": [ticket_view(t, hub.hall, staff=True, now=now)
                 for t in hub.hall.upcoming(number, limit)],
    })
