"""督办 panel: every ticket this clerk received first and transferred, where it is now.

It asks the hub for the list when it may have changed (a live event about one of its tickets,
a new transfer or stall of this clerk's, a reconnection, and once a minute), and counts the
minutes on itself every second. A stall or a finish elsewhere is also announced as an `Alert`
for the desk's message line.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from counter.commands import Result
from counter.supervision import Row, open_count, row
from counter.widgets.hub_table import Cell, HubTable

FLAG_STYLES = {"stalled": "bold white on red", "elsewhere": "green", "done": "dim"}


class SupervisionPanel(HubTable[Row]):
    COLUMNS = ("号票", "事项", "现在何处", "经办人", "已历时", "提示")
    TITLE = "督办（我首问并转出的号票）"
    UNAVAILABLE = "督办信息暂时无法更新"

    def __init__(self, staff_no: str, *, id: str | None = None) -> None:
        super().__init__(staff_no, id=id)
        self.watched: set[str] = set()

    def follow(self, kind: str, data: dict[str, Any]) -> None:
        """Take in one live event: reload when it concerns this clerk's tickets."""
        event, ticket = data.get("event") or {}, data.get("ticket") or {}
        number = ticket.get("number", "")
        if kind == "ticket-stalled" and event.get("owner") == self.staff_no:
            text = f"督办提醒：号票 {number} 转出后已等候 {event.get('minutes')} 分钟，请跟进。"
            self.alert(text, "warning", title="督办", timeout=30)
        elif (
            kind == "ticket-finished"
            and ticket.get("id") in self.watched
            and event.get("clerk") != self.staff_no
        ):
            text = f"督办：号票 {number} 已在{event.get('window')}号窗口办结。"
            self.alert(text, "info", title="督办", timeout=10)
        if ticket.get("id") in self.watched or (
            kind in ("ticket-transferred", "ticket-stalled")
            and ticket.get("owner") == self.staff_no
        ):
            self.load()

    async def fetch(self) -> Result[list[dict[str, Any]]]:
        return await self.counter.commands.read(self.counter.client.supervised)

    def entries(self) -> list[Row]:
        """Rows counted at the hall's time now: the minutes run on between reloads."""
        mirror, now = self.counter.mirror, self.counter.hub_now()
        stall = int(mirror.rules.get("stall_minutes", 20))
        return [row(item, now, stall, mirror.outcomes) for item in self.items]

    def loaded(self, rows: list[Row]) -> None:
        self.watched = {r.ticket for r in rows}

    def cells(self, r: Row) -> tuple[Cell, ...]:
        flag = Text(r.flag_text, style=FLAG_STYLES.get(r.flag, ""))
        return (r.number, r.matter, r.where, r.with_whom, f"{r.minutes} 分钟", flag)

    def subtitle(self, rows: list[Row]) -> str:
        stalled = sum(1 for r in rows if r.flag == "stalled")
        return f"未办结 {open_count(rows)} 件" + (f" · 滞留 {stalled} 件" if stalled else "")
