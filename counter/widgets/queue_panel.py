"""The window's queue: how many wait per matter and class, and the next numbers in call order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import Static

from bianmin.domain.types import QueueClass
from bianmin.wire.hall import MatterView
from bianmin.wire.tickets import TicketPublic
from counter.queueview import next_numbers, queue_lines

NEXT_SHOWN = 8
CLASS_STYLES = {QueueClass.URGENT: "bold red", QueueClass.TRANSFERRED: "bold"}


def queue_text(queue: Sequence[TicketPublic], matters: Mapping[str, MatterView]) -> Text:
    if not queue:
        return Text("目前没有等候的办事群众。", style="dim")
    out = Text()
    for line in queue_lines(queue, matters):
        style = CLASS_STYLES.get(line.queue_class, "")
        out.append(f"{line.matter_name} {line.class_name} ", style=style)
        out.append(f"{line.count} 人\n", style="bold")
    out.append("下一位：", style="bold")
    out.append(" ".join(next_numbers(queue, NEXT_SHOWN)))
    if len(queue) > NEXT_SHOWN:
        out.append(" …")
    return out


class QueuePanel(Static):
    def show(self, queue: Sequence[TicketPublic], matters: Mapping[str, MatterView]) -> None:
        self.border_title = f"等候队列（{len(queue)} 人）"
        self.update(queue_text(queue, matters))
