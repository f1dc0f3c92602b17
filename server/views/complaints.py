"""Complaints (24小时受理举报): anyone lodges one at any hour; the office follows it up."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import office_commands as oc
from bianmin.domain.errors import InvalidCommand, NotFound
from bianmin.domain.office_events import ComplaintLodged
from bianmin.wire import office as wo
from bianmin.wire import requests as rq
from server import bodies
from server.api import FINDS, LIMITED, READS_BODY, SIGNED_IN, WRITES, Api, Param, reply
from server.auth import optional_principal, require
from server.keys import COMPLAINT_LIMIT, HUB
from server.present import office as present

api = Api()
CHANNEL_OF_ROLE = {"kiosk": "kiosk", "office": "office"}
NUMBER = Param("number", "path", {"type": "string", "maxLength": 20},
               "the complaint's number, e.g. TS20261130001")
PHONE_TAIL = Param("phone_tail", "query", {"type": "string", "maxLength": 11},
                   "the last four digits of the phone left with the complaint")


def _number(request: web.Request) -> str:
    return bodies.path_text(request, "number", 20).upper()


@api.get("/api/complaints/options", "What a complaint can be about",
         answer=wo.ComplaintOptions,
         description="The windows, the clerks, the usual reasons and the complaint phone.")
async def options(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    catalog = hub.config.catalog
    return reply(wo.ComplaintOptions(
        windows=[wo.ComplaintWindow(number=w.number, label=w.label, department=w.department)
                 for w in catalog.windows.values()],
        clerks=[wo.ComplaintClerk(staff_no=s.staff_no, name=s.name, window=s.window)
                for s in hub.config.staff.values() if s.role == "clerk"],
        reasons=list(catalog.office.complaint_reasons),
        phone=hub.config.center.complaint_phone))


@api.post("/api/complaints", "Lodge a complaint or suggestion, at any hour",
          answer=wo.LodgedPublic | wo.LodgedFull, status=201, body=rq.LodgeComplaint,
          errors=(401, *READS_BODY, *WRITES, *LIMITED),
          description="No sign-in needed (rate-limited per address); a kiosk or the office "
          "may sign in. The same `request_id` sent again returns the complaint already "
          "lodged. The office sees the answer in full.")
async def lodge(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = optional_principal(request)
    if who is None:
        request.app[COMPLAINT_LIMIT].check(request)
    body = await bodies.read(request, rq.LodgeComplaint)
    channel = CHANNEL_OF_ROLE.get(who.role, "web") if who else "web"
    if who is not None and who.role == "office":
        channel = body.channel.strip() or "phone"
    request_id = body.request_id.strip()
    if request_id and len(request_id) < 8:
        raise InvalidCommand("bad-request_id",
                             "request_id 至少 8 个字符，每次投诉请用新的随机值。")
    stored = await hub.execute(oc.LodgeComplaint(
        channel=channel, reason=body.reason, window=body.window,
        clerk=(body.clerk or "").strip() or None, phone=body.phone, request_id=request_id))
    lodged = stored[0].event if stored else None
    complaint = (hub.hall.office.complaints[lodged.number]
                 if isinstance(lodged, ComplaintLodged)
                 else hub.hall.office.complaint_for_request(request_id))  # a retry
    assert complaint is not None
    message = (f"您的投诉建议已受理，编号 {complaint.number}。我们将尽快核实处理，"
               "并把结果告知您。感谢您的监督。")
    if who is not None and who.role == "office":
        return reply(present.lodged_full(complaint, hub.config.catalog, message), 201)
    return reply(present.lodged_public(complaint, message), 201)


@api.get("/api/complaints", "Every complaint, newest first", roles=("office",),
         answer=list[wo.ComplaintFull], errors=SIGNED_IN)
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    items = sorted(hub.hall.office.complaints.values(), key=lambda c: c.lodged_at, reverse=True)
    return reply([present.complaint_full(c, hub.config.catalog) for c in items])


@api.get("/api/complaints/{number}", "One complaint: its state, and its result to whoever "
         "lodged it", answer=wo.ComplaintPublic | wo.ComplaintFull,
         errors=(401, *FINDS, 422), params=(NUMBER, PHONE_TAIL))
async def one(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = optional_principal(request)
    number = _number(request)
    phone_tail = bodies.query_text(request, "phone_tail", 11)
    c = hub.hall.office.complaints.get(number)
    if c is None:
        raise NotFound("no-such-complaint", f"没有编号为 {number} 的投诉，请核对编号。")
    if who is not None and who.role == "office":
        return reply(present.complaint_full(c, hub.config.catalog))
    return reply(present.complaint_public(c, phone_tail))


@api.post("/api/complaints/{number}/handle", "Record how the office follows it up",
          roles=("office",), answer=wo.ComplaintFull, body=rq.HandleComplaint,
          errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES), params=(NUMBER,))
async def handle(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.HandleComplaint)
    number = _number(request)
    await hub.execute(oc.HandleComplaint(number=number, by=who.id, note=body.note))
    return reply(present.complaint_full(hub.hall.office.complaints[number],
                                        hub.config.catalog))


@api.post("/api/complaints/{number}/answer", "Answer it with the result",
          roles=("office",), answer=wo.ComplaintFull, body=rq.AnswerComplaint,
          errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES), params=(NUMBER,))
async def answer(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.AnswerComplaint)
    number = _number(request)
    await hub.execute(oc.AnswerComplaint(number=number, by=who.id, result=body.result))
    return reply(present.complaint_full(hub.hall.office.complaints[number],
                                        hub.config.catalog))
