"""Roles: who may do what, checked at the edge of every handler."""

from __future__ import annotations

from aiohttp import web

from bianmin.domain.errors import Forbidden, Unauthorized
from server.keys import HUB
from server.sessions import Principal

ROLE_NAMES = {
    "kiosk": "取号机",
    "display": "显示屏",
    "rating": "评价器",
    "clerk": "窗口工作人员",
    "office": "中心办公室",
}


def bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.query.get("token") or None


def principal(request: web.Request) -> Principal:
    token = bearer(request)
    if token is None:
        raise Unauthorized("login-required", "请先登录，或提供设备令牌。")
    hub = request.app[HUB]
    found = hub.sessions.principal(token, hub.clock())  # 401 session-expired if it ended
    if found is None:
        raise Unauthorized("bad-token", "登录已失效或令牌不正确，请重新登录。")
    return found


def optional_principal(request: web.Request) -> Principal | None:
    """Who is asking, or None for someone who did not sign in (a resident on the web)."""
    return None if bearer(request) is None else principal(request)


def require(request: web.Request, *roles: str) -> Principal:
    who = principal(request)
    if who.role not in roles:
        raise Forbidden("forbidden", f"{ROLE_NAMES.get(who.role, who.role)}无权进行此操作。")
    return who


def clerk_at(request: web.Request, window: int | None = None) -> tuple[Principal, int]:
    """The signed-in clerk and its window; refuses a clerk acting at another window."""
    who = require(request, "clerk")
    assert who.window is not None
    if window is not None and window != who.window:
        raise Forbidden(
            "wrong-window", f"您登录的是{who.window}号窗口，不能操作{window}号窗口。"
        )
    state = request.app[HUB].hall.windows.get(who.window)
    if state is None or state.clerk != who.id:
        raise Unauthorized(
            "session-ended", "您在本窗口的登录已结束（可能已被接替或已退出），请重新登录。"
        )
    return who, who.window
