"""承诺件 panel: the promised matters this clerk received first or finished, not yet kept.

The hub keeps each promise open until a clerk marks it kept. The panel asks again when a
promise of this clerk's is made, corrected or kept (live events), on reconnection, when the
hall's day turns and every few minutes; one that turns due soon or overdue is flagged in
colour and announced as an `Alert` (on signing in, one summary of all that need attention).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from bianmin.domain.types import Outcome
from bianmin.wire.live import ClerkEventMessage
from bianmin.wire.tickets import Promise
from counter.commands import Result
from counter.promises import (
    PromiseRow,
    newly_flagged,
    promise_row,
    reminder,
    summary,
)
from counter.widgets.hub_table import Cell, HubTable

STATUS_STYLES = {"ok": "green", "due-soon": "bold black on yellow", "overdue": "bold white on red"}


class PromisePanel(HubTable[Promise, PromiseRow]):
    COLUMNS = ("号票", "事项", "受理日期", "承诺办结", "期限", "状态")
    TITLE = "承诺件（我受理或办结、尚未办结的）· 按 K 标记办结"
    UNAVAILABLE = "承诺件信息暂时无法更新"
    REFRESH_SECONDS = 300.0

    def __init__(self, staff_no: str, *, id: str | None = None) -> None:
        super().__init__(staff_no, id=id)
        self.statuses: dict[str, str] | None = None  # None until the first load
        self.day: date | None = None  # the hall's day the list was loaded on

    def follow(self, message: ClerkEventMessage) -> None:
        """Take in one live event: reload when a promise of this clerk's is made or kept, or
        an approved correction makes a finish a promise or takes one back."""
        kind, event, ticket = message.kind, message.event, message.ticket
        if kind == "ticket-finished" and event.outcome is not Outcome.PROMISED:
            return
        if kind == "ticket-corrected" and Outcome.PROMISED not in (event.outcome, event.was):
            return
        if kind not in ("ticket-finished", "ticket-corrected", "promise-kept") or ticket is None:
            return
        mine = self.staff_no in (ticket.owner, ticket.clerk, event.clerk)
        if mine or ticket.id in (self.statuses or {}):
            self.load()

    def tick(self) -> None:
        """A new day of the hall moves every promise a day closer: ask the hub again."""
        if self.day is not None and self.counter.hub_now().date() != self.day:
            self.day = None
            self.load()

    async def fetch(self) -> Result[list[Promise]]:
        self.day = self.counter.hub_now().date()
        return await self.counter.commands.read(self.counter.client.promises)

    def entries(self) -> list[PromiseRow]:
        return [promise_row(item) for item in self.items]

    def loaded(self, rows: list[PromiseRow]) -> None:
        if self.statuses is None:  # just signed in: told once, on the message line
            if any(r.flagged for r in rows):
                self.post_message(self.Alert(reminder(rows), "warning"))
        elif turned := newly_flagged(self.statuses, rows):
            severity = "error" if any(r.status == "overdue" for r in turned) else "warning"
            self.alert(reminder(turned), severity, title="承诺件", timeout=30)
        self.statuses = {r.ticket: r.status for r in rows}

    def cells(self, r: PromiseRow) -> tuple[Cell, ...]:
        style = STATUS_STYLES.get(r.status, "")
        return (
            r.number,
            r.matter,
            r.received,
            r.promised,
            Text(r.left, style="bold" if r.flagged else ""),
            Text(f" {r.status_name} ", style=style),
        )

    def subtitle(self, rows: list[PromiseRow]) -> str:
        return summary(rows)
