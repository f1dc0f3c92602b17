"""`GET /api/openapi.json`: the API described for people and tools (OpenAPI 3.1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiohttp import web

from bianmin import __version__
from bianmin.domain.types import Outcome, Priority, TicketState
from server.replies import reply

routes = web.RouteTableDef()


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


ERRORS = {
    str(code): {"description": text, **_json(_ref("Error"))}
    for code, text in (
        (401, "not signed in, the token is wrong, or its session has ended "
              "(`session-expired`: at the hall's midnight or after the idle time)"),
        (403, "this role or window may not do this"),
        (404, "no such ticket, window or route; or nobody waits"),
        (409, "legal request, wrong moment (the message says what to do first)"),
        (422, "the request is wrong (the message names the field)"),
        (429, "too many from this address, or for this complaint (the message says when "
              "to try again)"),
    )
}


def _op(summary: str, roles: str, *, body: dict[str, Any] | None = None,
        ok: dict[str, Any] | None = None, status: str = "200", params: Sequence[str] = ()
        ) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "description": f"Who may call it: {roles}.",
        "responses": {status: {"description": "done", **_json(ok or {"type": "object"})},
                      **ERRORS},
    }
    if roles != "anyone":
        op["security"] = [{"bearer": []}]
    if body is not None:
        op["requestBody"] = {"required": True, **_json(body)}
    if params:
        op["parameters"] = [
            {"name": p, "in": "path", "required": True,
             "schema": {"type": "integer" if p == "window" else "string"}}
            for p in params
        ]
    return op


def _obj(required: list[str], **props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


STR = {"type": "string"}
INT = {"type": "integer"}
REASON = _obj(["reason"], reason=STR)
T = ["ticket"]

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Bianmin hub API",
        "version": __version__,
        "description": (
            "The hub of a town service hall's queue-ticket system. JSON in and out. "
            "Authenticate with `Authorization: Bearer TOKEN`: a device token from the "
            "configuration (kiosk, display, rating) or a staff token from /api/login. "
            "Every refusal is `{\"error\": {\"code\", \"message\"}}` with a Chinese message "
            "a clerk can act on. A matter is its prefix letter, a window its number."
        ),
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": _obj(["error"], error=_obj(["code", "message"], code=STR, message=STR)),
            "Ticket": _obj(
                ["id", "number", "matter", "state", "ahead", "issued_at"],
                id={"type": "string", "examples": ["20261127-A012"]},
                number={"type": "string", "examples": ["A012"]},
                matter=STR, queue_matter=STR, matter_name=STR,
                priority={"enum": [p.value for p in Priority]},
                queue_class={"enum": ["urgent", "transferred", "appointment", "priority",
                                      "normal"]},
                state={"enum": [s.value for s in TicketState]},
                window={"type": ["integer", "null"]},
                target_window={"type": ["integer", "null"]},
                ahead={"type": "integer", "description": "how many will be called before it"},
                issued_at={"type": "string", "format": "date-time"},
                called_at={"type": ["string", "null"], "format": "date-time"},
                received_at={"type": ["string", "null"], "format": "date-time"},
                finished_at={"type": ["string", "null"], "format": "date-time"},
                outcome={"enum": [*[o.value for o in Outcome], None]},
                owner={"type": ["string", "null"], "description": "first responder (staff)"},
            ),
            "Finish": _obj(
                ["outcome"],
                outcome={"enum": [o.value for o in Outcome]},
                promised_date={"type": "string", "format": "date",
                               "description": "required for promised"},
                missing_materials={"type": "array", "items": STR,
                                   "description": "required for supplement: from the "
                                                  "matter's materials list"},
                reason={"type": "string", "description": "required for returned"},
                authority={"type": "string", "description": "required for escalated"},
                note=STR,
            ),
        },
    },
    "paths": {
        "/api/login": {"post": _op(
            "Sign in a clerk at a window, or an office account", "anyone",
            body=_obj(["staff_no", "pin"], staff_no=STR, pin=STR, window=INT,
                      force={"type": "boolean", "description": "take over a window another "
                                                                "clerk is signed in to"}),
            ok=_obj(["token"], token=STR, name=STR, role=STR, window=INT))},
        "/api/logout": {"post": _op("Sign out (refused while a ticket is open)", "staff")},
        "/api/me": {"get": _op("Who this token belongs to", "any token")},
        "/api/tickets": {"post": _op(
            "Issue a ticket. Idempotent: the same request_id gives the same ticket.",
            "kiosk (normal, priority), staff (any priority)",
            body=_obj(["matter", "request_id"], matter=STR, request_id=STR,
                      priority={"enum": [p.value for p in Priority]}),
            ok=_ref("Ticket"), status="201")},
        "/api/tickets/{ticket}": {"get": _op(
            "A ticket's public state (the code printed on the ticket)", "anyone",
            ok=_ref("Ticket"), params=T)},
        "/api/tickets/{ticket}/history": {"get": _op(
            "Every event of a ticket", "staff", params=T)},
        "/api/tickets/{ticket}/recall": {"post": _op(
            "Call the ticket again at this window", "clerk of its window", ok=_ref("Ticket"),
            params=T)},
        "/api/tickets/{ticket}/start": {"post": _op(
            "The resident arrived: start serving. The first clerk to do so becomes its "
            "first responder.", "clerk of its window", ok=_ref("Ticket"), params=T)},
        "/api/tickets/{ticket}/no-show": {"post": _op(
            "Mark as missed after the configured recalls", "clerk of its window",
            ok=_ref("Ticket"), params=T)},
        "/api/tickets/{ticket}/transfer": {"post": _op(
            "Transfer to a window or a matter, with a reason. It goes to the front of its "
            "class there; its first responder keeps it.", "clerk of its window",
            body=_obj(["reason"], to_window=INT, to_matter=STR, reason=STR),
            ok=_ref("Ticket"), params=T)},
        "/api/tickets/{ticket}/finish": {"post": _op(
            "Finish with an outcome and what that outcome needs", "clerk of its window",
            body=_ref("Finish"), ok=_ref("Ticket"), params=T)},
        "/api/tickets/{ticket}/urgent": {"post": _op(
            "Raise a waiting ticket to urgent (急事急办)", "staff", body=REASON,
            ok=_ref("Ticket"), params=T)},
        "/api/tickets/{ticket}/cancel": {"post": _op(
            "Cancel (the resident left)", "staff", body=_obj([], reason=STR), ok=_ref("Ticket"),
            params=T)},
        "/api/tickets/{ticket}/promise-kept": {"post": _op(
            "承诺件办结: the promised matter is completed (late if after its date)", "staff",
            body=_obj([], note=STR), ok=_ref("Ticket"), params=T)},
        "/api/promises": {"get": _op(
            "Promised matters not yet completed, with status ok / due-soon / overdue", "staff")},
        "/api/tickets/{ticket}/requeue": {"post": _op(
            "Put a missed ticket back in the queue, the same day", "staff", ok=_ref("Ticket"),
            params=T)},
        "/api/windows/{window}/call-next": {"post": _op(
            "Call the next ticket for this window; 404 when nobody waits",
            "clerk of the window", ok=_ref("Ticket"), params=["window"])},
        "/api/windows/{window}/pause": {"post": _op(
            "Pause the window", "clerk of the window", body=REASON, params=["window"])},
        "/api/windows/{window}/resume": {"post": _op(
            "Resume the window", "clerk of the window", params=["window"])},
        "/api/windows/{window}/queue": {"get": _op(
            "What this window calls next", "staff", params=["window"])},
        "/api/hall": {"get": _op(
            "The whole live state: windows, calls, waiting per matter, open tickets",
            "any token (public view unless staff)")},
        "/api/clerks/me/supervised": {"get": _op(
            "督办: tickets this clerk first received and transferred, where each is now",
            "staff")},
        "/api/devices/me": {"get": _op("This device's settings, its printer's included",
                                       "device")},
        "/api/devices/printer-status": {"post": _op(
            "Report a printer's state (ok, offline, paper-out, cover-open, error)",
            "kiosk, clerk", body=_obj(["status"], status=STR, detail=STR))},
        "/api/appointments/slots": {"get": _op(
            "A day's slots for a matter (query `matter`, `day`) and the places left", "anyone")},
        "/api/appointments": {
            "post": _op(
                "Book an appointment (预约); a home visit (上门服务) with `home_visit` and "
                "`address`. Returns the booking code.", "office, or anyone (rate-limited)",
                body=_obj(["matter", "day", "slot", "name", "phone"], matter=STR,
                          day={"type": "string", "format": "date"}, slot=STR, name=STR,
                          phone=STR, home_visit={"type": "boolean"}, address=STR, note=STR),
                status="201"),
            "get": _op("Appointments in full (query `from`, `to`)", "office"),
        },
        "/api/appointments/check-in": {"post": _op(
            "Check in at the kiosk by `code`, or by `phone_tail` and `surname`: a ticket of "
            "appointment class. Too early, too late, wrong day and already used each have "
            "their own message.", "kiosk, office",
            body=_obj(["request_id"], request_id=STR, code=STR, phone_tail=STR, surname=STR),
            ok=_ref("Ticket"), status="201")},
        "/api/appointments/{code}": {"get": _op(
            "One appointment: masked unless the office asks", "anyone", params=["code"])},
        "/api/appointments/{code}/cancel": {"post": _op(
            "Cancel an appointment", "office", body=_obj([], reason=STR), params=["code"])},
        "/api/appointments/{code}/assign": {"post": _op(
            "Assign a home visit to a clerk", "office", body=_obj(["clerk"], clerk=STR),
            params=["code"])},
        "/api/appointments/{code}/complete": {"post": _op(
            "Record a home visit as done", "office", body=_obj([], note=STR), params=["code"])},
        "/api/complaints/options": {"get": _op(
            "Windows, clerks and usual reasons a complaint can name", "anyone")},
        "/api/complaints": {
            "post": _op("Lodge a complaint (投诉建议), at any hour; returns its number and "
                        "its query code (`code`), given to no one else",
                        "anyone (rate-limited), kiosk, office",
                        body=_obj(["reason"], reason=STR, window=INT, clerk=STR, phone=STR,
                                  request_id={"type": "string", "description":
                                              "a retry with the same id gets the same "
                                              "complaint back"}),
                        status="201"),
            "get": _op("Every complaint in full", "office"),
        },
        "/api/complaints/{number}": {"get": _op(
            "A complaint's state and result (masked) with query `code`, the query code given "
            "when it was lodged; a wrong code gets the same 404 as an unknown number; limited "
            "per address and per number (429). In full for the office", "anyone",
            params=["number"])},
        "/api/complaints/{number}/handle": {"post": _op(
            "Record handling (处理中) with a note", "office", body=_obj(["note"], note=STR),
            params=["number"])},
        "/api/complaints/{number}/answer": {"post": _op(
            "Answer with the result told to the complainant", "office",
            body=_obj(["result"], result=STR), params=["number"])},
        "/api/tickets/{ticket}/rating": {"post": _op(
            "Rate a ticket just finished: satisfied, basic, unsatisfied (with a reason)",
            "rating pad, kiosk", body=_obj(["window", "rating"], window=INT,
                                          rating={"enum": ["satisfied", "basic",
                                                           "unsatisfied"]},
                                          reason=STR), status="201", params=T)},
        "/api/notices": {
            "get": _op("Current public notices (masked); the office gets all in full",
                       "any token"),
            "post": _op("Publish a notice (办结公告); `names` are masked wherever shown",
                        "office", body=_obj(["title", "text", "show_until"], title=STR,
                                            text=STR, names={"type": "array", "items": STR},
                                            show_from={"type": "string", "format": "date"},
                                            show_until={"type": "string", "format": "date"}),
                        status="201"),
        },
        "/api/notices/{notice}/withdraw": {"post": _op(
            "Withdraw a notice", "office", params=["notice"])},
        "/api/figures": {"get": _op(
            "The figures (考核) for a range of days (query `from`, `to`): per matter, window "
            "and clerk", "office")},
        "/api/figures.csv": {"get": _op("The figures as CSV", "office")},
        "/api/figures.xlsx": {"get": _op("The figures as an Excel workbook", "office")},
        "/api/display/settings": {"get": _op(
            "The hall display's colours, sizes and voice, and where each voice clip is",
            "any token")},
        "/api/display/clips/{clip}": {"get": {
            **_op("One voice clip (the office's recording, or made with espeak-ng first if "
                  "missing)", "any token (query `token`)", params=["clip"]),
            "responses": {"200": {"description": "the clip", "content": {
                "audio/wav": {"schema": {"type": "string", "format": "binary"}}}}, **ERRORS},
        }},
        "/api/ws": {"get": _op(
            "WebSocket (query `token`, `since`): a snapshot or the missed events, then every "
            "event with its sequence number", "any token")},
    },
}


@routes.get("/api/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    return reply(DOCUMENT)
