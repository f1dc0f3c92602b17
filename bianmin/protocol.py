"""The wire: how tickets, windows, the hall and events look as JSON.

The hub builds these views; the kiosk, counter and display read them. A `public` view holds
nothing a waiting room should not see (no reasons, notes or device details); staff views add
who owns a ticket and what was written about it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from bianmin.config import Config
from bianmin.domain import events as ev
from bianmin.domain.catalog import Matter, Rules
from bianmin.domain.hall import Hall
from bianmin.domain.limits import overdue, serving_limit
from bianmin.domain.notices import Notice
from bianmin.domain.privacy import mask_address, mask_name, mask_phone, mask_text
from bianmin.domain.supervision import Supervised
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import (
    OUTCOME_NAMES,
    PRIORITY_NAMES,
    STATE_NAMES,
    Priority,
    TicketState,
)
from bianmin.domain.windows import WindowState

PROTOCOL_VERSION = 1

# Fields of an event that may carry what a clerk wrote or a device's details: staff only.
PRIVATE_EVENT_FIELDS = frozenset(
    {"reason", "note", "missing_materials", "authority", "request_id", "device", "detail",
     "appointment", "owner", "clerk", "by", "code", "phone", "result"}
)


class EventMessage(TypedDict):
    type: str  # "event"
    seq: int
    kind: str
    at: str
    event: dict[str, Any]
    ticket: dict[str, Any] | None
    window: dict[str, Any] | None


# Ticket fields only staff see: who handled and owns it, what was written about it.
STAFF_TICKET_FIELDS = frozenset(
    {"clerk", "clerk_name", "owner", "owner_name", "owner_window", "transfers", "note",
     "overdue", "stalled", "changed_at", "device", "appointment", "rating", "promised_date",
     "promise_kept_at", "limit_minutes", "warn_at", "due_at"}
)


def public_ticket(view: dict[str, Any]) -> dict[str, Any]:
    """A staff ticket view without what only staff see."""
    return {k: v for k, v in view.items() if k not in STAFF_TICKET_FIELDS}


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def limit_view(t: Ticket, matter: Matter | None, rules: Rules, now: datetime | None
               ) -> dict[str, Any]:
    """The serving limit as the domain decides it (`bianmin.domain.limits`): the counter's
    timer and the office console show these and compute no limit of their own."""
    limit = None if matter is None else serving_limit(matter, rules)
    received = t.received_at
    return {
        "limit_minutes": None if limit is None else limit.minutes,
        "warn_at": iso(None if limit is None or received is None else limit.warn_at(received)),
        "due_at": iso(None if limit is None or received is None else limit.due_at(received)),
        "overdue": t.overdue if now is None else overdue(t, matter, rules, now),
    }


def ticket_view(t: Ticket, hall: Hall, *, staff: bool, now: datetime | None = None
                ) -> dict[str, Any]:
    matter = hall.catalog.matters.get(t.queue_matter)
    view: dict[str, Any] = {
        "id": t.id,
        "number": t.number,
        "matter": t.matter,
        "queue_matter": t.queue_matter,
        "matter_name": matter.name if matter else t.queue_matter,
        "priority": t.priority.value,
        "priority_name": PRIORITY_NAMES[t.priority],
        "queue_class": t.queue_class.value,
        "serial": t.serial,  # breaks ties in queue order (`bianmin.domain.queue.call_order`)
        "state": t.state.value,
        "state_name": STATE_NAMES[t.state],
        "day": t.day.isoformat(),
        "window": t.window,
        "target_window": t.target_window,
        "transferred": t.transferred,
        "recalls": t.recalls,
        "ahead": hall.ahead(t) if t.state is TicketState.WAITING else 0,
        "issued_at": iso(t.issued_at),
        "enqueued_at": iso(t.enqueued_at),
        "called_at": iso(t.called_at),
        "received_at": iso(t.received_at),
        "finished_at": iso(t.finished_at),
        "outcome": t.outcome.value if t.outcome else None,
        # Staff only from here (STAFF_TICKET_FIELDS): who has it, owns it, wrote what.
        "clerk": t.clerk,
        "clerk_name": hall.catalog.clerk_name(t.clerk) if t.clerk else None,
        "owner": t.owner,
        "owner_name": hall.catalog.clerk_name(t.owner) if t.owner else None,
        "owner_window": t.owner_window,
        "transfers": t.transfers,
        "note": t.note,
        **limit_view(t, matter, hall.catalog.rules, now),
        "stalled": t.stalled,
        "changed_at": iso(t.changed_at),
        "device": t.device,
        "appointment": t.appointment,
        "rating": t.rating,
        "promised_date": t.promised_date.isoformat() if t.promised_date else None,
        "promise_kept_at": iso(t.promise_kept_at),
    }
    return view if staff else public_ticket(view)


def window_view(w: WindowState, hall: Hall) -> dict[str, Any]:
    rule = hall.catalog.windows[w.number]
    current = hall.tickets.get(w.current) if w.current else None
    return {
        "number": w.number,
        "label": rule.label,
        "department": rule.department,
        "matters": list(rule.matters),
        "strict_matter_order": rule.strict_matter_order,
        "status": w.status.value,
        "clerk": None if w.clerk is None else {
            "staff_no": w.clerk, "name": hall.catalog.clerk_name(w.clerk)},
        "paused_reason": w.pause_reason,
        "current": None if current is None else {
            "id": current.id, "number": current.number, "state": current.state.value},
        "waiting_here": hall.waiting_for_window(w.number),
        "changed_at": iso(w.changed_at),
    }


def public_event(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in PRIVATE_EVENT_FIELDS}


def masked_record(record: dict[str, Any]) -> dict[str, Any]:
    """An event record with its personal data masked: what anyone outside the office sees.
    A complaint's words and phone stay with the office alone."""
    out = dict(record)
    if "name" in out:
        out["name"] = mask_name(out["name"])
    if "phone" in out:
        out["phone"] = mask_phone(out["phone"]) if out["phone"] else ""
    if "address" in out:
        out["address"] = mask_address(out["address"])
    if "names" in out:
        names = out.pop("names")
        for key in ("title", "text"):
            if key in out:
                out[key] = mask_text(out[key], names)
    if str(out.get("kind", "")).startswith("complaint-"):
        # Who complained, about whom, and what the office did: the office's alone.
        for key in ("reason", "phone", "note", "result", "clerk", "window", "by"):
            out.pop(key, None)
    if str(out.get("kind", "")).startswith(("appointment-", "home-visit-")):
        out.pop("note", None)  # what the office wrote down may say how the resident is
    return out


def notice_view(n: Notice) -> dict[str, Any]:
    """A notice as the hall sees it: names, phone and ID numbers masked."""
    return {"id": n.id, "title": n.public_title, "text": n.public_text,
            "show_from": n.show_from.isoformat(), "show_until": n.show_until.isoformat()}


def event_messages(seq: int, event: ev.Event, hall: Hall, now: datetime
                   ) -> tuple[EventMessage, EventMessage]:
    """The staff and the public message for one event, the ticket as the event left it."""
    record = masked_record(ev.to_record(event))
    tid = event.ticket_id
    ticket = hall.tickets.get(tid) if tid else None
    number = event.window_number
    window = hall.windows.get(number) if number is not None else None
    if window is None and ticket is not None and ticket.window is not None:
        window = hall.windows.get(ticket.window)
    staff_ticket = None if ticket is None else ticket_view(ticket, hall, staff=True, now=now)
    window_data = None if window is None else window_view(window, hall)
    staff: EventMessage = {
        "type": "event",
        "seq": seq,
        "kind": event.kind,
        "at": record["at"],
        "event": record,
        "ticket": staff_ticket,
        "window": window_data,
    }
    public: EventMessage = {
        **staff,
        "event": public_event(record),
        "ticket": None if staff_ticket is None else public_ticket(staff_ticket),
    }
    return staff, public


def hall_view(hall: Hall, config: Config, *, seq: int, staff: bool, now: datetime
              ) -> dict[str, Any]:
    waiting = hall.waiting_by_matter()
    today = hall.today(now)
    return {
        "protocol": PROTOCOL_VERSION,
        "seq": seq,
        "now": now.isoformat(),
        "day": today.isoformat(),
        "center": {
            "name": config.center.name,
            "name_en": config.center.name_en,
            "english": config.center.english,
            "complaint_phone": config.center.complaint_phone,
        },
        "matters": [
            {
                "prefix": m.prefix,
                "name": m.name,
                "name_en": m.name_en,
                "handling": m.handling.value,
                "time_limit_minutes": m.time_limit_minutes,
                "materials": list(m.materials),
                "wait_hint": m.wait_hint,
                "windows": [w.number for w in hall.catalog.windows_serving(m.prefix)],
                "waiting": waiting[m.prefix],
            }
            for m in hall.catalog.matters.values()
        ],
        "windows": [window_view(w, hall) for w in hall.windows.values()],
        "tickets": [ticket_view(t, hall, staff=staff, now=now) for t in hall.open_tickets()],
        "recent_calls": [
            {"ticket": c.ticket, "number": c.number, "window": c.window, "at": c.at.isoformat(),
             "recall": c.recall}
            for c in hall.recent_calls
        ],
        "outcomes": {o.value: config.outcome_names.get(o, OUTCOME_NAMES[o])
                     for o in config.outcome_names},
        "priorities": {p.value: PRIORITY_NAMES[p] for p in Priority},
        "rules": {
            "immediate_limit_minutes": hall.catalog.rules.immediate_limit_minutes,
            "recalls_before_no_show": hall.catalog.rules.recalls_before_no_show,
            "stall_minutes": hall.catalog.rules.stall_minutes,
        },
        "notices": [notice_view(n) for n in hall.office.current_notices(today)],
        "office": {
            "slots": [s.label for s in hall.catalog.office.slots],
            "complaint_reasons": list(hall.catalog.office.complaint_reasons),
            "unsatisfied_reasons": list(hall.catalog.office.unsatisfied_reasons),
            "rating_minutes": hall.catalog.office.rating_minutes,
        },
        "printers": [
            {"device": p.device, "status": p.status, "detail": p.detail, "at": p.at.isoformat()}
            for p in hall.printers.values()
        ] if staff else [],
    }


def supervised_view(item: Supervised, hall: Hall, now: datetime) -> dict[str, Any]:
    return {
        "ticket": ticket_view(item.ticket, hall, staff=True, now=now),
        "where": item.where,
        "with_clerk": item.with_clerk,
        "with_clerk_name": hall.catalog.clerk_name(item.with_clerk) if item.with_clerk else None,
        "since": item.since.isoformat(),
        "minutes": item.minutes,
        "stalled": item.stalled,
        "finished_elsewhere": item.finished_elsewhere,
    }
