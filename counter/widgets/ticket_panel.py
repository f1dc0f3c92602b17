"""The ticket at the window: number, matter, class, the resident's steps, a running timer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widgets import Static

from counter.queueview import CLASS_NAMES
from counter.timing import Level, step_times, ticket_timer

TIMER_STYLES = {
    Level.IDLE: "bold",
    Level.OK: "bold green",
    Level.NEAR: "bold black on yellow",
    Level.OVER: "bold white on red",
}


def ticket_text(
    ticket: dict[str, Any] | None,
    rules: dict[str, Any],
    now: datetime,
    *,
    paused: bool,
) -> Text:
    if ticket is None:
        hint = (
            "本窗口已暂停服务，按 P 恢复后再叫号。" if paused else "当前没有号票，按 C 叫下一位。"
        )
        return Text(hint, style="dim")
    out = Text()
    out.append(f"{ticket['number']}", style="bold reverse")
    out.append(f"  {ticket.get('matter_name', ticket['matter'])}")
    out.append(f" · {CLASS_NAMES.get(ticket['queue_class'], ticket['queue_class'])}")
    state = ticket.get("state_name", ticket["state"])
    out.append(f" · {state}", style="bold")
    if ticket["state"] == "called":
        need = int(rules.get("recalls_before_no_show", 0))
        out.append(f"（已重呼 {ticket['recalls']} 次")
        left = need - int(ticket["recalls"])
        out.append(f"，再重呼 {left} 次后可过号）" if left > 0 else "，可按过号处理）")
    out.append("\n")
    out.append(" · ".join(f"{label} {value}" for label, value in step_times(ticket)))
    out.append("\n")
    timer = ticket_timer(ticket, now)
    out.append(f" {timer.text} ", style=TIMER_STYLES[timer.level])
    if ticket.get("owner_name") and ticket.get("owner") != ticket.get("clerk"):
        out.append(f"\n首问责任人：{ticket['owner_name']}（{ticket['owner_window']}号窗口）")
    if ticket.get("transfers") and ticket.get("note"):
        out.append("\n转办说明：", style="bold")
        out.append(str(ticket["note"]))
    return out


class TicketPanel(Static):
    BORDER_TITLE = "当前号票"

    def show(
        self,
        ticket: dict[str, Any] | None,
        rules: dict[str, Any],
        now: datetime,
        *,
        paused: bool,
    ) -> None:
        self.update(ticket_text(ticket, rules, now, paused=paused))
