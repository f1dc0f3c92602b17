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
from bianmin.domain.errors import InvalidCommand, NotFound
from bianmin.domain.office_events import ComplaintLodged
from bianmin.wire import office as wo
from bianmin.wire import requests as rq
from server import bodies
from server.api import FINDS, LIMITED, READS_BODY, SIGNED_IN, WRITES, Api, Param, reply
from server.auth import optional_principal, require
from server.keys import COMPLAINT_LIMIT, GUESS_LIMIT, HUB, LOOKUP_LIMIT
from server.present import office as present
from server.ratelimit import RateLimit

api = Api()
CHANNEL_OF_ROLE = {"kiosk": "kiosk", "office": "office"}
NUMBER = Param("number", "path", {"type": "string", "maxLength": 20},
               "the complaint's number, e.g. TS20261130001")
QUERY_CODE = Param("code", "query", {"type": "string", "maxLength": 20},
                   "the query code given when it was lodged (not needed by the office)")
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
        channel=channel, reason=body.reason, window=body.window, code=new_code(),
        clerk=(body.clerk or "").strip() or None, phone=body.phone, request_id=request_id))
    lodged = stored[0].event if stored else None
    complaint = (hub.hall.office.complaints[lodged.number]
                 if isinstance(lodged, ComplaintLodged)
                 else hub.hall.office.complaint_for_request(request_id))  # a retry
    assert complaint is not None
    by = f"，并于 {complaint.due:%Y年%m月%d日} 前" if complaint.due else "，并"
    message = (f"您的投诉建议已受理，编号 {complaint.number}，查询码 {complaint.code}"
               "（凭此查询处理结果，请妥善保存）。"
               f"我们将尽快核实处理{by}把结果告知您。感谢您的监督。")
    catalog, today = hub.config.catalog, hub.hall.today(hub.clock())
    if who is not None and who.role == "office":
        return reply(present.lodged_full(complaint, catalog, today, message), 201)
    return reply(present.lodged_public(complaint, catalog, today, message), 201)


@api.get("/api/complaints", "Every complaint, newest first", roles=("office",),
         answer=list[wo.ComplaintFull], errors=SIGNED_IN)
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    items = sorted(hub.hall.office.complaints.values(), key=lambda c: c.lodged_at, reverse=True)
    today = hub.hall.today(hub.clock())
    return reply([present.complaint_full(c, hub.config.catalog, today) for c in items])


@api.get("/api/complaints/{number}", "One complaint: the office sees it whole; whoever "
         "lodged it, with its query code, its state and result",
         answer=wo.ComplaintState | wo.ComplaintPublic | wo.ComplaintFull,
         errors=(401, *FINDS, 422, *LIMITED), params=(NUMBER, QUERY_CODE),
         description="A wrong code and an unknown number get the same 404. A complaint lodged "
         "before query codes shows its state alone.")
async def one(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = optional_principal(request)
    number = _number(request)
    code = bodies.query_text(request, "code", 20).strip().upper()
    complaints = hub.hall.office.complaints
    catalog, today = hub.config.catalog, hub.hall.today(hub.clock())
    if who is not None and who.role == "office":
        found = complaints.get(number)
        if found is None:
            raise NotFound("no-such-complaint", f"没有编号为 {number} 的投诉，请核对编号。")
        return reply(present.complaint_full(found, catalog, today))
    request.app[LOOKUP_LIMIT].check(request)
    guesses = request.app[GUESS_LIMIT]
    guesses.allow(number)
    c = complaints.get(number)
    if c is not None and not c.code:
        return reply(present.complaint_state(c))
    if c is None or not secrets.compare_digest(c.code.encode(), code.encode()):
        guesses.note(number)
        raise NotFound("no-such-complaint", NOT_FOUND)
    return reply(present.complaint_public(c, catalog, today))


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
                                        hub.config.catalog, hub.hall.today(hub.clock())))


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
                                        hub.config.catalog, hub.hall.today(hub.clock())))
