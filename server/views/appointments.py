"""Appointments (预约服务制): slots, booking, the office's list, kiosk check-in, home visits."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from aiohttp import web

from bianmin.domain import appointments as ap
from bianmin.domain import office_commands as oc
from bianmin.domain.codec import from_data
from bianmin.domain.errors import Conflict, InvalidCommand, NotFound
from bianmin.protocol import ticket_view
from server import bodies
from server.auth import optional_principal, require
from server.keys import BOOKING_LIMIT, HUB
from server.replies import reply
from server.views.office_views import appointment_view

routes = web.RouteTableDef()


def _day(request: web.Request, name: str = "day") -> date | None:
    return bodies.day(dict(request.query), name)


@routes.get("/api/appointments/slots")
async def slots(request: web.Request) -> web.Response:
    """Each slot of a day and how many places are left, for a matter."""
    hub = request.app[HUB]
    catalog = hub.config.catalog
    matter = request.query.get("matter", "").upper()
    if catalog.matter(matter) is None:
        raise InvalidCommand("no-such-matter", "请选择要预约的事项。")
    day = _day(request) or hub.hall.today(hub.clock())
    book = hub.hall.office.appointments
    return reply({"matter": matter, "day": day.isoformat(), "slots": [
        {"slot": s.label, "capacity": catalog.office.capacity_of(matter),
         "left": ap.places_left(book, catalog, matter, day, s.label)}
        for s in catalog.office.slots]})


@routes.post("/api/appointments")
async def book(request: web.Request) -> web.Response:
    """Book: the office for phone bookings, or a resident online (rate-limited)."""
    hub = request.app[HUB]
    who = optional_principal(request)
    if who is not None and who.role != "office":
        require(request, "office")
    if who is None:
        request.app[BOOKING_LIMIT].check(request)
    body = await bodies.json_body(request)
    day = bodies.day(body, "day")
    if day is None:
        raise InvalidCommand("day-required", "请选择预约日期。")
    for _ in range(5):
        code = "".join(secrets.choice(ap.CODE_ALPHABET) for _ in range(ap.CODE_LENGTH))
        booking = ap.Booking(
            code=code, matter=bodies.text(body, "matter", required=True, limit=8).upper(),
            day=day, slot=bodies.text(body, "slot", required=True, limit=20),
            name=bodies.text(body, "name", required=True, limit=40),
            phone=bodies.text(body, "phone", required=True, limit=20),
            home_visit=body.get("home_visit") is True,
            address=bodies.text(body, "address", limit=200),
            note=bodies.text(body, "note", limit=200),
            by=who.id if who else "web")
        try:
            await hub.execute(oc.BookAppointment(booking=booking))
        except Conflict as err:
            if err.code == "code-taken":
                continue
            raise
        a = hub.hall.office.appointments[code]
        view = appointment_view(a, hub.config.catalog, full=who is not None)
        view["code"] = code  # the one who booked gets the code, to check in with
        view["message"] = (f"预约成功。预约码 {code}，请于 {a.day.month}月{a.day.day}日 "
                           f"{a.slot} 凭预约码到取号机签到。")
        return reply(view, 201)
    raise Conflict("code-taken", "系统繁忙，请稍后重试。")


@routes.get("/api/appointments")
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    today = hub.hall.today(hub.clock())
    since = _day(request, "from") or today
    until = _day(request, "to") or since + timedelta(days=hub.config.catalog.office.days_ahead)
    found = [a for a in hub.hall.office.appointments.values() if since <= a.day <= until]
    if since < today - timedelta(days=31):  # older ones live only in the store
        known = {a.code for a in found}
        for data in await hub.store.all_records("appointment", since, until):
            if data["code"] not in known:
                found.append(from_data(ap.Appointment, data))
    found.sort(key=lambda a: (a.day, a.slot, a.booked_at))
    return reply([appointment_view(a, hub.config.catalog, full=True) for a in found])


@routes.get("/api/appointments/{code}")
async def one(request: web.Request) -> web.Response:
    """An appointment by its code: the office sees it whole, anyone else masked."""
    hub = request.app[HUB]
    who = optional_principal(request)
    code = request.match_info["code"].strip().upper()[:12]
    a = hub.hall.office.appointments.get(code)
    if a is None:
        raise NotFound("no-such-appointment", "没有找到该预约，请核对预约码。")
    return reply(appointment_view(a, hub.config.catalog, full=who is not None and
                                  who.role == "office"))


@routes.post("/api/appointments/check-in")
async def check_in(request: web.Request) -> web.Response:
    """At the kiosk: by code, or by the phone's last four digits and the surname."""
    hub = request.app[HUB]
    who = require(request, "kiosk", "office")
    body = await bodies.json_body(request)
    request_id = bodies.request_id(body)
    await hub.execute(oc.CheckIn(
        request_id=request_id, code=bodies.text(body, "code", limit=12),
        phone_tail=bodies.text(body, "phone_tail", limit=11),
        surname=bodies.text(body, "surname", limit=4), device=who.id))
    ticket = hub.hall.ticket_for_request(request_id)
    assert ticket is not None
    view = ticket_view(ticket, hub.hall, staff=False, now=hub.clock())
    a = hub.hall.office.appointments[ticket.appointment]
    view["appointment"] = appointment_view(a, hub.config.catalog, full=False)
    return reply(view, 201)


@routes.post("/api/appointments/{code}/cancel")
async def cancel(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.json_body(request, optional=True)
    code = request.match_info["code"].strip().upper()[:12]
    await hub.execute(oc.CancelAppointment(code=code, by=who.id,
                                           reason=bodies.text(body, "reason", limit=200)))
    return reply(appointment_view(hub.hall.office.appointments[code], hub.config.catalog,
                                  full=True))


@routes.post("/api/appointments/{code}/assign")
async def assign(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.json_body(request)
    code = request.match_info["code"].strip().upper()[:12]
    await hub.execute(oc.AssignHomeVisit(
        code=code, clerk=bodies.text(body, "clerk", required=True, limit=32), by=who.id))
    return reply(appointment_view(hub.hall.office.appointments[code], hub.config.catalog,
                                  full=True))


@routes.post("/api/appointments/{code}/complete")
async def complete(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.json_body(request, optional=True)
    code = request.match_info["code"].strip().upper()[:12]
    await hub.execute(oc.CompleteHomeVisit(code=code, by=who.id,
                                           note=bodies.text(body, "note", limit=500)))
    return reply(appointment_view(hub.hall.office.appointments[code], hub.config.catalog,
                                  full=True))
