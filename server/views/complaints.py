"""Complaints (24小时受理举报): anyone lodges one at any hour; the office follows it up.

Whoever lodges a complaint gets its number and a random query code (查询码); outside the
office a complaint is shown only to someone with both. A wrong code and an unknown number get
the same answer, so numbers cannot be tried in turn, and lookups are limited per address and
wrong codes per complaint number.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bianmin.domain import complaints as cp
from bianmin.domain import office_commands as oc
from bianmin.domain.appointments import CODE_ALPHABET
from bianmin.domain.errors import NotFound
from bianmin.domain.office_events import ComplaintLodged
from server import bodies
from server.auth import optional_principal, require
from server.keys import COMPLAINT_LIMIT, GUESS_LIMIT, HUB, LOOKUP_LIMIT
from server.ratelimit import RateLimit
from server.replies import reply
from server.views.office_views import complaint_state_view, complaint_view

routes = web.RouteTableDef()
CHANNEL_OF_ROLE = {"kiosk": "kiosk", "office": "office"}

LOOKUPS_PER_ADDRESS = 30  # in 10 minutes: a resident checking now and then never meets it
GUESSES_PER_COMPLAINT = 10  # wrong codes for one number in an hour, from anywhere
NOT_FOUND = "没有找到这条投诉，请核对受理编号和查询码。"


def lookup_limits(clock: Callable[[], datetime]) -> tuple[RateLimit, RateLimit]:
    """Per address, and per complaint number; on the hub's clock."""
    def seconds() -> float:
        return clock().timestamp()
    return (
        RateLimit(LOOKUPS_PER_ADDRESS, 600, clock=seconds,
                  message="查询过于频繁，请{wait}后再试。"),
        RateLimit(GUESSES_PER_COMPLAINT, 3600, clock=seconds,
                  message="该编号的查询次数过多，请{wait}后再试，或拨打监督电话查询。"),
    )


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(cp.CODE_LENGTH))


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
        channel=channel, reason=bodies.text(body, "reason", limit=1000), code=new_code(),
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
    view["code"] = complaint.code  # to whoever lodged it, and no one else
    view["message"] = (f"您的投诉建议已受理，编号 {number}，查询码 {complaint.code}"
                       "（凭此查询处理结果，请妥善保存）。"
                       "我们将尽快核实处理，并把结果告知您。感谢您的监督。")
    return reply(view, 201)


@routes.get("/api/complaints")
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    items = sorted(hub.hall.office.complaints.values(), key=lambda c: c.lodged_at, reverse=True)
    return reply([complaint_view(c, hub.config.catalog, full=True) for c in items])


@routes.get("/api/complaints/{number}")
async def one(request: web.Request) -> web.Response:
    """The office: any complaint in full. Anyone else: with `?code=` (the query code given
    when it was lodged), its state and result; a complaint lodged before query codes shows
    its state alone."""
    hub = request.app[HUB]
    who = optional_principal(request)
    number = request.match_info["number"].strip().upper()[:20]
    complaints = hub.hall.office.complaints
    if who is not None and who.role == "office":
        found = complaints.get(number)
        if found is None:
            raise NotFound("no-such-complaint", f"没有编号为 {number} 的投诉，请核对编号。")
        return reply(complaint_view(found, hub.config.catalog, full=True))
    request.app[LOOKUP_LIMIT].check(request)
    guesses = request.app[GUESS_LIMIT]
    guesses.allow(number)
    code = request.query.get("code", "").strip().upper()[:20]
    c = complaints.get(number)
    if c is not None and not c.code:
        return reply(complaint_state_view(c))
    if c is None or not secrets.compare_digest(c.code.encode(), code.encode()):
        guesses.note(number)
        raise NotFound("no-such-complaint", NOT_FOUND)
    return reply(complaint_view(c, hub.config.catalog, full=False))


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
