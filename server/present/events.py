"""What each audience may know of each kind of event: three lists, and nothing else goes out.

`PUBLIC` (kiosks, displays, rating pads, phones), `CLERK` and `OFFICE` name, for every kind of
event, the fields that audience gets; `None` means it does not hear of the event at all (it
gets `skipped`, so its sequence numbers still run on). A new kind of event is heard by nobody
until it is added here (a test makes sure every kind is). Free text staff wrote (reasons,
notes, authorities) and anything about a complaint stay out of the public and the clerks'
lists; personal data is masked for both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime

import msgspec

from bianmin.domain import events as ev
from bianmin.domain.hall import Hall
from bianmin.domain.privacy import mask_address, mask_name, mask_phone, mask_text
from bianmin.wire import live
from bianmin.wire.base import encode
from bianmin.wire.events import PublicEvent, StaffEvent
from server.present.hall import window_public, window_staff
from server.present.tickets import ticket_public, ticket_staff

Fields = tuple[str, ...] | None

_TICKET = ("ticket",)
_AT_WINDOW = ("ticket", "window")
_WINDOW = ("window",)

PUBLIC: dict[str, Fields] = {
    "ticket-issued": _TICKET,
    "ticket-called": _AT_WINDOW,
    "ticket-recalled": _AT_WINDOW,
    "ticket-received": _AT_WINDOW,
    "ticket-transferred": ("ticket", "window", "to_window", "to_matter"),
    "ticket-finished": ("ticket", "window", "outcome"),
    "correction-requested": None,
    "ticket-corrected": None,
    "correction-refused": None,
    "ticket-moved": ("ticket", "to_matter"),
    "bundle-moved-on": ("ticket", "window", "to_matter"),
    "matters-joined": ("ticket", "window", "matters"),
    "promise-kept": None,
    "ticket-missed": _AT_WINDOW,
    "ticket-requeued": _TICKET,
    "ticket-cancelled": _TICKET,
    "ticket-made-urgent": _TICKET,
    "ticket-expired": _TICKET,
    "ticket-stalled": None,
    "clerk-signed-in": _WINDOW,
    "clerk-signed-out": _WINDOW,
    "window-paused": _WINDOW,
    "window-resumed": _WINDOW,
    "printer-status": None,
    "appointment-booked": None,
    "appointment-cancelled": None,
    "appointment-checked-in": None,
    "home-visit-assigned": None,
    # Its ticket is served at the clerk's window from now on: the hall sees the window busy.
    "home-visit-started": _AT_WINDOW,
    "home-visit-completed": None,
    "complaint-lodged": None,
    "complaint-handling": None,
    "complaint-answered": None,
    "ticket-rated": _AT_WINDOW,
    # A bad rating's case is the office's, like a complaint.
    "case-opened": None,
    "case-assigned": None,
    "case-called-back": None,
    "case-rectified": None,
    "case-closed": None,
    "case-flagged": None,
    "notice-published": ("notice", "title", "text", "show_from", "show_until"),
    "notice-withdrawn": ("notice",),
}

_BY_CLERK = ("ticket", "window", "clerk")

CLERK: dict[str, Fields] = {
    "ticket-issued": ("ticket", "number", "matter", "day", "serial", "priority", "bundle",
                      "plan", "any_order"),
    "ticket-called": _BY_CLERK,
    "ticket-recalled": _BY_CLERK,
    "ticket-received": (*_BY_CLERK, "first_responder"),
    "ticket-transferred": (*_BY_CLERK, "to_window", "to_matter"),
    "ticket-finished": (*_BY_CLERK, "outcome", "promised_date", "missing_materials",
                        "authority_days", "overdue"),
    # A correction's why and the office's words go to the clerk who asked through
    # `GET /api/corrections`, not to every clerk's feed.
    "correction-requested": ("correction", *_BY_CLERK, "outcome"),
    "ticket-corrected": ("correction", *_BY_CLERK, "by", "was", "outcome", "promised_date",
                         "missing_materials", "authority_days", "overdue"),
    "correction-refused": ("correction", "ticket", "clerk", "by"),
    "ticket-moved": ("ticket", "by", "from_matter", "to_matter"),
    "bundle-moved-on": (*_BY_CLERK, "to_matter"),
    "matters-joined": (*_BY_CLERK, "matters"),
    "promise-kept": ("ticket", "clerk", "late"),
    "ticket-missed": _BY_CLERK,
    "ticket-requeued": _BY_CLERK,
    "ticket-cancelled": _BY_CLERK,
    "ticket-made-urgent": _BY_CLERK,
    "ticket-expired": _TICKET,
    "ticket-stalled": ("ticket", "owner", "minutes"),
    "clerk-signed-in": ("window", "clerk"),
    # The reason here is the hub's own word (taken-over, day-ended...), never a clerk's text.
    "clerk-signed-out": ("window", "clerk", "reason"),
    "window-paused": ("window", "clerk"),
    "window-resumed": ("window", "clerk"),
    "printer-status": ("device", "status", "detail"),
    "appointment-booked": ("matter", "day", "slot", "home_visit"),
    "appointment-cancelled": None,
    "appointment-checked-in": ("ticket",),
    "home-visit-assigned": ("code", "clerk"),
    "home-visit-started": ("code", *_BY_CLERK),
    "home-visit-completed": ("code",),
    "complaint-lodged": None,
    "complaint-handling": None,
    "complaint-answered": None,
    "ticket-rated": ("ticket", "window", "rating"),
    "case-opened": None,
    "case-assigned": None,
    "case-called-back": None,
    "case-rectified": None,
    "case-closed": None,
    "case-flagged": None,
    "notice-published": ("notice", "title", "text", "show_from", "show_until"),
    "notice-withdrawn": ("notice",),
}

# The office may know everything the hall records, but a complaint's query code: it proves
# the complaint is the complainant's, and goes to them alone (the console reads it on request).
OFFICE: dict[str, Fields] = {
    kind: tuple(f.name for f in dataclasses.fields(cls)
                if f.name not in ("at", "request_id")
                and not (kind == "complaint-lodged" and f.name == "code"))
    for kind, cls in ev.EVENT_TYPES.items()
}

# For everyone but the office: personal data masked, a notice as the hall shows it.
_MASKS: dict[str, Callable[[ev.Event, str], object]] = {
    "name": lambda e, v: mask_name(v),
    "phone": lambda e, v: mask_phone(v) if v else "",
    "address": lambda e, v: mask_address(v),
    "title": lambda e, v: mask_text(v, getattr(e, "names", ())),
    "text": lambda e, v: mask_text(v, getattr(e, "names", ())),
}


def _pick(event: ev.Event, fields: tuple[str, ...], masked: bool) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in fields:
        value = getattr(event, name)
        if masked and name in _MASKS:
            value = _MASKS[name](event, value)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def public_event(event: ev.Event) -> PublicEvent | None:
    fields = PUBLIC.get(event.kind)
    return None if fields is None else msgspec.convert(_pick(event, fields, True), PublicEvent)


def clerk_event(event: ev.Event) -> StaffEvent | None:
    fields = CLERK.get(event.kind)
    return None if fields is None else msgspec.convert(_pick(event, fields, True), StaffEvent)


def office_event(event: ev.Event) -> StaffEvent | None:
    fields = OFFICE.get(event.kind)
    return None if fields is None else msgspec.convert(_pick(event, fields, False), StaffEvent)


# What a resident said in rating a ticket (the points, the words, the phone) is the office's,
# like the cases bad ratings open: a clerk reading a ticket's history gets these kinds as the
# clerks' list gives them, and no word of a kind that list leaves out.
_RESIDENTS_OWN = frozenset({"ticket-rated"})


def history_event(event: ev.Event, office: bool) -> StaffEvent | None:
    """An event of a ticket's history as staff read it: the office in full; a clerk the
    staff view, but for what residents said and what the clerks' list leaves out."""
    if office:
        return office_event(event)
    if CLERK.get(event.kind) is None or event.kind in _RESIDENTS_OWN:
        return clerk_event(event)
    return office_event(event)


@dataclasses.dataclass(frozen=True, slots=True)
class Frames:
    """One event as each audience gets it: the JSON of its message, encoded once."""

    seq: int
    public: bytes
    clerk: bytes
    office: bytes


def frames(seq: int, event: ev.Event, hall: Hall, now: datetime) -> Frames:
    """The event for each audience, with the ticket and window as the event left them."""
    tid = event.ticket_id
    ticket = hall.tickets.get(tid) if tid else None
    number = event.window_number
    window = hall.windows.get(number) if number is not None else None
    if window is None and ticket is not None and ticket.window is not None:
        window = hall.windows.get(ticket.window)
    skipped = encode(live.Skipped(seq=seq))
    board = hall.waits(now)
    staff_ticket = None if ticket is None else ticket_staff(ticket, hall, now, board)
    public_window = None if window is None else window_public(window, hall)
    public, clerk, office = public_event(event), clerk_event(event), office_event(event)
    return Frames(
        seq,
        skipped if public is None else encode(live.PublicEventMessage(
            seq=seq, kind=event.kind, at=event.at, event=public,
            ticket=None if ticket is None else ticket_public(ticket, hall, now, board),
            window=public_window)),
        skipped if clerk is None else encode(live.ClerkEventMessage(
            seq=seq, kind=event.kind, at=event.at, event=clerk, ticket=staff_ticket,
            window=public_window)),
        skipped if office is None else encode(live.OfficeEventMessage(
            seq=seq, kind=event.kind, at=event.at, event=office, ticket=staff_ticket,
            window=None if window is None else window_staff(window, hall))),
    )
