"""Pause (暂停服务) with a reason: the hall display shows the window as paused."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter.forms import PAUSE_REASONS
from counter.screens.form import FormScreen


class PauseScreen(FormScreen[dict[str, Any]]):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("暂停服务", classes="dialog-title")
            yield Label("暂停原因（必填）：")
            yield Input(
                compact=True, placeholder="写明原因，或从下面选一条", id="reason", max_length=100
            )
            yield OptionList(
                *[Option(r, id=str(i)) for i, r in enumerate(PAUSE_REASONS)],
                compact=True,
                id="reasons",
                classes="presets",
            )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("暂停 (Ctrl+S)", id="submit", variant="warning", compact=True)
                yield Button("取消 (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(OptionList.OptionSelected, "#reasons")
    def reason_picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#reason", Input).value = str(event.option.prompt)
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self.submit_with(reason=self.query_one("#reason", Input).value.strip())
