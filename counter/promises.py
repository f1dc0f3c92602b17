"""承诺件 follow-up: how a clerk's open promised matters read on the desk. Pure.

The hub says which promises are open, when each is due and whether it is ok, due soon or
overdue on the hall's day; this turns that into rows, reminders and the words said when one
is marked kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo

from bianmin.domain.limits import PromiseStatus
from bianmin.wire.tickets import Promise, TicketStaff

STATUS_NAMES = {"ok": "按期", "due-soon": "即将到期", "overdue": "已超期"}
FLAGGED = ("due-soon", "overdue")


@dataclass(frozen=True, slots=True)
class PromiseRow:
    ticket: str
    number: str
    matter: str
    received: str  # the day the ticket was taken
    promised: str  # the promised completion day
    left: str  # how long is left, or how long it is overdue
    status: PromiseStatus

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def flagged(self) -> bool:
        return self.status in FLAGGED


def month_day(day: date | None) -> str:
    return "—" if day is None else f"{day.month}月{day.day}日"


def days_left_text(days: int) -> str:
    if days < 0:
        return f"已超期 {-days} 天"
    if days == 0:
        return "今天到期"
    if days == 1:
        return "明天到期"
    return f"还剩 {days} 天"


def promise_row(item: Promise) -> PromiseRow:
    return PromiseRow(
        ticket=item.id,
        number=item.number,
        matter=item.matter_name,
        received=month_day(item.day),
        promised=month_day(item.promised_date),
        left=days_left_text(item.days_left),
        status=item.promise_status,
    )


def summary(rows: list[PromiseRow]) -> str:
    """The panel's subtitle: how many are open, due soon and overdue."""
    soon = sum(1 for r in rows if r.status == "due-soon")
    over = sum(1 for r in rows if r.status == "overdue")
    return (
        f"未办结 {len(rows)} 件"
        + (f" · 即将到期 {soon} 件" if soon else "")
        + (f" · 已超期 {over} 件" if over else "")
    )


def newly_flagged(before: dict[str, str], rows: Iterable[PromiseRow]) -> list[PromiseRow]:
    """Rows that have turned due soon or overdue since the last look. A promise just made is
    not among them: the clerk who made it knows its date."""
    return [r for r in rows if r.flagged and before.get(r.ticket, r.status) != r.status]


def reminder(rows: list[PromiseRow]) -> str:
    """What the clerk is told of promises that need attention: one by name, several counted."""
    flagged = [r for r in rows if r.flagged]
    if len(flagged) == 1:
        r = flagged[0]
        return (
            f"承诺件提醒：号票 {r.number}（{r.matter}，{r.received}受理）承诺{r.promised}办结，"
            f"{r.left}，请尽快办结并告知办事群众。"
        )
    soon = sum(1 for r in flagged if r.status == "due-soon")
    over = len(flagged) - soon
    parts = ([f"{over} 件已超期"] if over else []) + ([f"{soon} 件即将到期"] if soon else [])
    return f"承诺件提醒：您有 {'、'.join(parts)}，请在承诺件栏查看，办结后按 K 标记。"


def kept_message(ticket: TicketStaff, hall_zone: tzinfo | None) -> tuple[str, str]:
    """What the clerk is told once the hub marked a promise kept, and how loudly: late is
    kept on a later day of the hall than the promised one, as the hub counts it."""
    promised, kept_at = ticket.promised_date, ticket.promise_kept_at
    if promised is None or kept_at is None:  # the hub always sends both once it is kept
        return f"承诺件 {ticket.number} 已办结。", "info"
    kept = kept_at.astimezone(hall_zone).date()
    if kept > promised:
        late = (kept - promised).days
        return f"承诺件 {ticket.number} 已办结，超过承诺日期 {late} 天，已计入超期。", "warning"
    return f"承诺件 {ticket.number} 已按期办结。", "info"
