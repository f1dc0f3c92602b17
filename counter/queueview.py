"""What a clerk reads about the window's queue: how many wait per matter and class, and the
next numbers in the order the hub will call them. Pure: reads the `HallMirror` and orders it
with the domain's own rule (`bianmin.domain.queue.call_order`), so no second copy of it here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bianmin.domain.catalog import Window
from bianmin.domain.queue import WaitingTicket, call_order
from bianmin.domain.types import QUEUE_CLASS_RANK, QueueClass, TicketState
from bianmin.mirror import HallMirror
from bianmin.wire.hall import MatterView
from bianmin.wire.tickets import TicketPublic

TicketT = TypeVar("TicketT", bound=TicketPublic)

CLASS_NAMES = {
    QueueClass.URGENT: "加急",
    QueueClass.TRANSFERRED: "转入",
    QueueClass.APPOINTMENT: "预约",
    QueueClass.PRIORITY: "优先",
    QueueClass.NORMAL: "普通",
}
# One character beside a number in the "next" line, so the class reads at a glance.
CLASS_MARKS = {
    QueueClass.URGENT: "急",
    QueueClass.TRANSFERRED: "转",
    QueueClass.APPOINTMENT: "约",
    QueueClass.PRIORITY: "优",
}


def waiting_ticket(t: TicketPublic) -> WaitingTicket:
    return WaitingTicket(id=t.id, serial=t.serial, queue_class=t.queue_class,
                         queue_matter=t.queue_matter, target_window=t.target_window,
                         enqueued_at=t.enqueued_at)


def window_queue(mirror: HallMirror[TicketT], number: int) -> list[TicketT]:
    """The tickets window `number` may call, in the order the hub calls them."""
    window = mirror.windows.get(number)
    if window is None:
        return []
    rule = Window(number, window.department, tuple(window.matters), window.strict_matter_order)
    waiting = {t.id: t for t in mirror.tickets.values() if t.state is TicketState.WAITING}
    return [waiting[w.id] for w in call_order(rule, map(waiting_ticket, waiting.values()))]


@dataclass(frozen=True, slots=True)
class QueueLine:
    matter: str
    matter_name: str
    queue_class: QueueClass
    count: int

    @property
    def class_name(self) -> str:
        return CLASS_NAMES[self.queue_class]


def queue_lines(
    queue: Sequence[TicketPublic], matters: Mapping[str, MatterView]
) -> list[QueueLine]:
    """Counts per (matter, class), most urgent class first; within a class, the matter
    whose first ticket is called sooner comes first."""
    counts: dict[tuple[str, QueueClass], int] = {}
    for t in queue:
        key = (t.queue_matter, t.queue_class)
        counts[key] = counts.get(key, 0) + 1
    keys = sorted(counts, key=lambda k: QUEUE_CLASS_RANK[k[1]])  # stable: keeps call order
    return [
        QueueLine(m, matters[m].name if m in matters else m, c, counts[(m, c)]) for m, c in keys
    ]


def label(ticket: TicketPublic) -> str:
    """`B004` or `B004转`: the number and, unless normal, its class mark."""
    return ticket.number + CLASS_MARKS.get(ticket.queue_class, "")


def next_numbers(queue: Sequence[TicketPublic], limit: int = 8) -> list[str]:
    return [label(t) for t in queue[:limit]]
