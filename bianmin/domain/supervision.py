"""Supervision (督办): a first responder follows every ticket it transferred to its end, and
every joint ticket (联办件) through each of its steps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bianmin.domain.catalog import Catalog
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import TicketState


@dataclass(frozen=True, slots=True)
class Supervised:
    ticket: Ticket
    where: str  # in words, for the clerk: "3号窗口 办理中", "等候 社保医保 窗口"
    with_clerk: str | None  # who has it now, when a clerk has it
    since: datetime  # when it got where it is
    minutes: int
    stalled: bool
    finished_elsewhere: bool


def where_now(t: Ticket, catalog: Catalog) -> str:
    if t.state is TicketState.WAITING:
        if t.target_window is not None:
            return f"等候 {t.target_window}号窗口"
        matter = catalog.matter(t.queue_matter)
        return f"等候 {matter.name if matter else t.queue_matter}"
    if t.state is TicketState.CALLED:
        return f"{t.window}号窗口 已叫号"
    if t.state is TicketState.SERVING:
        return f"{t.window}号窗口 办理中"
    if t.state is TicketState.DONE:
        return f"已在{t.window}号窗口办结"
    if t.state is TicketState.MISSED:
        return f"{t.window}号窗口 过号"
    return {TicketState.CANCELLED: "已取消", TicketState.EXPIRED: "已过期"}[t.state]


def supervised(
    tickets: Iterable[Ticket], owner: str, catalog: Catalog, now: datetime
) -> list[Supervised]:
    """The tickets `owner` first received and then transferred or saw go on to a next step,
    oldest first."""
    limit = timedelta(minutes=catalog.rules.stall_minutes)
    out: list[Supervised] = []
    for t in tickets:
        if t.owner != owner or (t.transfers == 0 and not t.steps_done):
            continue
        since = t.enqueued_at if t.state is TicketState.WAITING else t.changed_at
        waited = now - since
        if t.is_final and t.finished_at is not None:
            # Its time is over: from leaving this clerk (its last transfer) to its end.
            since, waited = t.enqueued_at, t.finished_at - t.enqueued_at
        out.append(
            Supervised(
                ticket=t,
                where=where_now(t, catalog),
                with_clerk=t.clerk if t.state in (TicketState.CALLED, TicketState.SERVING,
                                                  TicketState.DONE) else None,
                since=since,
                minutes=max(0, int(waited.total_seconds() // 60)),
                stalled=t.state is TicketState.WAITING and waited >= limit,
                finished_elsewhere=t.state is TicketState.DONE and t.clerk != owner,
            )
        )
    out.sort(key=lambda s: s.ticket.issued_at)
    return out
