"""The Struct every wire type derives from, the limits on text, and encoding and decoding.

Text from outside is decoded once, at the edge, into a declared type: valid UTF-8 with no lone
surrogates (msgspec refuses both), no control characters (the `Line` and `Text` patterns: a
`Text` may hold line breaks and tabs, a `Line` nothing of the kind), never longer than its
limit. A refusal names the field in Chinese, so the person who typed it can put it right.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta

from bianmin.domain.errors import InvalidCommand

T = TypeVar("T")


class Wire(msgspec.Struct, kw_only=True):
    """A message on the wire: every field named, in a fixed order."""


LINE = r"^[^\x00-\x1f\x7f\u2028\u2029]*$"  # one line: no control characters at all
TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # line breaks and tabs allowed

Line4 = Annotated[str, Meta(max_length=4, pattern=LINE)]
Line8 = Annotated[str, Meta(max_length=8, pattern=LINE)]
Line11 = Annotated[str, Meta(max_length=11, pattern=LINE)]
Line12 = Annotated[str, Meta(max_length=12, pattern=LINE)]
Line20 = Annotated[str, Meta(max_length=20, pattern=LINE)]
Line32 = Annotated[str, Meta(max_length=32, pattern=LINE)]
Line40 = Annotated[str, Meta(max_length=40, pattern=LINE)]
Line64 = Annotated[str, Meta(max_length=64, pattern=LINE)]
Line100 = Annotated[str, Meta(max_length=100, pattern=LINE)]
Line200 = Annotated[str, Meta(max_length=200, pattern=LINE)]
Text500 = Annotated[str, Meta(max_length=500, pattern=TEXT)]
Text1000 = Annotated[str, Meta(max_length=1000, pattern=TEXT)]
Text2000 = Annotated[str, Meta(max_length=2000, pattern=TEXT)]
RequestId = Annotated[str, Meta(min_length=8, max_length=100, pattern=LINE)]
WindowNumber = Annotated[int, Meta(gt=0, lt=10_000)]

# What each field is called in a refusal a clerk or resident reads; the wire name follows.
FIELD_NAMES = {
    "matter": "事项", "priority": "类别", "request_id": "请求编号", "staff_no": "工号",
    "pin": "密码", "window": "窗口号", "reason": "原因", "outcome": "办结类型",
    "promised_date": "承诺办结日期", "missing_materials": "所缺材料", "authority": "上级审批部门",
    "note": "备注", "to_window": "转往窗口", "to_matter": "转往事项", "name": "姓名",
    "phone": "电话", "day": "日期", "slot": "时段", "address": "上门地址", "code": "预约码",
    "title": "标题", "text": "正文", "names": "人名", "show_from": "开始日期",
    "show_until": "结束日期", "from": "开始日期", "to": "结束日期", "result": "结果",
    "status": "状态", "detail": "详情", "clerk": "工作人员", "rating": "评价",
    "surname": "姓氏", "phone_tail": "手机号后四位", "channel": "渠道", "force": "强制接替",
    "home_visit": "上门服务", "limit": "数量", "since": "序号",
    "authority_days": "上级审批时限（工作日）", "answer": "答复内容", "why": "更正原因",
    "decision": "审核意见",
}

# What a decoder needs for a refusal that starts with the field's own words.
REQUIRED_MESSAGES = {"outcome": "请选择办结类型（咨询件、即办件、承诺件等）。",
                     "day": "请选择预约日期。", "show_until": "请填写公告的结束日期。"}

_ENCODER = msgspec.json.Encoder()
_DECODERS: dict[Any, msgspec.json.Decoder[Any]] = {}
_AT = re.compile(r" - at `\$\.?([A-Za-z_]*)")


def label(name: str) -> str:
    return f"{FIELD_NAMES[name]}（{name}）" if name in FIELD_NAMES else name


def encode(value: object) -> bytes:
    return _ENCODER.encode(value)


def decode(raw: bytes | str, kind: type[T]) -> T:
    """`raw` as `kind`, trusting nothing: a refusal is an `InvalidCommand` in Chinese."""
    decoder = _DECODERS.get(kind)
    if decoder is None:
        decoder = _DECODERS[kind] = msgspec.json.Decoder(kind)
    try:
        return decoder.decode(raw)  # type: ignore[no-any-return]
    except msgspec.ValidationError as err:
        raise refusal(str(err), kind) from None
    except (msgspec.DecodeError, UnicodeDecodeError):
        raise InvalidCommand(
            "bad-json", "请求内容不是有效的 JSON，或含有无法识别的字符（须为 UTF-8 编码），"
            "请检查后重试。") from None
    except RecursionError:
        raise InvalidCommand("too-deep", "请求内容嵌套过深，请检查格式。") from None


def refusal(detail: str, kind: type) -> InvalidCommand:
    """msgspec's words for a wrong value, said to a person."""
    found = _AT.search(detail)
    name = found.group(1) if found else ""
    if not name:
        missing = re.search(r"missing required field `(\w+)`", detail)
        if missing:
            field = missing.group(1)
            return InvalidCommand(f"{field}-required", REQUIRED_MESSAGES.get(
                field, f"缺少必填项“{label(field)}”。"))
        return InvalidCommand("bad-json", "请求内容须是 JSON 对象（{...}），请检查格式。")
    what = label(name)
    length = re.search(r"of length ([<>]=) (\d+)", detail)
    if length and length.group(1) == "<=":
        message = f"“{what}”太长，请控制在 {length.group(2)} 字以内。"
    elif length:
        message = f"“{what}”至少需要 {length.group(2)} 个字符。"
    elif "matching regex" in detail:
        message = f"“{what}”含有无法识别的控制字符，请删除后重试。"
    elif "enum value" in detail or ("Expected `str`, got" in detail and _options(kind, name)):
        message = f"“{what}”须是以下之一：{'、'.join(_options(kind, name))}。"
    elif "Expected `str`" in detail:
        message = f"“{what}”须是文字。"
    elif "Expected `int`" in detail:
        message = f"“{what}”须是正整数。"
    elif "Expected `bool`" in detail:
        message = f"“{what}”须是 true 或 false。"
    elif "date" in detail:
        message = f"“{what}”须是日期，如 2026-12-01。"
    elif "Expected `array`" in detail:
        message = f"“{what}”须是文字列表。"
    else:
        message = f"“{what}”的格式不正确，请核对后重试。"
    return InvalidCommand(f"bad-{name}", message)


def _options(kind: type, name: str) -> list[str]:
    """The values an enum or literal field accepts, for saying them in a refusal."""
    info = msgspec.inspect.type_info(kind)
    if not isinstance(info, msgspec.inspect.StructType):
        return []
    for field in info.fields:
        if field.encode_name != name:
            continue
        types = field.type.types if isinstance(field.type, msgspec.inspect.UnionType) else (
            field.type,)
        for t in types:
            if isinstance(t, msgspec.inspect.EnumType):
                return [str(v.value) for v in t.cls]
            if isinstance(t, msgspec.inspect.LiteralType):
                return [str(v) for v in t.values]
    return []


class ErrorDetail(Wire):
    code: str  # for programs: e.g. "queue-empty", "bad-reason"
    message: str  # for people: polite Chinese saying what to do


class ErrorBody(Wire):
    """Every refusal, whatever its status."""

    error: ErrorDetail
