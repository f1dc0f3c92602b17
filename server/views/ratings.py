"""Ratings: the resident rates a finished ticket once, on the pad facing them."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import office_commands as oc
from bianmin.domain.office import RATINGS
from bianmin.wire import requests as rq
from bianmin.wire.office import Rated
from server import bodies
from server.api import FINDS, READS_BODY, SIGNED_IN, WRITES, Api, reply
from server.auth import require
from server.keys import HUB
from server.views.tickets import TICKET, ticket_param

api = Api()


@api.post("/api/tickets/{ticket}/rating", "Rate a ticket finished at this window, once",
          roles=("rating", "kiosk"), answer=Rated, status=201, body=rq.Rate,
          errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES), params=(TICKET,))
async def rate(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "rating", "kiosk")
    body = await bodies.read(request, rq.Rate)
    tid = ticket_param(request)
    await hub.execute(oc.RateTicket(ticket=tid, window=body.window, rating=body.rating,
                                    reason=body.reason, device=who.id))
    return reply(Rated(ticket=tid, rating=body.rating, rating_name=RATINGS[body.rating],
                       message="感谢您的评价！"), 201)
