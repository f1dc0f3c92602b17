"""What a clerk reads about the window's queue: how many wait per matter and class, and the
next numbers in the order the hub will call them. Pure: reads the `HallMirror` and orders it
with the domain's own rule (`bianmin.domain.queue.call_order`), so no second copy of it here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bianmin.domain.catalog import Window
from bianmin.domain.queue import WaitingTicket, call_order
from bianmin.domain.types import QUEUE_CLASS_RANK, QueueClass
from bianmin.mirror import HallMirror

CLASS_NAMES = {
    "urgent": "加急",
    "transferred": "转入",
    "appointment": "预约",
    "priority": "优先",
    "normal": "普通",
}
# One character beside a number in the "next" line, so the class reads at a glance.
CLASS_MARKS = {"urgent": "急", "transferred": "转", "appointment": "约", "priority": "优"}


def waiting_ticket(ticket: dict[str, Any]) -> WaitingTicket:
    return WaitingTicket(
        id=ticket["id"],
        serial=int(ticket["serial"]),
        queue_class=QueueClass(ticket["queue_class"]),
        queue_matter=ticket["queue_matter"],
        target_window=ticket["target_window"],
        enqueued_at=datetime.fromisoformat(ticket["enqueued_at"]),
    )


def window_queue(mirror: HallMirror, number: int) -> list[dict[str, Any]]:
    """The tickets window `number` may call, in the order the hub calls them."""
    window = mirror.windows.get(number)
    if window is None:
        return []
    rule = Window(number, window.get("department", ""), tuple(window["matters"]),
                  bool(window.get("strict_matter_order")))
    waiting = {t["id"]: t for t in mirror.tickets.values() if t["state"] == "waiting"}
    return [waiting[w.id] for w in call_order(rule, map(waiting_ticket, waiting.values()))]


@dataclass(frozen=True, slots=True)
class QueueLine:
    matter: str
    matter_name: str
    queue_class: str
    count: int

    @property
    def class_name(self) -> str:
        return CLASS_NAMES.get(self.queue_class, self.queue_class)


def queue_lines(queue: list[dict[str, Any]], matters: dict[str, dict[str, Any]]) -> list[QueueLine]:
    """Counts per (matter, class), most urgent class first; within a class, the matter
    whose first ticket is called sooner comes first."""
    counts: dict[tuple[str, str], int] = {}
    for t in queue:
        key = (t["queue_matter"], t["queue_class"])
        counts[key] = counts.get(key, 0) + 1
    keys = sorted(counts, key=lambda k: QUEUE_CLASS_RANK[QueueClass(k[1])])  # stable: call order
    return [QueueLine(m, matters.get(m, {}).get("name", m), c, counts[(m, c)]) for m, c in keys]


def label(ticket: dict[str, Any]) -> str:
    """`B004` or `B004转`: the number and, unless normal, its class mark."""
    return str(ticket["number"]) + CLASS_MARKS.get(ticket["queue_class"], "")


def next_numbers(queue: list[dict[str, Any]], limit: int = 8) -> list[str]:
    return [label(t) for t in queue[:limit]]
