"""督办: how the tickets a clerk first received and transferred read on its panel. Pure.

The hub says where each ticket is, with whom and since when; the panel counts the minutes
itself between refreshes, flags a waiting ticket past the hall's `stall_minutes`, and one
finished at another window. A ticket's minutes stop at its end (from its transfer to its
finish), and a finished row leaves the panel `FINISHED_SHOWN` after it ended. A joint ticket
(联办件, 一件事) says which of its steps it is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bianmin.domain.types import TicketState
from bianmin.wire.tickets import Supervised
from counter.bundles import supervised_progress

FINISHED_SHOWN = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Row:
    ticket: str
    number: str
    matter: str
    where: str
    with_whom: str
    minutes: int
    flag: str  # "stalled", "elsewhere", "done" or ""
    flag_text: str


def row(item: Supervised, now: datetime, stall_minutes: int, outcomes: Mapping[str, str]) -> Row:
    t = item.ticket
    until = t.finished_at if t.finished_at is not None else now
    minutes = max(0, int((until - item.since).total_seconds() // 60))
    outcome = outcomes.get(t.outcome, t.outcome) if t.outcome else ""
    if item.finished_elsewhere:
        flag, text = "elsewhere", f"已在他处办结（{outcome}）"
    elif t.state is TicketState.DONE:
        flag, text = "done", f"已办结（{outcome}）"
    elif item.stalled or (t.state is TicketState.WAITING and minutes >= stall_minutes):
        flag, text = "stalled", f"滞留超过 {stall_minutes} 分钟，请跟进"
    else:
        flag, text = "", ""
    who = item.with_clerk_name or ""
    if who and item.with_clerk:
        who = f"{who}（{item.with_clerk}）"
    where = item.where
    if t.bundle is not None:  # a joint ticket: which of its steps, besides where it is
        where = f"{where} · {supervised_progress(t.bundle)}"
    return Row(t.id, t.number, t.matter_name, where, who or "—", minutes, flag, text)


def still_shown(item: Supervised, now: datetime) -> bool:
    """A ticket stays on the panel while it is open, and a while after it ended."""
    ended = item.ticket.finished_at
    return ended is None or now - ended < FINISHED_SHOWN


def open_count(rows: list[Row]) -> int:
    return sum(1 for r in rows if r.flag not in ("done", "elsewhere"))
