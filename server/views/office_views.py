"""How office records look on the wire: in full for the office, masked for everyone else."""

from __future__ import annotations

from typing import Any

from bianmin.domain.appointments import Appointment
from bianmin.domain.catalog import Catalog
from bianmin.domain.complaints import STATE_NAMES, Complaint
from bianmin.domain.notices import Notice
from bianmin.domain.privacy import mask_address, mask_name, mask_phone, mask_text
from bianmin.protocol import iso

APPOINTMENT_STATES = {"booked": "已预约", "checked-in": "已签到", "cancelled": "已取消",
                      "assigned": "已指派", "done": "已上门办结"}


def appointment_view(a: Appointment, catalog: Catalog, *, full: bool) -> dict[str, Any]:
    matter = catalog.matter(a.matter)
    return {
        "code": a.code if full else None,
        "matter": a.matter,
        "matter_name": matter.name if matter else a.matter,
        "day": a.day.isoformat(),
        "slot": a.slot,
        "name": a.name if full else mask_name(a.name),
        "phone": a.phone if full else mask_phone(a.phone),
        "home_visit": a.home_visit,
        "address": a.address if full else mask_address(a.address),
        "note": a.note if full else "",
        "state": a.state,
        "state_name": APPOINTMENT_STATES.get(a.state, a.state),
        "ticket": a.ticket,
        "booked_at": iso(a.booked_at),
        "checked_in_at": iso(a.checked_in_at),
        "assigned_to": a.assigned_to,
        "assigned_name": catalog.clerk_name(a.assigned_to) if a.assigned_to else None,
        "done_at": iso(a.done_at),
        "by": a.by if full else None,
    }


def complaint_view(c: Complaint, catalog: Catalog, *, full: bool) -> dict[str, Any]:
    """The office sees a complaint whole, query code included. The complainant, who proved
    it with the number and the query code, sees its state, its dates and the result (names
    and numbers in it masked); never what was said, about whom, or the phone."""
    view: dict[str, Any] = {
        "number": c.number,
        "state": c.state,
        "state_name": STATE_NAMES[c.state],
        "lodged_at": iso(c.lodged_at),
        "answered_at": iso(c.answered_at),
        "minutes_to_answer": c.minutes_to_answer,
        "result": c.result if full else mask_text(c.result),
    }
    if full:
        view.update(
            code=c.code, channel=c.channel, window=c.window, clerk=c.clerk,
            clerk_name=catalog.clerk_name(c.clerk) if c.clerk else None,
            reason=c.reason, phone=c.phone, notes=list(c.notes), handler=c.handler,
        )
    return view


def complaint_state_view(c: Complaint) -> dict[str, Any]:
    """A complaint lodged before query codes, to anyone with its number: its state only."""
    return {"number": c.number, "state": c.state, "state_name": STATE_NAMES[c.state]}


def notice_full_view(n: Notice) -> dict[str, Any]:
    return {"id": n.id, "title": n.title, "text": n.text, "names": list(n.names),
            "show_from": n.show_from.isoformat(), "show_until": n.show_until.isoformat(),
            "published_at": iso(n.published_at), "by": n.by, "state": n.state,
            "public_title": n.public_title, "public_text": n.public_text}
