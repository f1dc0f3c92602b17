"""督办 panel: every ticket this clerk received first and transferred, where it is now."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from counter.supervision import Row, open_count

FLAG_STYLES = {"stalled": "bold white on red", "elsewhere": "green", "done": "dim"}


class SupervisionPanel(DataTable[str | Text]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_shown: list[Row] = []

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns("号票", "事项", "现在何处", "经办人", "已历时", "提示")
        self.border_title = "督办（我首问并转出的号票）"
        self.border_subtitle = "未办结 0 件"

    def show(self, rows: list[Row]) -> None:
        if rows == self.rows_shown:
            return
        keep = self.rows_shown[self.cursor_row].ticket if self.rows_shown else None
        self.rows_shown = rows
        self.clear()
        for r in rows:
            self.add_row(
                r.number, r.matter, r.where, r.with_whom, f"{r.minutes} 分钟",
                Text(r.flag_text, style=FLAG_STYLES.get(r.flag, "")), key=r.ticket,
            )
        if keep in [r.ticket for r in rows]:
            self.move_cursor(row=[r.ticket for r in rows].index(keep))
        stalled = sum(1 for r in rows if r.flag == "stalled")
        self.border_subtitle = (f"未办结 {open_count(rows)} 件"
                                + (f" · 滞留 {stalled} 件" if stalled else ""))
