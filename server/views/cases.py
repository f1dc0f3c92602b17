"""Bad ratings' cases (差评整改) for the office: listed with their deadlines, called back,
put right, closed, and given to another head.

Each action answers with the case as it now stands. A case that cannot be closed yet (no
call-back or reason recorded, nothing recorded as put right) is refused with 409 saying what
is missing.
"""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import office_commands as oc
from bianmin.wire import office as wo
from bianmin.wire import requests as rq
from server import bodies
from server.api import FINDS, READS_BODY, SIGNED_IN, WRITES, Api, Param, reply
from server.auth import require
from server.hub import Hub
from server.keys import HUB
from server.present.office import case_view

api = Api()
CASE = Param("case", "path", {"type": "string", "maxLength": 20},
             "the case's number, e.g. CP20261130001")
ACTS = (*SIGNED_IN, *FINDS, *READS_BODY, *WRITES)


def _case(request: web.Request) -> str:
    return bodies.path_text(request, "case", 20).upper()


def _view(hub: Hub, case: str) -> wo.CaseView:
    return case_view(hub.hall.office.case(case), hub.config, hub.hall.today(hub.clock()))


@api.get("/api/cases", "Bad ratings' cases: open ones, then the last month's, due first",
         roles=("office",), answer=list[wo.CaseView], errors=SIGNED_IN,
         description="Each with its due day (working days, by the `[calendar]`) and whether "
         "it is due soon or overdue today.")
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    today = hub.hall.today(hub.clock())
    items = sorted(hub.hall.office.cases.values(),
                   key=lambda k: (k.state != "open", k.due, k.id))
    return reply([case_view(k, hub.config, today) for k in items])


@api.get("/api/cases/options", "Whom a case can be given to", roles=("office",),
         answer=wo.CaseOptions, errors=SIGNED_IN)
async def options(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    return reply(wo.CaseOptions(heads=[
        wo.Head(staff_no=s.staff_no, name=s.name, departments=list(s.departments))
        for s in hub.config.staff.values() if s.departments]))


@api.get("/api/cases/{case}", "One case", roles=("office",), answer=wo.CaseView,
         errors=(*SIGNED_IN, *FINDS), params=(CASE,))
async def one(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    return reply(_view(hub, _case(request)))


@api.post("/api/cases/{case}/call-back", "Record the call-back (回访), or why it could not "
          "be made", roles=("office",), answer=wo.CaseView, body=rq.CallBack, errors=ACTS,
          params=(CASE,))
async def call_back(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.CallBack)
    case = _case(request)
    await hub.execute(oc.CallBackCase(case=case, by=who.id, reached=body.reached,
                                      note=body.note))
    return reply(_view(hub, case))


@api.post("/api/cases/{case}/rectify", "Record what was done to put it right (整改)",
          roles=("office",), answer=wo.CaseView, body=rq.CaseNote, errors=ACTS,
          params=(CASE,))
async def rectify(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.CaseNote)
    case = _case(request)
    await hub.execute(oc.RectifyCase(case=case, by=who.id, note=body.note))
    return reply(_view(hub, case))


@api.post("/api/cases/{case}/close", "Close it: once called back (or the reason recorded) "
          "and put right", roles=("office",), answer=wo.CaseView, body=rq.CaseNote,
          body_optional=True, errors=ACTS, params=(CASE,))
async def close(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.CaseNote, optional=True)
    case = _case(request)
    await hub.execute(oc.CloseCase(case=case, by=who.id, note=body.note))
    return reply(_view(hub, case))


@api.post("/api/cases/{case}/assign", "Give it to a department head, or to the office",
          roles=("office",), answer=wo.CaseView, body=rq.AssignCase, errors=ACTS,
          params=(CASE,))
async def assign(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.AssignCase)
    case = _case(request)
    await hub.execute(oc.AssignCase(case=case, by=who.id, assignee=body.assignee))
    return reply(_view(hub, case))
