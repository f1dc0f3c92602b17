"""Ratings: the resident rates a finished ticket once, on the pad facing them."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import office_commands as oc
from bianmin.domain.office import RATINGS
from server import bodies
from server.auth import require
from server.keys import HUB
from server.replies import reply

routes = web.RouteTableDef()


@routes.post("/api/tickets/{ticket}/rating")
async def rate(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "rating", "kiosk")
    body = await bodies.json_body(request)
    window = bodies.integer(body, "window", required=True)
    assert window is not None
    rating = bodies.text(body, "rating", required=True, limit=20)
    await hub.execute(oc.RateTicket(
        ticket=request.match_info["ticket"][:40], window=window, rating=rating,
        reason=bodies.text(body, "reason", limit=200), device=who.id))
    return reply({"ticket": request.match_info["ticket"], "rating": rating,
                  "rating_name": RATINGS[rating], "message": "感谢您的评价！"}, 201)
