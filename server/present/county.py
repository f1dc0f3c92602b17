"""What of each event leaves the hall for the county: a list of fields, and nothing else.

The county holds every event of the hall, in sequence (its figures are the hall's own), but
not all that an event says. `COUNTY` names, for every kind of event, the text fields the county
may read, each as it is or masked; every other text field leaves empty. Numbers, dates, flags
and choices (priorities, outcomes) hold nothing personal and leave as they are.

Masked fields go as the public views show them (a surname, the ends of a phone number, the
start of an address, numbers in free text hidden), unless `[county] personal_data = true`.
What never leaves: the query code that proves a complaint is its complainant's, appointment
codes (they check a resident in), and request ids. A new kind of event leaves with all its
text empty until it is added here (a test makes sure every kind is).
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin, get_type_hints

import msgspec

from bianmin.domain import events as ev
from bianmin.domain.privacy import mask_address, mask_name, mask_phone, mask_text

Mask = Callable[[Any, dict[str, Any]], Any]


def _keep(value: Any, event: dict[str, Any]) -> Any:
    return value


def _name(value: Any, event: dict[str, Any]) -> Any:
    return mask_name(value)


def _phone(value: Any, event: dict[str, Any]) -> Any:
    return mask_phone(value) if value else ""


def _address(value: Any, event: dict[str, Any]) -> Any:
    return mask_address(value)


def _text(value: Any, event: dict[str, Any]) -> Any:
    return mask_text(value)


def _notice(value: Any, event: dict[str, Any]) -> Any:
    return mask_text(value, event.get("names") or ())


def _names(value: Any, event: dict[str, Any]) -> Any:
    return [mask_name(n) for n in value]


KEEP: Mask = _keep
_T = ("ticket",)
_TC = ("ticket", "clerk")

COUNTY: dict[str, dict[str, Mask]] = {
    "ticket-issued": dict.fromkeys(("ticket", "number", "matter", "device", "bundle", "plan",
                                    "any_order"), KEEP),
    "bundle-moved-on": dict.fromkeys((*_TC, "to_matter"), KEEP),
    "matters-joined": {**dict.fromkeys((*_TC, "matters"), KEEP), "reason": _text},
    "ticket-called": dict.fromkeys(_TC, KEEP),
    "ticket-recalled": dict.fromkeys(_TC, KEEP),
    "ticket-received": dict.fromkeys(_TC, KEEP),
    "ticket-transferred": {**dict.fromkeys((*_TC, "to_matter"), KEEP), "reason": _text},
    "ticket-finished": {**dict.fromkeys((*_TC, "missing_materials", "authority"), KEEP),
                        "reason": _text, "note": _text},
    "promise-kept": {**dict.fromkeys(_TC, KEEP), "note": _text},
    "ticket-missed": dict.fromkeys(_TC, KEEP),
    "ticket-requeued": dict.fromkeys(_TC, KEEP),
    "ticket-cancelled": {**dict.fromkeys(_TC, KEEP), "reason": _text},
    "ticket-made-urgent": {**dict.fromkeys(_TC, KEEP), "reason": _text},
    "ticket-expired": dict.fromkeys(_T, KEEP),
    "ticket-stalled": dict.fromkeys(("ticket", "owner"), KEEP),
    "clerk-signed-in": {"clerk": KEEP},
    "clerk-signed-out": {"clerk": KEEP, "reason": KEEP},  # the hub's own word, never typed
    "window-paused": {"clerk": KEEP, "reason": _text},
    "window-resumed": {"clerk": KEEP},
    "printer-status": dict.fromkeys(("device", "status", "detail"), KEEP),
    "appointment-booked": {"matter": KEEP, "slot": KEEP, "by": KEEP, "name": _name,
                           "phone": _phone, "address": _address, "note": _text},
    "appointment-cancelled": {"by": KEEP, "reason": _text},
    "appointment-checked-in": {"ticket": KEEP, "device": KEEP},
    "home-visit-assigned": {"clerk": KEEP, "by": KEEP},
    "home-visit-completed": {"by": KEEP, "note": _text},
    "complaint-lodged": {"number": KEEP, "channel": KEEP, "clerk": KEEP, "reason": _text,
                         "phone": _phone},
    "complaint-handling": {"number": KEEP, "by": KEEP, "note": _text},
    "complaint-answered": {"number": KEEP, "by": KEEP, "result": _text},
    "ticket-rated": {**dict.fromkeys(("ticket", "rating", "device", "points", "channel"), KEEP),
                     "reason": _text, "phone": _phone},
    "correction-requested": {**dict.fromkeys(("correction", *_TC, "missing_materials",
                                              "authority"), KEEP),
                             "why": _text, "reason": _text, "answer": _text, "note": _text},
    "ticket-corrected": {**dict.fromkeys(("correction", *_TC, "by", "missing_materials",
                                          "authority"), KEEP),
                         "why": _text, "decision": _text, "reason": _text, "answer": _text,
                         "note": _text},
    "correction-refused": {**dict.fromkeys(("correction", *_TC, "by"), KEEP),
                           "decision": _text},
    "ticket-moved": {**dict.fromkeys(("ticket", "by", "from_matter", "to_matter"), KEEP),
                     "reason": _text},
    "home-visit-started": dict.fromkeys(("code", "ticket", "clerk"), KEEP),
    "case-opened": dict.fromkeys(("case", "ticket", "number", "clerk", "department",
                                  "assignee", "rating"), KEEP),
    "case-assigned": dict.fromkeys(("case", "assignee", "by"), KEEP),
    "case-called-back": {"case": KEEP, "by": KEEP, "note": _text},
    "case-rectified": {"case": KEEP, "by": KEEP, "note": _text},
    "case-closed": {"case": KEEP, "by": KEEP, "note": _text},
    "case-flagged": dict.fromkeys(("case", "assignee", "level"), KEEP),
    "notice-published": {"notice": KEEP, "by": KEEP, "title": _notice, "text": _notice,
                         "names": _names},
    "notice-withdrawn": {"notice": KEEP, "by": KEEP},
}


def _blank(hint: Any) -> tuple[bool, Any]:
    """Whether a field of this type holds text, and the empty value it leaves with if so."""
    if hint is str:
        return True, ""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(hint) if a is not type(None)]
        if inner == [str]:
            return True, None
    if origin is tuple and get_args(hint)[:1] == (str,):
        return True, []
    return False, None


@functools.cache
def _plan(kind: str) -> tuple[tuple[str, Mask | None, Any], ...]:
    """For each text field of `kind`: its name, its mask (None: it leaves empty), its empty
    value. Empty when every text field leaves as it is: the stored text is sent unchanged."""
    cls = ev.EVENT_TYPES[kind]
    hints = get_type_hints(cls)
    listed = COUNTY.get(kind, {})
    plan = []
    for f in dataclasses.fields(cls):
        is_text, empty = _blank(hints[f.name])
        if is_text and listed.get(f.name) is not KEEP:
            plan.append((f.name, listed.get(f.name), empty))
    return tuple(plan)


def county_data(kind: str, data: str, *, personal: bool = False) -> str:
    """An event's stored fields (JSON text, as `server.store` keeps them) as the county may
    have them."""
    plan = _plan(kind)
    if not plan:
        return data
    fields: dict[str, Any] = msgspec.json.decode(data)
    original = dict(fields)  # masks of a notice read its names before they are masked
    for name, mask, empty in plan:
        if name not in fields:
            continue
        if mask is None:
            fields[name] = empty
        elif not personal and fields[name] is not None:
            fields[name] = mask(fields[name], original)
    return msgspec.json.encode(fields).decode()
