"""Tickets: issuing at a kiosk, following one by its code, and every step at a window."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.domain.errors import Forbidden, NotFound
from bianmin.domain.types import Priority
from bianmin.wire import requests as rq
from bianmin.wire.events import HistoryEntry
from bianmin.wire.tickets import Promise, Step, TicketPublic, TicketStaff
from server import bodies
from server.api import FINDS, READS_BODY, SIGNED_IN, WRITES, Api, Param, reply
from server.auth import clerk_at, require
from server.hub import Hub
from server.keys import HUB
from server.present import tickets as present
from server.present.events import history_event
from server.store import StoredEvent

api = Api()

KIOSK_PRIORITIES = (Priority.NORMAL, Priority.PRIORITY)
TICKET = Param("ticket", "path", {"type": "string", "maxLength": 40},
               "the ticket's id, e.g. 20261130-A012")
STAFF = ("clerk", "office")
AT_WINDOW = ("clerk",)
STEP_ERRORS = (*SIGNED_IN, *FINDS, *WRITES)


def ticket_param(request: web.Request) -> str:
    raw = request.match_info["ticket"]
    if len(raw) > 40 or not raw.isprintable():
        raise NotFound("no-such-ticket", "找不到该号票，请核对号码。")
    return raw


@api.post("/api/tickets", "Issue a ticket (one touch, one ticket)",
          roles=("kiosk", *STAFF), answer=TicketPublic | TicketStaff, status=201,
          body=rq.IssueTicket, errors=(*SIGNED_IN, *READS_BODY, *WRITES),
          description="Send `matter` (a letter) or `bundle` (a 一件事's id: one ticket for all "
          "its steps). The same `request_id` sent again returns the ticket already issued. "
          "Kiosks issue `normal` and `priority` tickets and get the public view; staff get "
          "theirs.")
async def issue(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "kiosk", *STAFF)
    body = await bodies.read(request, rq.IssueTicket)
    if not who.staff and body.priority not in KIOSK_PRIORITIES:
        raise Forbidden("staff-only-priority", "预约号须通过预约签到取得，加急须由工作人员设置。")
    await hub.execute(cmd.IssueTicket(matter=body.matter.strip().upper(),
                                      bundle=body.bundle.strip().lower(),
                                      priority=body.priority, request_id=body.request_id,
                                      device=who.id))
    ticket = hub.hall.ticket_for_request(body.request_id)
    assert ticket is not None
    if who.staff:
        return reply(present.ticket_staff(ticket, hub.hall, hub.clock()), 201)
    return reply(present.ticket_public(ticket, hub.hall, hub.clock()), 201)


@api.get("/api/tickets/{ticket}", "One ticket's public state (the code on the ticket)",
         answer=TicketPublic, errors=FINDS, params=(TICKET,))
async def get_ticket(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    tid = ticket_param(request)
    ticket = await hub.find_ticket(tid)
    if ticket is None:
        raise NotFound("no-such-ticket", f"找不到号票 {tid}，请核对号码。")
    return reply(present.ticket_public(ticket, hub.hall, hub.clock()))


@api.get("/api/tickets/{ticket}/history", "Every event of a ticket, in order",
         roles=STAFF, answer=list[HistoryEntry], errors=(*SIGNED_IN, *FINDS),
         params=(TICKET,))
async def history(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, *STAFF)
    tid = ticket_param(request)
    found = await hub.store.ticket_history(tid)
    if not found:
        raise NotFound("no-such-ticket", f"找不到号票 {tid}，请核对号码。")
    office = who.role == "office"
    return reply([entry for s in found if (entry := _entry(s, office)) is not None])


def _entry(stored: StoredEvent, office: bool) -> HistoryEntry | None:
    event = history_event(stored.event, office)
    if event is None:
        return None
    fields = {name: getattr(event, name) for name in event.__struct_fields__}
    return HistoryEntry(seq=stored.seq, kind=stored.event.kind, at=stored.event.at,
                        **fields)


def _step_reply(hub: Hub, ticket_id: str, stored: list[StoredEvent]) -> web.Response:
    return reply(present.step(hub.hall.ticket(ticket_id), hub.hall, hub.clock(),
                              [s.seq for s in stored]))


async def _window_step(request: web.Request, make: type[cmd.TicketCommand]) -> web.Response:
    hub = request.app[HUB]
    who, window = clerk_at(request)
    tid = ticket_param(request)
    stored = await hub.execute(make(ticket=tid, window=window, clerk=who.id))
    return _step_reply(hub, tid, stored)


@api.post("/api/tickets/{ticket}/recall", "Call it again on the display (重呼)",
          roles=AT_WINDOW, answer=Step, errors=STEP_ERRORS, params=(TICKET,))
async def recall(request: web.Request) -> web.Response:
    return await _window_step(request, cmd.Recall)


@api.post("/api/tickets/{ticket}/start", "The resident is here: start serving",
          roles=AT_WINDOW, answer=Step, errors=STEP_ERRORS, params=(TICKET,),
          description="The clerk becomes the ticket's first responder if nobody was.")
async def start(request: web.Request) -> web.Response:
    return await _window_step(request, cmd.Receive)


@api.post("/api/tickets/{ticket}/no-show", "Nobody came after the recalls (过号)",
          roles=AT_WINDOW, answer=Step, errors=STEP_ERRORS, params=(TICKET,))
async def no_show(request: web.Request) -> web.Response:
    return await _window_step(request, cmd.NoShow)


@api.post("/api/tickets/{ticket}/transfer", "Transfer to a window or a matter's queue",
          roles=AT_WINDOW, answer=Step, body=rq.Transfer,
          errors=(*STEP_ERRORS, *READS_BODY), params=(TICKET,))
async def transfer(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = clerk_at(request)
    tid = ticket_param(request)
    body = await bodies.read(request, rq.Transfer)
    to_matter = (body.to_matter or "").strip().upper() or None
    stored = await hub.execute(cmd.Transfer(
        ticket=tid, window=window, clerk=who.id, to_window=body.to_window,
        to_matter=to_matter, reason=body.reason))
    return _step_reply(hub, tid, stored)


@api.post("/api/tickets/{ticket}/join", "Join matters of other departments (联办)",
          roles=AT_WINDOW, answer=Step, body=rq.JoinMatters,
          errors=(*STEP_ERRORS, *READS_BODY), params=(TICKET,),
          description="The clerk serving the ticket adds the matters this visit also needs, "
          "in the order to take them, with the reason. When this step is finished with an "
          "outcome that lets the resident go on, the same number waits for the next matter; "
          "this clerk stays its first responder.")
async def join(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = clerk_at(request)
    tid = ticket_param(request)
    body = await bodies.read(request, rq.JoinMatters)
    stored = await hub.execute(cmd.JoinMatters(
        ticket=tid, window=window, clerk=who.id,
        matters=tuple(m.strip().upper() for m in body.matters), reason=body.reason))
    return _step_reply(hub, tid, stored)


@api.post("/api/tickets/{ticket}/finish", "Finish with an outcome (办结)",
          roles=AT_WINDOW, answer=Step, body=rq.Finish,
          errors=(*STEP_ERRORS, *READS_BODY), params=(TICKET,))
async def finish(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = clerk_at(request)
    tid = ticket_param(request)
    body = await bodies.read(request, rq.Finish)
    stored = await hub.execute(cmd.Finish(
        ticket=tid, window=window, clerk=who.id, outcome=body.outcome,
        promised_date=bodies.year_in_range(body.promised_date, "promised_date"),
        missing_materials=tuple(m.strip() for m in body.missing_materials if m.strip()),
        reason=body.reason, authority=body.authority, authority_days=body.authority_days,
        answer=body.answer, note=body.note,
    ))
    return _step_reply(hub, tid, stored)


async def _staff_step(request: web.Request, make: type[cmd.StaffTicketCommand],
                      text: str | None = None) -> web.Response:
    """A step any member of staff may take; `text` names the body's text field it reads."""
    hub = request.app[HUB]
    who = require(request, *STAFF)
    tid = ticket_param(request)
    extra: dict[str, str] = {}
    if text == "reason":
        extra["reason"] = (await bodies.read(request, rq.Reason, optional=True)).reason
    elif text == "note":
        extra["note"] = (await bodies.read(request, rq.Note, optional=True)).note
    if who.role == "clerk":
        clerk_at(request)
    stored = await hub.execute(make(ticket=tid, clerk=who.id, window=who.window, **extra))
    return _step_reply(hub, tid, stored)


@api.post("/api/tickets/{ticket}/urgent", "Raise a waiting ticket to urgent (急事急办)",
          roles=STAFF, answer=Step, body=rq.Reason, body_optional=True,
          errors=(*STEP_ERRORS, *READS_BODY), params=(TICKET,))
async def urgent(request: web.Request) -> web.Response:
    return await _staff_step(request, cmd.MakeUrgent, "reason")


@api.post("/api/tickets/{ticket}/cancel", "Cancel, with the reason",
          roles=STAFF, answer=Step, body=rq.Reason, body_optional=True,
          errors=(*STEP_ERRORS, *READS_BODY), params=(TICKET,),
          description="A clerk cancels only the ticket called or missed at its window; the "
          "office any open ticket.")
async def cancel(request: web.Request) -> web.Response:
    return await _staff_step(request, cmd.Cancel, "reason")


@api.post("/api/tickets/{ticket}/promise-kept", "承诺件办结: the promised matter is done",
          roles=STAFF, answer=Step, body=rq.Note, body_optional=True,
          errors=(*STEP_ERRORS, *READS_BODY), params=(TICKET,))
async def promise_kept(request: web.Request) -> web.Response:
    return await _staff_step(request, cmd.KeepPromise, "note")


@api.post("/api/tickets/{ticket}/move", "导服台: move a waiting ticket to another matter's "
          "queue", roles=("office",), answer=Step, body=rq.Move,
          errors=(*STEP_ERRORS, *READS_BODY), params=(TICKET,),
          description="For a resident who took a ticket for the wrong matter: it joins the "
          "right matter's line where it would have stood (by when it joined its line), keeps "
          "its number and class, and nobody becomes its first responder.")
async def move(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    tid = ticket_param(request)
    body = await bodies.read(request, rq.Move)
    stored = await hub.execute(cmd.MoveTicket(ticket=tid, clerk=who.id,
                                              to_matter=body.to_matter, reason=body.reason))
    return _step_reply(hub, tid, stored)


@api.get("/api/promises", "Promised matters not yet completed, soonest due first",
         roles=STAFF, answer=list[Promise], errors=SIGNED_IN,
         description="A clerk sees those it received or finished; the office all.")
async def promises(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, *STAFF)
    now = hub.clock()
    today = hub.hall.today(now)
    return reply([present.promise(t, hub.hall, now, today) for t in hub.hall.open_promises()
                  if who.role != "clerk" or who.id in (t.owner, t.clerk)])


@api.post("/api/tickets/{ticket}/requeue", "Put a ticket missed today back in line",
          roles=STAFF, answer=Step, errors=STEP_ERRORS, params=(TICKET,))
async def requeue(request: web.Request) -> web.Response:
    return await _staff_step(request, cmd.Requeue)
