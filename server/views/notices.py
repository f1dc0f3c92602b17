"""Public notices of completed matters (办结公告制): the office publishes, the hall shows."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import office_commands as oc
from bianmin.wire import requests as rq
from bianmin.wire.hall import NoticePublic
from bianmin.wire.office import NoticeFull
from server import bodies
from server.api import FINDS, READS_BODY, SIGNED_IN, WRITES, Api, Param, reply
from server.auth import principal, require
from server.keys import HUB
from server.present.hall import notice_public
from server.present.office import notice_full

api = Api()
NOTICE = Param("notice", "path", {"type": "string", "maxLength": 20}, "the notice's id")


@api.get("/api/notices", "Current notices, masked; the office gets every recent one in full",
         roles=("kiosk", "display", "rating", "clerk", "office"),
         answer=list[NoticePublic] | list[NoticeFull], errors=(401,))
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = principal(request)
    today = hub.hall.today(hub.clock())
    if who.role == "office":
        items = sorted(hub.hall.office.notices.values(), key=lambda n: n.published_at,
                       reverse=True)
        return reply([notice_full(n) for n in items])
    return reply([notice_public(n) for n in hub.hall.office.current_notices(today)])


@api.post("/api/notices", "Publish a notice on the hall display", roles=("office",),
          answer=NoticeFull, status=201, body=rq.PublishNotice,
          errors=(*SIGNED_IN, *READS_BODY, *WRITES),
          description="`names` lists the personal names in it, masked wherever it is shown; "
          "phone and ID-card numbers are masked too.")
async def publish(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.PublishNotice)
    today = hub.hall.today(hub.clock())
    stored = await hub.execute(oc.PublishNotice(
        title=body.title, text=body.text, names=tuple(n.strip() for n in body.names if n.strip()),
        show_from=bodies.year_in_range(body.show_from, "show_from") or today,
        show_until=bodies.year_in_range(body.show_until, "show_until") or today, by=who.id))
    notice_id = stored[0].event.notice  # type: ignore[attr-defined]
    return reply(notice_full(hub.hall.office.notices[notice_id]), 201)


@api.post("/api/notices/{notice}/withdraw", "Withdraw a notice", roles=("office",),
          answer=NoticeFull, errors=(*SIGNED_IN, *FINDS, *WRITES), params=(NOTICE,))
async def withdraw(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    notice_id = bodies.path_text(request, "notice", 20)
    await hub.execute(oc.WithdrawNotice(notice=notice_id, by=who.id))
    return reply(notice_full(hub.hall.office.notices[notice_id]))
