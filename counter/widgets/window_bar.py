"""The top line of the desk: window, department, open or paused, the clerk, the printer, the
link, the time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from counter.printer import WindowPrinter
from counter.session import Session


def status_text(window: dict[str, Any] | None) -> Text:
    if window is None:
        return Text(" 正在同步… ", style="black on grey70")
    status = window.get("status")
    if status == "paused":
        reason = window.get("paused_reason") or ""
        return Text(f" 暂停服务{f'（{reason}）' if reason else ''} ", style="bold black on yellow")
    if status == "open":
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

    def show(self, window: dict[str, Any] | None, synced: bool, now: datetime) -> None:
        left = Text.assemble(
            (f" {self.session.window}号窗口 ", "bold"),
            (f"{window['department']} " if window else "", ""),
            status_text(window),
            f"  {self.session.name}（{self.session.staff_no}）",
        )
        if self.session.demo:
            left.append("  演示数据", style="italic")
        link = Text("● 已连接 ", style="green") if synced else Text("○ 连接断开 ", style="bold red")
        if printer := self.printer.status_text:
            link = Text(f"{printer} ", style="green" if self.printer.fine else "bold red") + link
        self.query_one("#bar-left", Static).update(left)
        self.query_one("#bar-right", Static).update(link + Text(now.strftime("%H:%M:%S ")))
