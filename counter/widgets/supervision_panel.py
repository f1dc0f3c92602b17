"""督办 panel: every ticket this clerk received first and transferred, where it is now.

It asks the hub for the list when it may have changed (a live event about one of its tickets,
a new transfer or stall of this clerk's, a reconnection, and once a minute), and counts the
minutes on itself every second. A stall or a finish elsewhere is also announced as an `Alert`
for the desk's message line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import DataTable

from counter.supervision import Row, open_count, row

if TYPE_CHECKING:
    from counter.app import CounterApp

FLAG_STYLES = {"stalled": "bold white on red", "elsewhere": "green", "done": "dim"}
REFRESH_SECONDS = 60.0


class SupervisionPanel(DataTable[str | Text]):
    class Alert(Message):
        def __init__(self, text: str, severity: str) -> None:
            super().__init__()
            self.text, self.severity = text, severity

    def __init__(self, staff_no: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.staff_no = staff_no
        self.items: list[dict[str, Any]] = []  # as the hub last gave them
        self.watched: set[str] = set()
        self.rows_shown: list[Row] = []

    @property
    def counter(self) -> CounterApp:
        return cast("CounterApp", self.app)

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns("号票", "事项", "现在何处", "经办人", "已历时", "提示")
        self.border_title = "督办（我首问并转出的号票）"
        self.border_subtitle = "未办结 0 件"
        self.set_interval(REFRESH_SECONDS, self.load)

    def follow(self, kind: str, data: dict[str, Any]) -> None:
        """Take in one live event: reload when it concerns this clerk's tickets."""
        event, ticket = data.get("event") or {}, data.get("ticket") or {}
        number = ticket.get("number", "")
        if kind == "ticket-stalled" and event.get("owner") == self.staff_no:
            text = f"督办提醒：号票 {number} 转出后已等候 {event.get('minutes')} 分钟，请跟进。"
            self.app.bell()
            self.app.notify(text, title="督办", severity="warning", timeout=30)
            self.post_message(self.Alert(text, "warning"))
        elif (
            kind == "ticket-finished"
            and ticket.get("id") in self.watched
            and event.get("clerk") != self.staff_no
        ):
            text = f"督办：号票 {number} 已在{event.get('window')}号窗口办结。"
            self.app.notify(text, title="督办", timeout=10)
            self.post_message(self.Alert(text, "info"))
        if ticket.get("id") in self.watched or (
            kind in ("ticket-transferred", "ticket-stalled")
            and ticket.get("owner") == self.staff_no
        ):
            self.load()

    @work(exclusive=True, group="supervised")
    async def load(self) -> None:
        if not self.counter.synced:
            return
        result = await self.counter.commands.read(self.counter.client.supervised)
        if not result.ok or result.value is None:
            self.border_subtitle = "督办信息暂时无法更新"
            return
        self.items = result.value
        self.watched = {item["ticket"]["id"] for item in result.value}
        self.tick()

    def tick(self) -> None:
        """Rows counted at the hall's time now: the minutes run on between reloads."""
        mirror, now = self.counter.mirror, self.counter.hub_now()
        stall = int(mirror.rules.get("stall_minutes", 20))
        self.show([row(item, now, stall, mirror.outcomes) for item in self.items])

    def show(self, rows: list[Row]) -> None:
        if rows == self.rows_shown:
            return
        keep = self.rows_shown[self.cursor_row].ticket if self.rows_shown else None
        self.rows_shown = rows
        self.clear()
        for r in rows:
            self.add_row(
                r.number,
                r.matter,
                r.where,
                r.with_whom,
                f"{r.minutes} 分钟",
                Text(r.flag_text, style=FLAG_STYLES.get(r.flag, "")),
                key=r.ticket,
            )
        if keep in [r.ticket for r in rows]:
            self.move_cursor(row=[r.ticket for r in rows].index(keep))
        stalled = sum(1 for r in rows if r.flag == "stalled")
        self.border_subtitle = f"未办结 {open_count(rows)} 件" + (
            f" · 滞留 {stalled} 件" if stalled else ""
        )
