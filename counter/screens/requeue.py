"""Put a missed ticket back in line (过号重排): the resident came back the same day."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter.screens.form import FormScreen, Send, chosen
from counter.timing import clock_time


class RequeueScreen(FormScreen[dict[str, Any]]):
    def __init__(self, send: Send[dict[str, Any]], missed: list[dict[str, Any]]) -> None:
        super().__init__(send)
        self.missed = missed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("过号重新排队", classes="dialog-title")
            yield Label("本窗口今天过号的号票（↑↓ 选择，Enter 重新排队）：")
            yield OptionList(
                *[
                    Option(
                        f"{t['number']} {t.get('matter_name', t['matter'])} · "
                        f"叫号 {clock_time(t.get('called_at'))}",
                        id=t["id"],
                    )
                    for t in self.missed
                ],
                compact=True,
                id="ticket",
            )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("重新排队 (Ctrl+S)", id="submit", variant="primary", compact=True)
                yield Button("取消 (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ticket", OptionList).focus()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(OptionList.OptionSelected, "#ticket")
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        ticket = chosen(self.query_one("#ticket", OptionList))
        if ticket is None:
            self.error("请先选择号票。")
            return
        self.submit_with(ticket=ticket)
