"""督办 panel: every ticket this clerk received first and transferred (or saw go on to a
joint ticket's next step), where it is now.

It asks the hub for the list when it may have changed (a live event about one of its tickets,
a new transfer or stall of this clerk's, a reconnection, and once a minute), and counts the
minutes on itself every second, up to a ticket's end; a finished one leaves after a while.
A stall, a finish elsewhere or a joint ticket's step done elsewhere is also announced as an
`Alert` for the desk's message line.
"""

from __future__ import annotations

from rich.text import Text

from bianmin.domain.bundles import BundleStatus
from bianmin.wire.live import ClerkEventMessage
from bianmin.wire.tickets import Supervised
from counter.bundles import supervised_progress
from counter.commands import Result
from counter.supervision import Row, open_count, row, still_shown
from counter.widgets.hub_table import Cell, HubTable

STALL_MINUTES = 20  # the hall's usual rule, until its snapshot says
FLAG_STYLES = {"stalled": "bold white on red", "elsewhere": "green", "done": "dim"}


def finished_elsewhere(message: ClerkEventMessage) -> str:
    """The word on a followed ticket finished at another window: a joint ticket's step that
    went on, or its end; '' for anything else (a joint ticket's finish is followed by its
    moving on, or is its end)."""
    kind, event, ticket = message.kind, message.event, message.ticket
    assert ticket is not None
    progress = ticket.bundle
    if kind == "bundle-moved-on" and progress is not None:
        return (f"督办：号票 {ticket.number} 的上一项已在{event.window}号窗口办结，"
                f"转入{supervised_progress(progress)}（{ticket.matter_name}）。")
    if kind != "ticket-finished":
        return ""
    if progress is None:
        return f"督办：号票 {ticket.number} 已在{event.window}号窗口办结。"
    if progress.status in (BundleStatus.DONE, BundleStatus.STOPPED):
        return f"督办：号票 {ticket.number}（{progress.name}）{progress.status_name}。"
    return ""


class SupervisionPanel(HubTable[Supervised, Row]):
    COLUMNS = ("号票", "事项", "现在何处", "经办人", "已历时", "提示")
    TITLE = "督办（我首问并转出、联办的号票）"
    UNAVAILABLE = "督办信息暂时无法更新"

    def __init__(self, staff_no: str, *, id: str | None = None) -> None:
        super().__init__(staff_no, id=id)
        self.watched: set[str] = set()

    def follow(self, message: ClerkEventMessage) -> None:
        """Take in one live event: reload when it concerns this clerk's tickets."""
        kind, event, ticket = message.kind, message.event, message.ticket
        if ticket is None:
            return
        if kind == "ticket-stalled" and event.owner == self.staff_no:
            text = f"督办提醒：号票 {ticket.number} 转出后已等候 {event.minutes} 分钟，请跟进。"
            self.alert(text, "warning", title="督办", timeout=30)
        elif ticket.id in self.watched and event.clerk != self.staff_no:
            text = finished_elsewhere(message)
            if text:
                self.alert(text, "info", title="督办", timeout=10)
        if ticket.id in self.watched or (
            kind in ("ticket-transferred", "ticket-stalled", "bundle-moved-on")
            and ticket.owner == self.staff_no
        ):
            self.load()

    async def fetch(self) -> Result[list[Supervised]]:
        return await self.counter.commands.read(self.counter.client.supervised)

    def entries(self) -> list[Row]:
        """Rows counted at the hall's time now: the minutes run on between reloads."""
        mirror, now = self.counter.mirror, self.counter.hub_now()
        stall = mirror.rules.stall_minutes if mirror.rules else STALL_MINUTES
        return [row(item, now, stall, mirror.outcomes) for item in self.items
                if still_shown(item, now)]

    def loaded(self, rows: list[Row]) -> None:
        self.watched = {r.ticket for r in rows}

    def cells(self, r: Row) -> tuple[Cell, ...]:
        flag = Text(r.flag_text, style=FLAG_STYLES.get(r.flag, ""))
        return (r.number, r.matter, r.where, r.with_whom, f"{r.minutes} 分钟", flag)

    def subtitle(self, rows: list[Row]) -> str:
        stalled = sum(1 for r in rows if r.flag == "stalled")
        return f"未办结 {open_count(rows)} 件" + (f" · 滞留 {stalled} 件" if stalled else "")
