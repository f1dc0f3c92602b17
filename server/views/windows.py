"""A window's own actions: call the next ticket, pause and resume, see its queue."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.wire import requests as rq
from bianmin.wire.hall import WindowQueue, WindowStaff
from bianmin.wire.tickets import Step
from server import bodies
from server.api import FINDS, READS_BODY, SIGNED_IN, WRITES, Api, Param, reply
from server.auth import clerk_at, require
from server.keys import HUB
from server.present import hall as present_hall
from server.present import tickets as present
from server.sessions import Principal

api = Api()

WINDOW = Param("window", "path", {"type": "integer", "minimum": 1, "maximum": 9999},
               "the window's number")
LIMIT = Param("limit", "query", {"type": "integer", "minimum": 1, "maximum": 100},
              "how many of the next tickets (10; at most 100)")
STEP_ERRORS = (*SIGNED_IN, *FINDS, *WRITES)


def _signed_in_here(request: web.Request) -> tuple[Principal, int]:
    """The clerk signed in at the window the path names (404 for a window that does not
    exist, 403 for another window's clerk)."""
    number = bodies.window_param(request)
    request.app[HUB].hall.window_rule(number)
    return clerk_at(request, number)


@api.post("/api/windows/{window}/call-next", "Call the next ticket (叫号)",
          roles=("clerk",), answer=Step, errors=STEP_ERRORS, params=(WINDOW,),
          description="404 `queue-empty` when nobody waits for this window.")
async def call_next(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = _signed_in_here(request)
    stored = await hub.execute(cmd.CallNext(window=window, clerk=who.id))
    called = stored[0].event.ticket_id
    assert called is not None
    return reply(present.step(hub.hall.ticket(called), hub.hall, hub.clock(),
                              [s.seq for s in stored]))


@api.post("/api/windows/{window}/pause", "Pause the window, with a reason",
          roles=("clerk",), answer=WindowStaff, body=rq.Pause, body_optional=True,
          errors=(*STEP_ERRORS, *READS_BODY), params=(WINDOW,))
async def pause(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = _signed_in_here(request)
    body = await bodies.read(request, rq.Pause, optional=True)
    await hub.execute(cmd.Pause(window=window, clerk=who.id, reason=body.reason))
    return reply(present_hall.window_staff(hub.hall.windows[window], hub.hall))


@api.post("/api/windows/{window}/resume", "Resume service", roles=("clerk",),
          answer=WindowStaff, errors=STEP_ERRORS, params=(WINDOW,))
async def resume(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = _signed_in_here(request)
    await hub.execute(cmd.Resume(window=window, clerk=who.id))
    return reply(present_hall.window_staff(hub.hall.windows[window], hub.hall))


@api.get("/api/windows/{window}/queue", "What this window calls next, in order",
         roles=("clerk", "office"), answer=WindowQueue, errors=(*SIGNED_IN, *FINDS, 422),
         params=(WINDOW, LIMIT))
async def queue(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "clerk", "office")
    number = bodies.window_param(request)
    hub.hall.window_rule(number)
    limit = bodies.query_int(request, "limit", 1, 100, 10)
    assert limit is not None
    return reply(present_hall.queue(hub.hall, number, limit, hub.clock()))
