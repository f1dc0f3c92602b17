"""Signing in and out: clerks at a window, the office at its console."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bianmin.domain import commands as cmd
from bianmin.domain.errors import InvalidCommand
from bianmin.pins import check_pin
from server import bodies
from server.auth import principal
from server.keys import HUB
from server.replies import reply
from server.sessions import Principal, new_token, token_hash
from server.store import SessionRow, Statement

routes = web.RouteTableDef()


@routes.post("/api/login")
async def login(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    body = await bodies.json_body(request)
    staff_no = bodies.text(body, "staff_no", required=True, limit=32).strip()
    pin = bodies.text(body, "pin", required=True, limit=64)
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
    window = bodies.integer(body, "window")
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
        force = body.get("force") is True
        await hub.execute(cmd.SignIn(window=window, clerk=staff.staff_no, force=force),
                          statements)
    else:
        await hub.run(lambda hall, now: ([], statements))
    hub.sessions.drop(stale)
    hub.sessions.add(row)
    return reply({
        "token": token,
        "staff_no": staff.staff_no,
        "name": staff.name,
        "role": staff.role,
        "window": window,
        "printer": hub.config.window_printers.get(window, {}) if window is not None else {},
        "demo": hub.config.demo,
    })


@routes.post("/api/logout")
async def logout(request: web.Request) -> web.Response:
    hub = request.app[HUB]
    who = principal(request)
    if who.token_hash is None:
        raise InvalidCommand("not-a-session", "设备令牌无需退出登录。")
    body = await bodies.json_body(request, optional=True)
    forget: list[Statement] = [("DELETE FROM sessions WHERE token_hash = ?", (who.token_hash,))]
    state = hub.hall.windows.get(who.window) if who.window is not None else None
    if who.role == "clerk" and who.window is not None and state and state.clerk == who.id:
        reason = bodies.text(body, "reason", limit=100)
        await hub.execute(cmd.SignOut(window=who.window, clerk=who.id, reason=reason), forget)
    else:
        await hub.run(lambda hall, now: ([], forget))
    hub.sessions.drop([who.token_hash])
    return reply({"ok": True, "message": "已退出登录，辛苦了。"})


def me_view(who: Principal) -> dict[str, object]:
    return {"role": who.role, "id": who.id, "name": who.name, "window": who.window}


@routes.get("/api/me")
async def me(request: web.Request) -> web.Response:
    return reply(me_view(principal(request)))
