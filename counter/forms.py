"""What the counter's dialogs offer and how they read what a clerk typed. Pure."""

from __future__ import annotations

import re
from datetime import date, timedelta

TRANSFER_REASONS = (
    "非本窗口办理事项，请到对应窗口办理",
    "需其他部门联合办理（联办件）",
    "需由专门窗口审核",
    "本窗口系统故障，转其他窗口办理",
)
JOIN_REASONS = (
    "同一件事还须其他部门办理，一次取号、依次办完",
    "需其他部门联合办理（联办件）",
    "经审核须相关部门一并办理",
)
URGENT_REASONS = (
    "老弱病残孕，身体不适",
    "急事急办：当日必须办结的紧急事项",
    "特事特办：经中心同意",
)
KEPT_NOTES = (
    "已办结，已电话告知办事群众领取结果",
    "已办结，办事群众已到窗口领取",
    "已办结，结果已邮寄或送达办事群众",
)
RETURN_REASONS = (
    "申请事项不符合法律法规规定的受理条件",
    "主要申请材料缺失，无法受理",
)
CONSULT_ANSWERS = (
    "已一次性告知办理该事项所需的全部材料",
    "已告知办理流程、办理地点和办理时限",
    "已告知可通过网上办事大厅或自助终端办理",
    "非本中心办理事项，已告知具体办理部门和联系方式",
)
CORRECTION_WHYS = (
    "办结类型选择有误",
    "承诺办结日期填写有误",
    "所缺材料勾选有误",
    "上报部门或审批时限填写有误",
)

_FULL = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_SHORT = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})日?$")
_DAYS = re.compile(r"^\+(\d{1,3})$")

DATE_HELP = "请按 2026-12-05 的格式填写日期，也可填 12-05（今年）或 +5（5 天后）。"
DAYS_HELP = "请填写上级审批时限，1 到 365 之间的工作日天数，如 20。"


def parse_day(text: str, today: date) -> date | None:
    """A date as a clerk types it: `2026-12-05`, `2026/12/5`, `12-05`, or `+5` days."""
    value = text.strip().replace(" ", "")
    try:
        if m := _FULL.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _SHORT.match(value):
            return date(today.year, int(m[1]), int(m[2]))
        if m := _DAYS.match(value):
            return today + timedelta(days=int(m[1]))
    except ValueError:
        return None
    return None


def day_hint(day: date | None, today: date) -> str:
    """What a typed date means, said back to the clerk: a past day is said to be past."""
    if day is None:
        return ""
    days = (day - today).days
    if days < 0:
        return f"即 {day.isoformat()}，已过去 {-days} 天：承诺办结日期不能早于今天"
    if days == 0:
        return f"即 {day.isoformat()}，今天"
    return f"即 {day.isoformat()}，{days} 天后"


def parse_days(text: str) -> int | None:
    """A number of working days, 1 to 365, as a clerk types it (`20`, `20天`)."""
    value = text.strip().removesuffix("个工作日").removesuffix("工作日").removesuffix("天")
    if not (value.isascii() and value.isdigit()):
        return None
    days = int(value)
    return days if 1 <= days <= 365 else None
