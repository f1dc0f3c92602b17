"""The hall as a whole: live state, supervision, and what devices report."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.domain.supervision import supervised
from bianmin.domain.types import TicketState
from bianmin.wire import requests as rq
from bianmin.wire.devices import Device, DeviceCenter, PrinterRecorded, printer_settings
from bianmin.wire.hall import HallClerk, HallOffice, HallPublic
from bianmin.wire.tickets import Supervised, TicketStaff
from server import bodies
from server.api import READS_BODY, SIGNED_IN, WRITES, Api, reply
from server.auth import principal, require
from server.keys import HUB
from server.present import hall as present
from server.present.tickets import supervised as supervised_view
from server.present.tickets import ticket_staff

api = Api()
FINISHED_LISTED = 100


@api.get("/api/hall", "The whole live state, as the caller's audience sees it",
         roles=("kiosk", "display", "rating", "clerk", "office"),
         answer=HallPublic | HallClerk | HallOffice, errors=(401,),
         description="Devices get the public view, clerks theirs, the office everything.")
async def hall(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = principal(request)
    await hub.settled()
    build = {"public": present.hall_public, "clerk": present.hall_clerk,
             "office": present.hall_office}[who.audience]
    return reply(build(hub.hall, hub.config, hub.seq, hub.clock()))


@api.get("/api/clerks/me/supervised", "督办: tickets this clerk received first and "
         "transferred, where each is now", roles=("clerk", "office"),
         answer=list[Supervised], errors=SIGNED_IN)
async def my_supervised(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "clerk", "office")
    now = hub.clock()
    items = supervised(hub.hall.tickets.values(), who.id, hub.config.catalog, now)
    return reply([supervised_view(i, hub.hall, now) for i in items])


@api.get("/api/clerks/me/finished", "Tickets this clerk finished today, newest first",
         roles=("clerk",), answer=list[TicketStaff], errors=SIGNED_IN,
         description="What a clerk may ask to correct (更正); `correction` on a ticket is not "
         "carried: `GET /api/corrections` says which wait.")
async def my_finished(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "clerk")
    now = hub.clock()
    today = hub.hall.today(now)
    done = [t for t in hub.hall.tickets.values()
            if t.state is TicketState.DONE and t.clerk == who.id and t.finished_at is not None
            and hub.hall.today(t.finished_at) == today]
    done.sort(key=lambda t: t.finished_at or now, reverse=True)
    return reply([ticket_staff(t, hub.hall, now) for t in done[:FINISHED_LISTED]])


@api.get("/api/devices/me", "A device's settings: its printer and the center",
         roles=("kiosk", "display", "rating"), answer=Device, errors=SIGNED_IN)
async def device_me(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "kiosk", "display", "rating")
    device = next(d for d in hub.config.devices.values() if d.id == who.id)
    center = hub.config.center
    return reply(Device(
        id=device.id, kind=who.role, name=device.name,  # type: ignore[arg-type]
        printer=printer_settings(device.printer),
        center=DeviceCenter(name=center.name, name_en=center.name_en,
                            public_url=center.public_url)))


@api.post("/api/devices/printer-status", "Report a printer's fault or recovery",
          roles=("kiosk", "clerk"), answer=PrinterRecorded, body=rq.PrinterReport,
          errors=(*SIGNED_IN, *READS_BODY, *WRITES))
async def printer_status(request: web.Request) -> web.Response:
    """A kiosk or window reports its printer's state; the office sees faults live."""
    hub = request.app[HUB]
    who = require(request, "kiosk", "clerk")
    body = await bodies.read(request, rq.PrinterReport)
    device = who.id if who.role == "kiosk" else f"window-{who.window}"
    stored = await hub.execute(cmd.ReportPrinter(device=device, status=body.status,
                                                 detail=body.detail))
    return reply(PrinterRecorded(device=device, status=body.status, recorded=bool(stored)))
