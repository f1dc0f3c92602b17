"""The ticket at the window: number, matter, class, the resident's steps, a running timer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from bianmin.domain.appointments import HOME_VISIT_DEVICE
from bianmin.domain.types import TicketState
from bianmin.wire.hall import HallRules, MatterView
from bianmin.wire.tickets import TicketStaff
from counter.bundles import progress_line, step_lines
from counter.queueview import CLASS_NAMES
from counter.timing import Level, step_times, ticket_timer

TIMER_STYLES = {
    Level.IDLE: "bold",
    Level.OK: "bold green",
    Level.NEAR: "bold black on yellow",
    Level.OVER: "bold white on red",
}


def ticket_text(
    ticket: TicketStaff | None, rules: HallRules | None, now: datetime, *, paused: bool,
    matters: Mapping[str, MatterView] | None = None,
) -> Text:
    if ticket is None:
        hint = (
            "本窗口已暂停服务，按 P 恢复后再叫号。" if paused else "当前没有号票，按 C 叫下一位。"
        )
        return Text(hint, style="dim")
    out = Text()
    out.append(ticket.number, style="bold reverse")
    out.append(f"  {ticket.matter_name}")
    if ticket.device == HOME_VISIT_DEVICE:
        out.append(" · 上门服务", style="bold magenta")
    else:
        out.append(f" · {CLASS_NAMES[ticket.queue_class]}")
    out.append(f" · {ticket.state_name}", style="bold")
    if ticket.state is TicketState.CALLED:
        need = rules.recalls_before_no_show if rules else 0
        out.append(f"（已重呼 {ticket.recalls} 次")
        left = need - ticket.recalls
        out.append(f"，再重呼 {left} 次后可过号）" if left > 0 else "，可按过号处理）")
    out.append("\n")
    out.append(" · ".join(f"{label} {value}" for label, value in step_times(ticket)))
    out.append("\n")
    timer = ticket_timer(ticket, now)
    out.append(f" {timer.text} ", style=TIMER_STYLES[timer.level])
    if ticket.owner_name and ticket.owner != ticket.clerk:
        out.append(f"\n首问责任人：{ticket.owner_name}（{ticket.owner_window}号窗口）")
    if ticket.transfers and ticket.note:
        out.append("\n转办说明：", style="bold")
        out.append(ticket.note)
    if ticket.bundle is not None:
        out.append(f"\n{progress_line(ticket.bundle)}", style="bold cyan")
        for line in step_lines(ticket.bundle, ticket.steps_done, matters or {}):
            out.append(f"\n {line}", style="dim" if line.startswith("·") else "")
    return out


class TicketPanel(Static):
    BORDER_TITLE = "当前号票"

    def show(
        self, ticket: TicketStaff | None, rules: HallRules | None, now: datetime, *, paused: bool,
        matters: Mapping[str, MatterView] | None = None,
    ) -> None:
        self.update(ticket_text(ticket, rules, now, paused=paused, matters=matters))
