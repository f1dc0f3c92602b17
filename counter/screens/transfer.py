"""Transfer (转办): to another window or to a matter's queue, always with a reason.

The ticket goes to the front of its class at the target and this clerk stays its first
responder. A window nobody sits at can still be chosen: the ticket waits there with the note.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from counter.forms import TRANSFER_REASONS
from counter.screens.form import FormScreen, Send, chosen

STATUS_WORDS = {"open": "服务中", "paused": "暂停服务", "closed": "暂无人员，号票将在该窗口等候"}


def window_option(w: dict[str, Any]) -> Option:
    clerk = (w.get("clerk") or {}).get("name")
    words = STATUS_WORDS.get(w["status"], w["status"])
    text = f"{w['number']}号窗口 {w['department']} · {words}" + (f" · {clerk}" if clerk else "")
    return Option(text, id=f"w:{w['number']}")


def matter_option(m: dict[str, Any]) -> Option:
    windows = "、".join(f"{n}号" for n in m.get("windows", []))
    return Option(
        f"按事项：{m['name']}（{m['prefix']}）· 办理窗口 {windows or '无'}", id=f"m:{m['prefix']}"
    )


class TransferScreen(FormScreen[dict[str, Any]]):
    def __init__(
        self,
        send: Send[dict[str, Any]],
        ticket: dict[str, Any],
        windows: list[dict[str, Any]],
        matters: list[dict[str, Any]],
        here: int,
    ) -> None:
        super().__init__(send)
        self.ticket = ticket
        self.windows = [w for w in windows if w["number"] != here]
        # A matter only this window serves would come straight back here.
        self.matters = [m for m in matters if set(m.get("windows", [])) - {here}]

    def compose(self) -> ComposeResult:
        t = self.ticket
        with Vertical(classes="dialog"):
            yield Static(
                f"转办 {t['number']}（{t.get('matter_name', t['matter'])}）", classes="dialog-title"
            )
            yield Label("转到哪里（↑↓ 选择）：")
            targets = [window_option(w) for w in sorted(self.windows, key=lambda w: w["number"])]
            targets += [matter_option(m) for m in self.matters]
            yield OptionList(*targets, compact=True, id="target")
            yield Label("转办原因（必填，对方窗口可见）：")
            yield Input(
                compact=True, placeholder="写明原因，或从下面选一条", id="reason", max_length=200
            )
            yield OptionList(
                *[Option(r, id=str(i)) for i, r in enumerate(TRANSFER_REASONS)],
                compact=True,
                id="reasons",
                classes="presets",
            )
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("转办 (Ctrl+S)", id="submit", variant="primary", compact=True)
                yield Button("取消 (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#target", OptionList).focus()

    @on(OptionList.OptionSelected, "#target")
    def target_picked(self) -> None:
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
        target = chosen(self.query_one("#target", OptionList))
        if target is None:
            self.error("请选择转办去向：一个窗口，或一个事项。")
            return
        kind, _, value = target.partition(":")
        reason = self.query_one("#reason", Input).value.strip()
        if kind == "w":
            self.submit_with(to_window=int(value), to_matter=None, reason=reason)
        else:
            self.submit_with(to_window=None, to_matter=value, reason=reason)
