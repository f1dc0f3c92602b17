"""Tickets: issuing at a kiosk, following one by its code, and every step at a window."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.domain.errors import Forbidden, InvalidCommand, NotFound
from bianmin.domain.events import to_record
from bianmin.domain.limits import promise_status
from bianmin.domain.types import Outcome, Priority
from bianmin.protocol import ticket_view
from server import bodies
from server.auth import clerk_at, require
from server.hub import Hub
from server.keys import HUB
from server.replies import reply
from server.store import StoredEvent

routes = web.RouteTableDef()

KIOSK_PRIORITIES = (Priority.NORMAL, Priority.PRIORITY)


def _ticket_id(request: web.Request) -> str:
    raw = request.match_info["ticket"]
    if len(raw) > 40:
        raise NotFound("no-such-ticket", "找不到该号票，请核对号码。")
    return raw


@routes.post("/api/tickets")
async def issue(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "kiosk", "clerk", "office")
    body = await bodies.json_body(request)
    matter = bodies.text(body, "matter", required=True, limit=8).strip().upper()
    request_id = bodies.request_id(body)
    priority = bodies.choice(body, "priority", Priority, Priority.NORMAL)
    if not who.staff and priority not in KIOSK_PRIORITIES:
        raise Forbidden("staff-only-priority", "预约号须通过预约签到取得，加急须由工作人员设置。")
    await hub.execute(cmd.IssueTicket(matter=matter, priority=priority, request_id=request_id,
                                      device=who.id))
    ticket = hub.hall.ticket_for_request(request_id)
    assert ticket is not None
    view = ticket_view(ticket, hub.hall, staff=who.staff, now=hub.clock())
    return reply(view, status=201)


@routes.get("/api/tickets/{ticket}")
async def get_ticket(request: web.Request) -> web.Response:
    """A ticket's public state: what the code printed on the ticket opens."""
    hub = request.app[HUB]
    tid = _ticket_id(request)
    ticket = await hub.find_ticket(tid)
    if ticket is None:
        raise NotFound("no-such-ticket", f"找不到号票 {tid}，请核对号码。")
    return reply(ticket_view(ticket, hub.hall, staff=False))


@routes.get("/api/tickets/{ticket}/history")
async def history(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "clerk", "office")
    tid = _ticket_id(request)
    found = await hub.store.ticket_history(tid)
    if not found:
        raise NotFound("no-such-ticket", f"找不到号票 {tid}，请核对号码。")
    return reply([{"seq": s.seq, **to_record(s.event)} for s in found])


def _step_reply(hub: Hub, ticket_id: str, stored: list[StoredEvent]) -> web.Response:
    view = ticket_view(hub.hall.ticket(ticket_id), hub.hall, staff=True, now=hub.clock())
    view["events"] = [s.seq for s in stored]
    return reply(view)


async def _window_step(request: web.Request, make: type[cmd.TicketCommand]) -> web.Response:
    hub = request.app[HUB]
    who, window = clerk_at(request)
    tid = _ticket_id(request)
    stored = await hub.execute(make(ticket=tid, window=window, clerk=who.id))
    return _step_reply(hub, tid, stored)


@routes.post("/api/tickets/{ticket}/recall")
async def recall(request: web.Request) -> web.Response:
    return await _window_step(request, cmd.Recall)


@routes.post("/api/tickets/{ticket}/start")
async def start(request: web.Request) -> web.Response:
    return await _window_step(request, cmd.Receive)


@routes.post("/api/tickets/{ticket}/no-show")
async def no_show(request: web.Request) -> web.Response:
    return await _window_step(request, cmd.NoShow)


@routes.post("/api/tickets/{ticket}/transfer")
async def transfer(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = clerk_at(request)
    tid = _ticket_id(request)
    body = await bodies.json_body(request)
    to_matter = bodies.text(body, "to_matter", limit=8).strip().upper() or None
    stored = await hub.execute(cmd.Transfer(
        ticket=tid, window=window, clerk=who.id,
        to_window=bodies.integer(body, "to_window"), to_matter=to_matter,
        reason=bodies.text(body, "reason"),
    ))
    return _step_reply(hub, tid, stored)


@routes.post("/api/tickets/{ticket}/finish")
async def finish(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = clerk_at(request)
    tid = _ticket_id(request)
    body = await bodies.json_body(request)
    if "outcome" not in body:
        raise InvalidCommand("outcome-required", "请选择办结类型（咨询件、即办件、承诺件等）。")
    stored = await hub.execute(cmd.Finish(
        ticket=tid, window=window, clerk=who.id,
        outcome=bodies.choice(body, "outcome", Outcome),
        promised_date=bodies.day(body, "promised_date"),
        missing_materials=bodies.string_list(body, "missing_materials"),
        reason=bodies.text(body, "reason"),
        authority=bodies.text(body, "authority", limit=200),
        note=bodies.text(body, "note"),
    ))
    return _step_reply(hub, tid, stored)


async def _staff_step(request: web.Request, make: type[cmd.StaffTicketCommand],
                      *texts: str) -> web.Response:
    """A step any member of staff may take; `texts` name the body's text fields it reads."""
    hub = request.app[HUB]
    who = require(request, "clerk", "office")
    tid = _ticket_id(request)
    body = await bodies.json_body(request, optional=True)
    extra = {name: bodies.text(body, name) for name in texts}
    if who.role == "clerk":
        clerk_at(request)
    stored = await hub.execute(make(ticket=tid, clerk=who.id, window=who.window, **extra))
    return _step_reply(hub, tid, stored)


@routes.post("/api/tickets/{ticket}/urgent")
async def urgent(request: web.Request) -> web.Response:
    return await _staff_step(request, cmd.MakeUrgent, "reason")


@routes.post("/api/tickets/{ticket}/cancel")
async def cancel(request: web.Request) -> web.Response:
    return await _staff_step(request, cmd.Cancel, "reason")


@routes.post("/api/tickets/{ticket}/promise-kept")
async def promise_kept(request: web.Request) -> web.Response:
    """承诺件办结: the promised matter is done and the resident has been told."""
    return await _staff_step(request, cmd.KeepPromise, "note")


@routes.get("/api/promises")
async def promises(request: web.Request) -> web.Response:
    """Promised matters not yet completed, soonest due first, each with its status
    (ok, due-soon, overdue). A clerk sees those it received or finished; the office all."""
    hub = request.app[HUB]
    who = require(request, "clerk", "office")
    now = hub.clock()
    today = hub.hall.today(now)
    rules = hub.config.catalog.rules
    out = []
    for t in hub.hall.open_promises():
        if who.role == "clerk" and who.id not in (t.owner, t.clerk):
            continue
        assert t.promised_date is not None
        view = ticket_view(t, hub.hall, staff=True, now=now)
        view["promise_status"] = promise_status(t.promised_date, today, rules)
        view["days_left"] = (t.promised_date - today).days
        out.append(view)
    return reply(out)


@routes.post("/api/tickets/{ticket}/requeue")
async def requeue(request: web.Request) -> web.Response:
    return await _staff_step(request, cmd.Requeue)
