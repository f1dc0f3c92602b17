"""The hall as a whole: live state, supervision, and what devices report."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.domain.errors import InvalidCommand
from bianmin.domain.supervision import supervised
from bianmin.protocol import hall_view, supervised_view
from server import bodies
from server.auth import principal, require
from server.keys import HUB
from server.replies import reply

routes = web.RouteTableDef()

PRINTER_STATUSES = ("ok", "offline", "paper-out", "paper-low", "cover-open", "error")


@routes.get("/api/hall")
async def hall(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = principal(request)
    await hub.settled()
    return reply(
        hall_view(hub.hall, hub.config, seq=hub.seq, staff=who.staff, now=hub.clock())
    )


@routes.get("/api/clerks/me/supervised")
async def my_supervised(request: web.Request) -> web.Response:
    """督办: the tickets this clerk first received and transferred, where each is now."""
    hub = request.app[HUB]
    who = require(request, "clerk", "office")
    now = hub.clock()
    items = supervised(hub.hall.tickets.values(), who.id, hub.config.catalog, now)
    return reply([supervised_view(i, hub.hall, now) for i in items])


@routes.get("/api/devices/me")
async def device_me(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "kiosk", "display", "rating")
    device = next(d for d in hub.config.devices.values() if d.id == who.id)
    return reply({
        "id": device.id, "kind": device.kind, "name": device.name, "printer": device.printer,
        "center": {"name": hub.config.center.name, "name_en": hub.config.center.name_en,
                   "public_url": hub.config.center.public_url},
    })


@routes.post("/api/devices/printer-status")
async def printer_status(request: web.Request) -> web.Response:
    """A kiosk or window reports its printer's state; the office sees faults live."""
    hub = request.app[HUB]
    who = require(request, "kiosk", "clerk")
    body = await bodies.json_body(request)
    status = bodies.text(body, "status", required=True, limit=20)
    if status not in PRINTER_STATUSES:
        raise InvalidCommand("bad-status", f"status 须是以下之一：{'、'.join(PRINTER_STATUSES)}。")
    device = who.id if who.role == "kiosk" else f"window-{who.window}"
    stored = await hub.execute(cmd.ReportPrinter(
        device=device, status=status, detail=bodies.text(body, "detail", limit=200)))
    return reply({"device": device, "status": status, "recorded": bool(stored)})
