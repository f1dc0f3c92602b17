"""Complaints (24小时受理举报): anyone lodges one at any hour; the office follows it up."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import office_commands as oc
from bianmin.domain.errors import NotFound
from bianmin.domain.office_events import ComplaintLodged
from server import bodies
from server.auth import optional_principal, require
from server.keys import COMPLAINT_LIMIT, HUB
from server.replies import reply
from server.views.office_views import complaint_view

routes = web.RouteTableDef()
CHANNEL_OF_ROLE = {"kiosk": "kiosk", "office": "office"}


@routes.get("/api/complaints/options")
async def options(request: web.Request) -> web.Response:
    """What a complaint can be about: the windows, the clerks, the usual reasons."""
    hub = request.app[HUB]
    catalog = hub.config.catalog
    return reply({
        "windows": [{"number": w.number, "label": w.label, "department": w.department}
                    for w in catalog.windows.values()],
        "clerks": [{"staff_no": s.staff_no, "name": s.name, "window": s.window}
                   for s in hub.config.staff.values() if s.role == "clerk"],
        "reasons": list(catalog.office.complaint_reasons),
        "phone": hub.config.center.complaint_phone,
    })


@routes.post("/api/complaints")
async def lodge(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = optional_principal(request)
    if who is None:
        request.app[COMPLAINT_LIMIT].check(request)
    body = await bodies.json_body(request)
    channel = CHANNEL_OF_ROLE.get(who.role, "web") if who else "web"
    if who is not None and who.role == "office":
        channel = bodies.text(body, "channel", limit=10) or "phone"
    clerk = bodies.text(body, "clerk", limit=32).strip() or None
    request_id = bodies.request_id(body, required=False)
    stored = await hub.execute(oc.LodgeComplaint(
        channel=channel, reason=bodies.text(body, "reason", limit=1000),
        window=bodies.integer(body, "window"), clerk=clerk,
        phone=bodies.text(body, "phone", limit=20), request_id=request_id))
    lodged = stored[0].event if stored else None
    complaint = (hub.hall.office.complaints[lodged.number]
                 if isinstance(lodged, ComplaintLodged)
                 else hub.hall.office.complaint_for_request(request_id))  # a retry
    assert complaint is not None
    number = complaint.number
    view = complaint_view(complaint, hub.config.catalog,
                          full=who is not None and who.role == "office")
    view["message"] = (f"您的投诉建议已受理，编号 {number}。我们将尽快核实处理，"
                       "并把结果告知您。感谢您的监督。")
    return reply(view, 201)


@routes.get("/api/complaints")
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    items = sorted(hub.hall.office.complaints.values(), key=lambda c: c.lodged_at, reverse=True)
    return reply([complaint_view(c, hub.config.catalog, full=True) for c in items])


@routes.get("/api/complaints/{number}")
async def one(request: web.Request) -> web.Response:
    """By its number: anyone sees its state; the complainant, with `?phone_tail=` (the last
    four digits of the phone left with it), the result; the office everything."""
    hub = request.app[HUB]
    who = optional_principal(request)
    number = request.match_info["number"].strip().upper()[:20]
    c = hub.hall.office.complaints.get(number)
    if c is None:
        raise NotFound("no-such-complaint", f"没有编号为 {number} 的投诉，请核对编号。")
    return reply(complaint_view(c, hub.config.catalog,
                                full=who is not None and who.role == "office",
                                phone_tail=request.query.get("phone_tail", "")[:11]))


@routes.post("/api/complaints/{number}/handle")
async def handle(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.json_body(request)
    number = request.match_info["number"].strip().upper()[:20]
    await hub.execute(oc.HandleComplaint(number=number, by=who.id,
                                         note=bodies.text(body, "note", limit=500)))
    return reply(complaint_view(hub.hall.office.complaints[number], hub.config.catalog,
                                full=True))


@routes.post("/api/complaints/{number}/answer")
async def answer(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.json_body(request)
    number = request.match_info["number"].strip().upper()[:20]
    await hub.execute(oc.AnswerComplaint(number=number, by=who.id,
                                         result=bodies.text(body, "result", limit=1000)))
    return reply(complaint_view(hub.hall.office.complaints[number], hub.config.catalog,
                                full=True))
