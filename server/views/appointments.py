"""Appointments (预约服务制): slots, booking, the office's list, kiosk check-in, home visits."""

from __future__ import annotations

import secrets
from datetime import timedelta

from aiohttp import web

from bianmin.domain import appointments as ap
from bianmin.domain import office_commands as oc
from bianmin.domain.codec import from_data
from bianmin.domain.errors import Conflict, InvalidCommand, NotFound
from bianmin.wire import office as wo
from bianmin.wire import requests as rq
from bianmin.wire.tickets import Step
from server import bodies
from server.api import (
    FINDS,
    LIMITED,
    QUERY_DAY,
    READS_BODY,
    SIGNED_IN,
    WRITES,
    Api,
    Param,
    reply,
)
from server.auth import clerk_at, optional_principal, require
from server.keys import BOOKING_LIMIT, HUB
from server.present import office as present
from server.present.tickets import public_fields, step

api = Api()
CODE = Param("code", "path", {"type": "string", "maxLength": 12}, "the booking code")
DAY = QUERY_DAY


def _code(request: web.Request) -> str:
    return bodies.path_text(request, "code", 12).upper()


@api.get("/api/appointments/slots", "Each slot of a day and how many places are left",
         answer=wo.Slots, errors=(422,),
         params=(Param("matter", "query", {"type": "string", "maxLength": 8}, "the matter",
                       required=True),
                 Param("day", "query", DAY, "the day (today when left out)")))
async def slots(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    catalog = hub.config.catalog
    matter = bodies.query_text(request, "matter", 8).upper()
    if catalog.matter(matter) is None:
        raise InvalidCommand("no-such-matter", "请选择要预约的事项。")
    day = bodies.query_day(request, "day") or hub.hall.today(hub.clock())
    book = hub.hall.office.appointments
    return reply(wo.Slots(matter=matter, day=day, slots=[
        wo.SlotPlaces(slot=s.label, capacity=catalog.office.capacity_of(matter),
                      left=ap.places_left(book, catalog, matter, day, s.label))
        for s in catalog.office.slots]))


@api.post("/api/appointments", "Book: the office for phone bookings, or a resident online",
          answer=wo.BookedPublic | wo.BookedFull, status=201, body=rq.Book,
          errors=(*SIGNED_IN, *READS_BODY, *WRITES, *LIMITED),
          description="Without a token it is a resident booking online (rate-limited per "
          "address); the answer carries the code to check in with.")
async def book(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = optional_principal(request)
    if who is not None and who.role != "office":
        require(request, "office")
    if who is None:
        request.app[BOOKING_LIMIT].check(request)
    body = await bodies.read(request, rq.Book)
    day = bodies.year_in_range(body.day, "day")
    assert day is not None
    for _ in range(5):
        code = "".join(secrets.choice(ap.CODE_ALPHABET) for _ in range(ap.CODE_LENGTH))
        booking = ap.Booking(
            code=code, matter=body.matter.strip().upper(), day=day, slot=body.slot,
            name=body.name, phone=body.phone, home_visit=body.home_visit,
            address=body.address, note=body.note, by=who.id if who else "web")
        try:
            await hub.execute(oc.BookAppointment(booking=booking))
        except Conflict as err:
            if err.code == "code-taken":
                continue
            raise
        a = hub.hall.office.appointments[code]
        message = (f"预约成功。预约码 {code}，请于 {a.day.month}月{a.day.day}日 "
                   f"{a.slot} 凭预约码到取号机签到。")
        if who is not None:
            return reply(present.booked_full(a, hub.config.catalog, message), 201)
        return reply(present.booked_public(a, hub.config.catalog, message), 201)
    raise Conflict("code-taken", "系统繁忙，请稍后重试。")


@api.get("/api/appointments", "Bookings of a range of days", roles=("office",),
         answer=list[wo.AppointmentFull], errors=(*SIGNED_IN, 422),
         params=(Param("from", "query", DAY, "the first day (today)"),
                 Param("to", "query", DAY, "the last day (as far as bookings go)")))
async def listing(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    require(request, "office")
    today = hub.hall.today(hub.clock())
    since = bodies.query_day(request, "from") or today
    until = bodies.query_day(request, "to") or since + timedelta(
        days=hub.config.catalog.office.days_ahead)
    found = [a for a in hub.hall.office.appointments.values() if since <= a.day <= until]
    if since < today - timedelta(days=31):  # older ones live only in the store
        known = {a.code for a in found}
        for data in await hub.store.all_records("appointment", since, until):
            if data["code"] not in known:
                found.append(from_data(ap.Appointment, data))
    found.sort(key=lambda a: (a.day, a.slot, a.booked_at))
    return reply([present.appointment_full(a, hub.config.catalog) for a in found])


@api.get("/api/appointments/{code}", "A booking by its code",
         answer=wo.AppointmentPublic | wo.AppointmentFull, errors=(401, *FINDS),
         params=(CODE,), description="The office sees it whole, anyone else masked.")
async def one(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = optional_principal(request)
    code = _code(request)
    a = hub.hall.office.appointments.get(code)
    if a is None:
        raise NotFound("no-such-appointment", "没有找到该预约，请核对预约码。")
    if who is not None and who.role == "office":
        return reply(present.appointment_full(a, hub.config.catalog))
    return reply(present.appointment_public(a, hub.config.catalog))


@api.post("/api/appointments/check-in", "Check in at the kiosk: by code, or by the phone's "
          "last four digits and the surname", roles=("kiosk", "office"),
          answer=wo.CheckedIn, status=201, body=rq.CheckIn,
          errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES),
          description="Issues a ticket of appointment class; the same `request_id` sent "
          "again returns it.")
async def check_in(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "kiosk", "office")
    body = await bodies.read(request, rq.CheckIn)
    await hub.execute(oc.CheckIn(
        request_id=body.request_id, code=body.code, phone_tail=body.phone_tail,
        surname=body.surname, device=who.id))
    ticket = hub.hall.ticket_for_request(body.request_id)
    assert ticket is not None
    a = hub.hall.office.appointments[ticket.appointment]
    return reply(wo.CheckedIn(
        **public_fields(ticket, hub.hall, hub.clock()),
        appointment=present.appointment_public(a, hub.config.catalog)), 201)


@api.post("/api/appointments/{code}/cancel", "Cancel a booking", roles=("office",),
          answer=wo.AppointmentFull, body=rq.CancelAppointment, body_optional=True,
          errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES), params=(CODE,))
async def cancel(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.CancelAppointment, optional=True)
    code = _code(request)
    await hub.execute(oc.CancelAppointment(code=code, by=who.id, reason=body.reason))
    return _full(request, code)


@api.post("/api/appointments/{code}/assign", "Assign a home visit to a clerk",
          roles=("office",), answer=wo.AppointmentFull, body=rq.AssignHomeVisit,
          errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES), params=(CODE,))
async def assign(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.AssignHomeVisit)
    code = _code(request)
    await hub.execute(oc.AssignHomeVisit(code=code, clerk=body.clerk.strip(), by=who.id))
    return _full(request, code)


@api.get("/api/clerks/me/home-visits", "Today's and upcoming home visits assigned to this "
         "clerk", roles=("clerk",), answer=list[wo.HomeVisit], errors=SIGNED_IN,
         description="Soonest first, with whom to call and where to go in full: the clerk a "
         "visit is assigned to is the one outside the office who needs them.")
async def my_home_visits(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "clerk")
    today = hub.hall.today(hub.clock())
    found = [a for a in hub.hall.office.appointments.values()
             if a.home_visit and a.assigned_to == who.id and a.day >= today
             and a.state in (ap.ASSIGNED, ap.STARTED, ap.DONE)]
    found.sort(key=lambda a: (a.day, a.slot, a.booked_at))
    return reply([present.home_visit(a, hub.config.catalog) for a in found])


@api.post("/api/appointments/{code}/start", "The assigned clerk starts a home visit",
          roles=("clerk",), answer=Step, status=201,
          errors=(*SIGNED_IN, *FINDS, *WRITES), params=(CODE,),
          description="Issues the visit's ticket (appointment class, never queued), served by "
          "this clerk at its window from now: timed against the matter's limit and finished "
          "with an outcome like any ticket, which records the visit done. Sent again, it "
          "answers with the same ticket.")
async def start_visit(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who, window = clerk_at(request)
    code = _code(request)
    stored = await hub.execute(oc.StartHomeVisit(code=code, clerk=who.id, window=window))
    a = hub.hall.office.appointments[code]
    assert a.ticket is not None
    return reply(step(hub.hall.ticket(a.ticket), hub.hall, hub.clock(),
                      [s.seq for s in stored]), 201)


@api.post("/api/appointments/{code}/complete", "Record a home visit as done",
          roles=("office",), answer=wo.AppointmentFull, body=rq.CompleteHomeVisit,
          body_optional=True, errors=(*SIGNED_IN, *FINDS, *READS_BODY, *WRITES),
          params=(CODE,))
async def complete(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = require(request, "office")
    body = await bodies.read(request, rq.CompleteHomeVisit, optional=True)
    code = _code(request)
    await hub.execute(oc.CompleteHomeVisit(code=code, by=who.id, note=body.note))
    return _full(request, code)


def _full(request: web.Request, code: str) -> web.Response:
    hub = request.app[HUB]
    return reply(present.appointment_full(hub.hall.office.appointments[code],
                                          hub.config.catalog))
