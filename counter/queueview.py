"""What a clerk reads about the window's queue: how many wait per matter and class, and the
next numbers in the order the hub will call them. Pure: reads `HallMirror.queue_for`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bianmin.mirror import CLASS_ORDER

CLASS_NAMES = {
    "urgent": "加急",
    "transferred": "转入",
    "appointment": "预约",
    "priority": "优先",
    "normal": "普通",
}
# One character beside a number in the "next" line, so the class reads at a glance.
CLASS_MARKS = {"urgent": "急", "transferred": "转", "appointment": "约", "priority": "优"}


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
    keys = sorted(counts, key=lambda k: CLASS_ORDER.index(k[1]))  # stable: keeps call order
    return [QueueLine(m, matters.get(m, {}).get("name", m), c, counts[(m, c)]) for m, c in keys]


def label(ticket: dict[str, Any]) -> str:
    """`B004` or `B004转`: the number and, unless normal, its class mark."""
    return str(ticket["number"]) + CLASS_MARKS.get(ticket["queue_class"], "")


def next_numbers(queue: list[dict[str, Any]], limit: int = 8) -> list[str]:
    return [label(t) for t in queue[:limit]]
