"""The edge: every request body and parameter is decoded here, once, into a declared type.

A body must be plain (no `Content-Encoding` but identity), within the app's size limit, valid
UTF-8 JSON with no lone surrogates, no deeper than sense allows, and of the wire type the
route declares (`bianmin.wire.requests`); anything else is refused with a 4xx a person can
act on, never decoded further.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TypeVar

from aiohttp import web

from bianmin.domain.errors import InvalidCommand, NotFound
from bianmin.wire.base import decode, label

T = TypeVar("T")
ACCEPTED_ENCODINGS = ("", "identity")


class UnsupportedEncoding(InvalidCommand):
    """A body in an encoding the hub does not take (415)."""


async def read(request: web.Request, kind: type[T], *, optional: bool = False) -> T:
    """The body as `kind`. With `optional`, an empty body is every field's default."""
    encoding = request.headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ACCEPTED_ENCODINGS:
        raise UnsupportedEncoding(
            "unsupported-encoding", "请以未压缩的 JSON 提交（不支持 Content-Encoding）。")
    raw = await request.read()
    if not raw.strip():
        if not optional:
            raise InvalidCommand("body-required", "请求内容不能为空，请提交 JSON 对象。")
        raw = b"{}"
    return decode(raw, kind)


def whole_number(raw: str) -> int | None:
    """`raw` as a whole number when it is written with the digits 0-9 only (not ² or ١)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def window_param(request: web.Request) -> int:
    raw = request.match_info["window"]
    number = whole_number(raw)
    if number is None or not 0 < number < 10_000:
        raise NotFound("no-such-window", f"没有 {printable(raw)} 号窗口，请核对窗口号。")
    return number


def path_text(request: web.Request, name: str, limit: int) -> str:
    """A text parameter of the path, trimmed; one that cannot be a real one is not found."""
    raw = request.match_info[name].strip()
    if len(raw) > limit or not raw.isprintable():
        raise NotFound(f"no-such-{name}", "没有找到，请核对编号后再试。")
    return raw


def _query(request: web.Request, name: str) -> str:
    """A query parameter given at most once (a second value is a mistake, not a choice)."""
    values = request.query.getall(name, [])
    if len(values) > 1:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”只能填写一次。")
    return values[0] if values else ""


def query_text(request: web.Request, name: str, limit: int) -> str:
    raw = _query(request, name)
    if len(raw) > limit or not raw.isprintable():
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是 {limit} 字以内的文字。")
    return raw


def query_int(request: web.Request, name: str, low: int, high: int, default: int | None
              ) -> int | None:
    raw = _query(request, name)
    if raw == "":
        return default
    value = whole_number(raw)
    if value is None or not low <= value <= high:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是 {low} 到 {high} 之间的整数。")
    return value


def query_day(request: web.Request, name: str) -> date | None:
    value = _query(request, name)
    if value == "":
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        found = date.fromisoformat(value)
    except ValueError:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是日期，如 2026-12-01。") from None
    if not 2000 <= found.year <= 2199:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”的年份超出范围，请核对日期。")
    return found


def year_in_range(value: date | None, name: str) -> date | None:
    if value is not None and not 2000 <= value.year <= 2199:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”的年份超出范围，请核对日期。")
    return value


def printable(raw: str) -> str:
    """Something a person typed, safe to say back in a message."""
    return raw[:20] if raw.isprintable() else "（无法识别）"
