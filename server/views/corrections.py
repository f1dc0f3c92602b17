"""Corrections (更正): a clerk asks to put a finished ticket's outcome right, the office
approves or refuses it in its console. Every step is an event in the ticket's history."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.domain import corrections as cr
from bianmin.domain import events as ev
from bianmin.domain.errors import InvalidCommand, NotFound
from bianmin.domain.hall import Hall
from bianmin.wire import requests as rq
from bianmin.wire.tickets import Correction
from server import bodies
from server.api import FINDS, READS_BODY, SIGNED_IN, WRITES, Api, Param, reply
from server.auth import require
from server.hub import Decision, Hub
from server.keys import HUB
from server.present import tickets as present
from server.views.tickets import TICKET, ticket_param

api = Api()
CORRECTION = Param("correction", "path", {"type": "string", "maxLength": 48},
                   "the correction's id, e.g. 20261130-A012-1")
STATE = Param("state", "query", {"type": "string", "enum": ["", *cr.STATE_NAMES]},
              "only those in this state (all when left out)")


def _view(hub: Hub, x: cr.Correction) -> Correction:
    staff = hub.config.staff
    return present.correction(x, hub.hall, lambda no: staff[no].name if no in staff else no)


@api.post("/api/tickets/{ticket}/correction", "Ask to correct a finished ticket's outcome",
          roles=("clerk",), answer=Correction, status=201, body=rq.AskCorrection,
          errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES), params=(TICKET,),
          description="The clerk who finished the ticket, or its first responder, asks with "
          "the outcome and fields it should have had and `why`; the office decides. One "
          "request may wait per ticket.")
async def ask(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "clerk")
    tid = ticket_param(request)
    body = await bodies.read(request, rq.AskCorrection)
    # A ticket of an earlier day has left the hall's memory: it is taken back to be corrected.
    earlier = None if tid in hub.hall.tickets else await hub.store.ticket(tid)
    if tid not in hub.hall.tickets and earlier is None:
        raise NotFound("no-such-ticket", f"找不到号票 {tid}，请核对号码。")
    command = cmd.AskCorrection(
        ticket=tid, clerk=who.id, window=who.window, why=body.why, outcome=body.outcome,
        promised_date=bodies.year_in_range(body.promised_date, "promised_date"),
        missing_materials=tuple(m.strip() for m in body.missing_materials if m.strip()),
        reason=body.reason, authority=body.authority, authority_days=body.authority_days,
        answer=body.answer, note=body.note)

    def decide(hall: Hall, now: datetime) -> Decision:
        if earlier is not None:
            hall.remember(earlier)
        return hall.decide(command, now), []

    stored = await hub.run(decide)
    asked = stored[0].event
    assert isinstance(asked, ev.CorrectionRequested)
    return reply(_view(hub, hub.hall.office.corrections[asked.correction]), 201)


@api.get("/api/corrections", "Corrections asked: the office sees all, a clerk its own",
         roles=("clerk", "office"), answer=list[Correction], errors=(*SIGNED_IN, 422),
         params=(STATE,), description="Newest first; those of the last month and every "
         "one still waiting.")
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "clerk", "office")
    state = bodies.query_text(request, "state", 16)
    if state and state not in cr.STATE_NAMES:
        raise InvalidCommand("bad-state", "状态须是 pending、approved 或 refused。")
    found = [x for x in hub.hall.office.corrections.values()
             if (not state or x.state == state) and (who.role == "office" or x.clerk == who.id)]
    found.sort(key=lambda x: x.asked_at, reverse=True)
    return reply([_view(hub, x) for x in found])


async def _decide(request: web.Request, approve: bool) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    cid = bodies.path_text(request, "correction", 48)
    body = await bodies.read(request, rq.Decision, optional=approve)
    await hub.execute(cmd.DecideCorrection(correction=cid, by=who.id, approve=approve,
                                           decision=body.decision))
    return reply(_view(hub, hub.hall.office.corrections[cid]))


@api.post("/api/corrections/{correction}/approve", "Approve a correction: the ticket's "
          "outcome is corrected", roles=("office",), answer=Correction, body=rq.Decision,
          body_optional=True, errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES),
          params=(CORRECTION,))
async def approve(request: web.Request) -> web.Response:
    return await _decide(request, True)


@api.post("/api/corrections/{correction}/refuse", "Refuse a correction, saying why",
          roles=("office",), answer=Correction, body=rq.Decision,
          errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES), params=(CORRECTION,))
async def refuse(request: web.Request) -> web.Response:
    return await _decide(request, False)
