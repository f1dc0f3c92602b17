"""Mark urgent (急事急办、特事特办): pick a waiting ticket from the queue and say why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter.forms import URGENT_REASONS
from counter.queueview import CLASS_NAMES
from counter.screens.form import FormScreen, Send, chosen
from counter.timing import duration, parse


def waiting_option(t: dict[str, Any], now: datetime) -> Option:
    since = parse(t.get("issued_at"))
    waited = f" · 已等 {duration(now - since)}" if since else ""
    klass = CLASS_NAMES.get(t["queue_class"], t["queue_class"])
    return Option(
        f"{t['number']} {t.get('matter_name', t['matter'])} · {klass}{waited}", id=t["id"]
    )


class UrgentScreen(FormScreen[dict[str, Any]]):
    def __init__(
        self, send: Send[dict[str, Any]], queue: list[dict[str, Any]], now: datetime
    ) -> None:
        super().__init__(send)
        self.queue = [t for t in queue if t["queue_class"] != "urgent"]
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("设为加急（急事急办、特事特办）", classes="dialog-title")
            yield Label("等候中的号票（↑↓ 选择）：")
            yield OptionList(
                *[waiting_option(t, self.now) for t in self.queue], compact=True, id="ticket"
            )
            yield Label("加急原因（必填）：")
            yield Input(
                compact=True, placeholder="写明原因，或从下面选一条", id="reason", max_length=200
            )
            yield OptionList(
                *[Option(r, id=str(i)) for i, r in enumerate(URGENT_REASONS)],
                compact=True,
                id="reasons",
                classes="presets",
            )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("设为加急 (Ctrl+S)", id="submit", variant="error", compact=True)
                yield Button("取消 (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ticket", OptionList).focus()

    @on(OptionList.OptionSelected, "#ticket")
    def ticket_picked(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(OptionList.OptionSelected, "#reasons")
    def reason_picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#reason", Input).value = str(event.option.prompt)
        self.query_one("#reason", Input).focus()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        ticket = chosen(self.query_one("#ticket", OptionList))
        if ticket is None:
            self.error("请先选择要加急的号票。")
            return
        self.submit_with(ticket=ticket, reason=self.query_one("#reason", Input).value.strip())
