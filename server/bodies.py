"""Reading request bodies and parameters, refusing bad input with a message a person can act on."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TypeVar

from aiohttp import web

from bianmin.domain.errors import InvalidCommand, NotFound

T = TypeVar("T")
MAX_TEXT = 500

# What each field is called in a message a clerk reads; the wire name follows in brackets.
FIELD_NAMES = {
    "matter": "事项", "priority": "类别", "request_id": "请求编号", "staff_no": "工号",
    "pin": "密码", "window": "窗口号", "reason": "原因", "outcome": "办结类型",
    "promised_date": "承诺办结日期", "missing_materials": "所缺材料", "authority": "上级审批部门",
    "note": "备注", "to_window": "转往窗口", "to_matter": "转往事项", "name": "姓名",
    "phone": "电话", "day": "日期", "slot": "时段", "address": "上门地址", "code": "预约码",
    "title": "标题", "text": "正文", "names": "人名", "show_from": "开始日期",
    "show_until": "结束日期", "from": "开始日期", "to": "结束日期", "result": "结果",
    "status": "状态", "detail": "详情", "clerk": "工作人员", "rating": "评价",
    "surname": "姓氏", "phone_tail": "手机号后四位", "channel": "渠道",
}


def label(name: str) -> str:
    return f"{FIELD_NAMES[name]}（{name}）" if name in FIELD_NAMES else name


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
            raise InvalidCommand(f"{name}-required", f"缺少必填项“{label(name)}”。")
        return ""
    if not isinstance(value, str):
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是文字。")
    if len(value) > limit:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”太长，请控制在 {limit} 字以内。")
    if required and not value.strip():
        raise InvalidCommand(f"{name}-required", f"必填项“{label(name)}”不能为空。")
    return value


def request_id(body: dict[str, Any], *, required: bool = True) -> str:
    """The id a device makes once per touch and sends again on every retry of it."""
    value = text(body, "request_id", required=required, limit=100).strip()
    if value and len(value) < 8:
        raise InvalidCommand("bad-request_id",
                             "request_id 至少 8 个字符，每次取号、签到或投诉请用新的随机值。")
    return value


def integer(body: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise InvalidCommand(f"{name}-required", f"缺少必填项“{label(name)}”。")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10_000:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是正整数。")
    return value


def choice(body: dict[str, Any], name: str, kind: type[T], default: T | None = None) -> T:
    value = body.get(name)
    if value is None and default is not None:
        return default
    try:
        return kind(value)  # type: ignore[call-arg]
    except (ValueError, TypeError):
        options = "、".join(str(v.value) for v in kind)  # type: ignore[attr-defined]
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是以下之一：{options}。") from None


def day(body: dict[str, Any], name: str) -> date | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是日期，如 2026-12-01。")
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是日期，如 2026-12-01。") from None
    if not 2000 <= found.year <= 2199:
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”的年份超出范围，请核对日期。")
    return found


def string_list(body: dict[str, Any], name: str) -> tuple[str, ...]:
    value = body.get(name)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidCommand(f"bad-{name}", f"“{label(name)}”须是文字列表。")
    return tuple(v.strip() for v in value if v.strip())


def whole_number(raw: str) -> int | None:
    """`raw` as a whole number when it is written with the digits 0-9 only (not ² or ١)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def window_param(request: web.Request) -> int:
    raw = request.match_info["window"]
    number = whole_number(raw)
    if number is None or not 0 < number < 10_000:
        raise NotFound("no-such-window", f"没有 {raw} 号窗口，请核对窗口号。")
    return number
