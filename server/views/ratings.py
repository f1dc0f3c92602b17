"""Ratings (好差评): the resident rates a finished ticket once, on the pad facing them at the
window or from their phone (the code on the ticket leads to `/t/{ticket}/rate`).

A bad rating says which points went wrong and may leave a phone number for the call-back;
it opens a case the office follows up (`server/views/cases.py`). Anyone may rate from a
phone without signing in: ticket numbers can be guessed, so phone ratings are limited per
address, and a ticket takes one rating whichever way it comes.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from aiohttp import web

from bianmin.domain import cases as cs
from bianmin.domain import office_commands as oc
from bianmin.domain.errors import Forbidden, InvalidCommand, NotFound
from bianmin.domain.hall import Hall
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import TicketState
from bianmin.wire import requests as rq
from bianmin.wire.office import Rated, RatingLevel, RatingOptions
from server import bodies
from server.api import FINDS, LIMITED, READS_BODY, WRITES, Api, reply
from server.auth import optional_principal
from server.hub import Decision, Hub
from server.keys import HUB, PHONE_RATING_LIMIT
from server.views.tickets import TICKET, ticket_param

api = Api()
PADS = ("rating", "kiosk")
LEVELS = [RatingLevel(key=k, name=n, bad=k in cs.BAD) for k, n in cs.RATINGS.items()]


def rating_state(hub: Hub, t: Ticket, now: datetime) -> tuple[str, datetime | None]:
    """open, rated, not-finished or closed, for the phone; and until when it is open."""
    if t.rating:
        return "rated", None
    if t.state is not TicketState.DONE:
        return "not-finished", None
    closes = hub.hall.office.rating_closes(t, phone=True)
    return ("open" if closes is not None and now <= closes else "closed"), closes


def rating_link(hub: Hub, t: Ticket) -> str:
    """For the ticket's phone page: a button to rate it, while it may be rated (HTML)."""
    if rating_state(hub, t, hub.clock())[0] != "open":
        return ""
    return (f'<p class="rate"><a href="/t/{quote(t.id, safe="")}/rate" style="display:block;'
            'margin:1rem 0 0;padding:.8rem;border-radius:.6rem;background:#0b5cad;color:#fff;'
            'font-size:1.3rem;text-decoration:none">请对本次服务进行评价</a></p>')


STATE_MESSAGES = {
    "open": "您好，请对本次服务进行评价。",
    "rated": "本次服务已评价，感谢您的参与！",
    "not-finished": "业务办结后即可评价，请稍候。",
    "closed": "评价时间已过。如有意见建议，欢迎通过投诉建议渠道反映。",
}


@api.get("/api/tickets/{ticket}/rating", "Whether a ticket may be rated now, and how",
         answer=RatingOptions, errors=FINDS, params=(TICKET,),
         description="For the resident's phone: the five levels, the points a bad rating "
         "picks from, and until when this ticket may be rated.")
async def options(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    t = await hub.find_ticket(ticket_param(request))
    if t is None:
        raise NotFound("no-such-ticket", "找不到该号票，请核对号票上的二维码。")
    state, closes = rating_state(hub, t, hub.clock())
    return reply(RatingOptions(
        ticket=t.id, number=t.number, window=t.window, state=state, closes_at=closes,
        levels=LEVELS, points=list(hub.config.catalog.office.unsatisfied_reasons),
        message=STATE_MESSAGES[state]))


@api.post("/api/tickets/{ticket}/rating", "Rate a finished ticket, once",
          answer=Rated, status=201, body=rq.Rate,
          errors=(401, 403, *FINDS, *READS_BODY, *WRITES, *LIMITED), params=(TICKET,),
          description="A rating pad (or kiosk) sends its window and may rate only what that "
          "window finished, within `rating_minutes`; a resident's phone sends no token and no "
          "window, within `phone_rating_minutes` (limited per address). A bad rating "
          "(unsatisfied, very-unsatisfied) needs `points` and may give a `phone`.")
async def rate(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = optional_principal(request)
    if who is not None and who.role not in PADS:
        raise Forbidden("forbidden", "请由办事群众在评价器或手机上评价。")
    if who is None:
        request.app[PHONE_RATING_LIMIT].check(request)
    body = await bodies.read(request, rq.Rate)
    if who is not None and body.window is None:
        raise InvalidCommand("window-required", "评价器须说明所在窗口（window）。")
    tid = ticket_param(request)
    stored = await hub.find_ticket(tid)
    if stored is None:
        raise NotFound("no-such-ticket", f"找不到号票 {tid}，请核对号码。")
    command = oc.RateTicket(ticket=tid, window=body.window if who else None,
                            rating=body.rating, reason=body.reason, points=tuple(body.points),
                            phone=body.phone, device=who.id if who else "")

    def action(hall: Hall, now: datetime) -> Decision:
        if stored.id not in hall.tickets:  # an earlier day's, let go of: take it back
            hall.restore([stored], [])
        return hall.decide(command, now), []

    await hub.run(action)
    bad = body.rating in cs.BAD
    days = hub.config.catalog.office.case_working_days
    message = "感谢您的评价！"
    if bad:
        back = "给您回电并整改" if body.phone.strip() else "整改"
        message += f"我们将认真核实，在{days}个工作日内{back}。"
    return reply(Rated(ticket=tid, rating=body.rating,
                       rating_name=cs.RATINGS.get(body.rating, body.rating), message=message),
                 201)
