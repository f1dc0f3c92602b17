"""The top line of the desk: window, department, open or paused, the clerk, the printer, the
link, the time."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from bianmin.domain.types import WindowStatus
from bianmin.wire.hall import WindowPublic, WindowStaff
from counter.printer import WindowPrinter
from counter.session import Session


def pause_reason(window: WindowPublic, own: WindowStaff | None) -> str:
    """Why the window is paused: what this clerk wrote, while it is that same pause (the
    clerks' feed never carries a clerk's words); else the hall's note, for a usual reason."""
    if own is not None and own.number == window.number and own.changed_at == window.changed_at:
        return own.paused_reason
    return window.pause_note


def status_text(window: WindowPublic | None, own_pause: WindowStaff | None = None) -> Text:
    if window is None:
        return Text(" 正在同步… ", style="black on grey70")
    if window.status is WindowStatus.PAUSED:
        reason = pause_reason(window, own_pause)
        return Text(f" 暂停服务{f'（{reason}）' if reason else ''} ", style="bold black on yellow")
    if window.status is WindowStatus.OPEN:
        return Text(" 服务中 ", style="bold white on green")
    return Text(" 未登录 ", style="black on grey70")


class WindowBar(Horizontal):
    def __init__(self, session: Session, printer: WindowPrinter) -> None:
        super().__init__()
        self.session = session
        self.printer = printer

    def compose(self) -> ComposeResult:
        yield Static(id="bar-left")
        yield Static(id="bar-right")

    def show(
        self,
        window: WindowPublic | None,
        own_pause: WindowStaff | None,
        synced: bool,
        now: datetime,
    ) -> None:
        left = Text.assemble(
            (f" {self.session.window}号窗口 ", "bold"),
            (f"{window.department} " if window else "", ""),
            status_text(window, own_pause),
            f"  {self.session.name}（{self.session.staff_no}）",
        )
        if self.session.demo:
            left.append("  演示数据", style="italic")
        link = Text("● 已连接 ", style="green") if synced else Text("○ 连接断开 ", style="bold red")
        if printer := self.printer.status_text:
            link = Text(f"{printer} ", style="green" if self.printer.fine else "bold red") + link
        self.query_one("#bar-left", Static).update(left)
        self.query_one("#bar-right", Static).update(link + Text(now.strftime("%H:%M:%S ")))
