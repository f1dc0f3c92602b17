"""Reading request bodies and parameters, refusing bad input with a message a person can act on."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TypeVar

from aiohttp import web

from bianmin.domain.errors import InvalidCommand, NotFound

T = TypeVar("T")
MAX_TEXT = 500


async def json_body(request: web.Request, *, optional: bool = False) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        if optional:
            return {}
        raise InvalidCommand("body-required", "请求内容不能为空，请提交 JSON 对象。")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidCommand("bad-json", "请求内容不是有效的 JSON，请检查格式。") from None
    if not isinstance(body, dict):
        raise InvalidCommand("bad-json", "请求内容须是 JSON 对象（{...}）。")
    return body


def text(body: dict[str, Any], name: str, *, required: bool = False, limit: int = MAX_TEXT
         ) -> str:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidCommand(f"{name}-required", f"缺少必填项“{name}”。")
        return ""
    if not isinstance(value, str):
        raise InvalidCommand(f"bad-{name}", f"“{name}”须是文字。")
    if len(value) > limit:
        raise InvalidCommand(f"bad-{name}", f"“{name}”太长，请控制在 {limit} 字以内。")
    if required and not value.strip():
        raise InvalidCommand(f"{name}-required", f"必填项“{name}”不能为空。")
    return value


def integer(body: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidCommand(f"{name}-required", f"缺少必填项“{name}”。")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10_000:
        raise InvalidCommand(f"bad-{name}", f"“{name}”须是正整数。")
    return value


def choice(body: dict[str, Any], name: str, kind: type[T], default: T | None = None) -> T:
    value = body.get(name)
    if value is None and default is not None:
        return default
    try:
        return kind(value)  # type: ignore[call-arg]
    except (ValueError, TypeError):
        options = "、".join(str(v.value) for v in kind)  # type: ignore[attr-defined]
        raise InvalidCommand(f"bad-{name}", f"“{name}”须是以下之一：{options}。") from None


def day(body: dict[str, Any], name: str) -> date | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidCommand(f"bad-{name}", f"“{name}”须是日期，如 2026-12-01。")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidCommand(f"bad-{name}", f"“{name}”须是日期，如 2026-12-01。") from None


def string_list(body: dict[str, Any], name: str) -> tuple[str, ...]:
    value = body.get(name)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidCommand(f"bad-{name}", f"“{name}”须是文字列表。")
    return tuple(v.strip() for v in value if v.strip())


def window_param(request: web.Request) -> int:
    raw = request.match_info["window"]
    if not raw.isdigit() or not 0 < int(raw) < 10_000:
        raise NotFound("no-such-window", f"没有 {raw} 号窗口，请核对窗口号。")
    return int(raw)
