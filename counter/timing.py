"""The running timer of the ticket at a window, and how times read to a clerk. Pure.

The hub's staff ticket view carries the serving limit the domain decided
(`bianmin.domain.limits`): `limit_minutes`, `warn_at` and `due_at`. The timer turns `near` at
`warn_at` and `over` once `due_at` has passed, by the hub's clock; it computes no limit itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    IDLE = "idle"  # called, the resident is on the way: no limit runs yet
    OK = "ok"
    NEAR = "near"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class Timer:
    label: str
    elapsed: timedelta
    limit: timedelta | None
    level: Level

    @property
    def text(self) -> str:
        shown = f"{self.label} {duration(self.elapsed)}"
        if self.limit is None:
            return shown
        minutes = int(self.limit.total_seconds() // 60)
        if self.level is Level.OVER:
            return f"{shown}（限时 {minutes} 分钟，已超时 {duration(self.elapsed - self.limit)}）"
        return f"{shown}（限时 {minutes} 分钟，还剩 {duration(self.limit - self.elapsed)}）"


def parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def duration(value: timedelta) -> str:
    """`07:05` below an hour, `1:07:05` from an hour on; never negative."""
    seconds = max(0, int(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def clock_time(value: str | None) -> str:
    """The time of day an ISO timestamp names, as the hall's clocks showed it."""
    at = parse(value)
    return "--:--:--" if at is None else at.strftime("%H:%M:%S")


def ticket_timer(ticket: dict[str, Any], now: datetime) -> Timer:
    """The timer for a ticket called or served at the window, `now` by the hub's clock."""
    received = parse(ticket.get("received_at"))
    if received is None:
        called = parse(ticket.get("called_at")) or now
        return Timer("叫号后", now - called, None, Level.IDLE)
    elapsed = now - received
    warn_at, due_at = parse(ticket.get("warn_at")), parse(ticket.get("due_at"))
    if due_at is None or warn_at is None:
        return Timer("办理用时", elapsed, None, Level.OK)
    if now > due_at:
        level = Level.OVER
    elif now >= warn_at:
        level = Level.NEAR
    else:
        level = Level.OK
    return Timer("办理用时", elapsed, due_at - received, level)


def step_times(ticket: dict[str, Any]) -> list[tuple[str, str]]:
    """The resident's steps so far, as (label, time of day), with the wait before the call."""
    steps = [("取号", clock_time(ticket.get("issued_at")))]
    called = parse(ticket.get("called_at"))
    issued = parse(ticket.get("issued_at"))
    if ticket.get("transfers"):
        steps.append(("转入", clock_time(ticket.get("enqueued_at"))))
    if called is not None:
        steps.append(("叫号", clock_time(ticket.get("called_at"))))
    if ticket.get("received_at"):
        steps.append(("开始", clock_time(ticket.get("received_at"))))
    if called is not None and issued is not None:
        steps.append(("等候", duration(called - issued)))
    return steps
