"""Signing in and out: clerks at a window, the office at its console."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.domain.errors import InvalidCommand
from bianmin.pins import check_pin
from bianmin.wire import requests as rq
from bianmin.wire.devices import Done, Me, SignedIn, printer_settings
from server import bodies
from server.api import READS_BODY, SIGNED_IN, WRITES, Api, reply
from server.auth import principal
from server.keys import HUB
from server.sessions import new_token, token_hash
from server.store import SessionRow, Statement

api = Api()


@api.post("/api/login", "Sign in: a clerk at a window, or the office",
          answer=SignedIn, body=rq.Login, errors=(401, 404, *READS_BODY, *WRITES),
          description="`force` takes the window over from the clerk signed in there. Five "
          "wrong PINs lock the staff number for a while (409 `locked`).")
async def login(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    body = await bodies.read(request, rq.Login)
    staff_no = body.staff_no.strip()
    pin = body.pin
    # Counted per staff number from anywhere, so a second terminal gets no fresh guesses,
    # and per address across staff numbers (see server/lockout.py).
    lockout, address = hub.sessions.lockout, request.remote or "unknown"
    lockout.begin(staff_no, address, hub.clock())
    staff = hub.config.staff.get(staff_no)
    ok = staff is not None and await asyncio.to_thread(check_pin, pin, staff.pin_hash)
    if staff is None or not ok:
        lockout.failed(staff_no, address, hub.clock())
    assert staff is not None
    lockout.succeeded(staff_no, address)
    window = body.window
    if staff.role == "clerk" and window is None:
        window = staff.window
        if window is None:
            raise InvalidCommand("window-required", "请填写您要登录的窗口号。")
    if staff.role == "office":
        window = None
    token, now = new_token(), hub.clock()
    row = SessionRow(token_hash(token), staff.staff_no, staff.role, window, now)
    # A clerk holds one session; one taken over keeps its row so it hears "session-ended".
    stale = hub.sessions.of_clerk(staff.staff_no) if staff.role == "clerk" else []
    statements: list[Statement] = [
        ("DELETE FROM sessions WHERE token_hash = ?", (h,)) for h in stale
    ]
    statements.append((
        "INSERT INTO sessions (token_hash, staff_no, role, window, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (row.token_hash, row.staff_no, row.role, row.window, now.isoformat()),
    ))
    if window is not None:
        await hub.execute(cmd.SignIn(window=window, clerk=staff.staff_no, force=body.force),
                          statements)
    else:
        await hub.run(lambda hall, now: ([], statements))
    hub.sessions.drop(stale)
    hub.sessions.add(row)
    printer = hub.config.window_printers.get(window, {}) if window is not None else {}
    return reply(SignedIn(token=token, staff_no=staff.staff_no, name=staff.name,
                          role=staff.role,  # type: ignore[arg-type]
                          window=window, printer=printer_settings(printer),
                          demo=hub.config.demo))


@api.post("/api/logout", "Sign out (refused while a ticket is open at the window)",
          roles=("clerk", "office"), answer=Done, body=rq.Logout, body_optional=True,
          errors=(*SIGNED_IN, *READS_BODY, *WRITES))
async def logout(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = principal(request)
    if who.token_hash is None:
        raise InvalidCommand("not-a-session", "设备令牌无需退出登录。")
    body = await bodies.read(request, rq.Logout, optional=True)
    forget: list[Statement] = [("DELETE FROM sessions WHERE token_hash = ?", (who.token_hash,))]
    state = hub.hall.windows.get(who.window) if who.window is not None else None
    if who.role == "clerk" and who.window is not None and state and state.clerk == who.id:
        await hub.execute(cmd.SignOut(window=who.window, clerk=who.id, reason=body.reason),
                          forget)
    else:
        await hub.run(lambda hall, now: ([], forget))
    hub.sessions.drop([who.token_hash])
    return reply(Done(ok=True, message="已退出登录，辛苦了。"))


@api.get("/api/me", "Who this token is", roles=("kiosk", "display", "rating", "clerk", "office"),
         answer=Me, errors=(401,))
async def me(request: web.Request) -> web.Response:
    who = principal(request)
    return reply(Me(role=who.role, id=who.id, name=who.name,  # type: ignore[arg-type]
                    window=who.window))
