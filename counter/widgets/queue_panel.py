"""The window's queue: how many wait per matter and class, and the next numbers in call order."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from counter.queueview import next_numbers, queue_lines

NEXT_SHOWN = 8


def queue_text(queue: list[dict[str, Any]], matters: dict[str, dict[str, Any]]) -> Text:
    if not queue:
        return Text("目前没有等候的办事群众。", style="dim")
    out = Text()
    for line in queue_lines(queue, matters):
        style = (
            "bold red"
            if line.queue_class == "urgent"
            else ("bold" if line.queue_class == "transferred" else "")
        )
        out.append(f"{line.matter_name} {line.class_name} ", style=style)
        out.append(f"{line.count} 人\n", style="bold")
    out.append("下一位：", style="bold")
    out.append(" ".join(next_numbers(queue, NEXT_SHOWN)))
    if len(queue) > NEXT_SHOWN:
        out.append(" …")
    return out


class QueuePanel(Static):
    def show(self, queue: list[dict[str, Any]], matters: dict[str, dict[str, Any]]) -> None:
        self.border_title = f"等候队列（{len(queue)} 人）"
        self.update(queue_text(queue, matters))
