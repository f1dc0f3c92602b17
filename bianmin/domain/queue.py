"""Queue order (the one home of it): which waiting ticket a window calls next, and how many
are ahead of one.

Order within a queue: urgent, then transferred-in, then appointment, then priority, then
normal; first come, first served within a class, then the lower serial, then the id. A ticket
waits either in its matter's queue (any window serving the matter may call it) or in one
window's own queue (transferred there). A window merges its own queue and those of the matters
it serves by that order; with `strict_matter_order`, its own queue and then its matters in
their configured order win over an earlier arrival of the same class.

`call_key` and `call_order` read plain fields (`Queued`), so a client's copy of the hall (the
counter) orders its queue with the very rule `WaitingQueues` calls by.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from bianmin.domain.catalog import Window
from bianmin.domain.types import QUEUE_CLASS_RANK, QueueClass

QueueKey = tuple[str, str]  # ("matter", "A") or ("window", "3")
SortKey = tuple[int, float, int, str]  # class rank, enqueued at, serial, id: within one queue
CallKey = tuple[int, int, float, int, str]  # the same, with the queue's place at a window


class Queued(Protocol):
    """What queue order reads of a waiting ticket: a `Ticket`, or a client's `WaitingTicket`."""

    @property
    def id(self) -> str: ...
    @property
    def serial(self) -> int: ...
    @property
    def queue_class(self) -> QueueClass: ...
    @property
    def queue_matter(self) -> str: ...
    @property
    def target_window(self) -> int | None: ...
    @property
    def enqueued_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class WaitingTicket:
    """A waiting ticket as a client's copy of the hall holds it."""

    id: str
    serial: int
    queue_class: QueueClass
    queue_matter: str
    target_window: int | None
    enqueued_at: datetime


def queue_key(ticket: Queued) -> QueueKey:
    if ticket.target_window is not None:
        return ("window", str(ticket.target_window))
    return ("matter", ticket.queue_matter)


def sort_key(ticket: Queued) -> SortKey:
    return (
        QUEUE_CLASS_RANK[ticket.queue_class],
        ticket.enqueued_at.timestamp(),
        ticket.serial,
        ticket.id,
    )


def _lines_of(window: Window) -> list[tuple[int, QueueKey]]:
    """The queues a window calls from, with their place: its own first, then its matters."""
    lines: list[tuple[int, QueueKey]] = [(-1, ("window", str(window.number)))]
    return lines + [(i, ("matter", prefix)) for i, prefix in enumerate(window.matters)]


def _merged(key: SortKey, place: int, window: Window) -> CallKey:
    rank, ts, serial, tid = key
    return (rank, place if window.strict_matter_order else 0, ts, serial, tid)


def call_key(ticket: Queued, window: Window) -> CallKey | None:
    """Where `window` calls `ticket` among all it may call; None when it may not call it."""
    queue = queue_key(ticket)
    place = next((p for p, line in _lines_of(window) if line == queue), None)
    return None if place is None else _merged(sort_key(ticket), place, window)


Q = TypeVar("Q", bound=Queued)


def call_order(window: Window, waiting: Iterable[Q]) -> list[Q]:
    """The waiting tickets `window` may call, in the order it calls them."""
    keyed = [(key, t) for t in waiting if (key := call_key(t, window)) is not None]
    keyed.sort(key=lambda kt: kt[0])
    return [t for _, t in keyed]


@dataclass(slots=True)
class _Entry:
    queue: QueueKey
    key: SortKey


class WaitingQueues:
    """Sorted waiting lines, one per matter and one per window that has tickets sent to it."""

    def __init__(self) -> None:
        self._lines: dict[QueueKey, list[SortKey]] = {}
        self._entries: dict[str, _Entry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, ticket_id: object) -> bool:
        return ticket_id in self._entries

    def add(self, ticket: Queued) -> None:
        self.discard(ticket.id)
        entry = _Entry(queue_key(ticket), sort_key(ticket))
        bisect.insort(self._lines.setdefault(entry.queue, []), entry.key)
        self._entries[ticket.id] = entry

    def discard(self, ticket_id: str) -> None:
        entry = self._entries.pop(ticket_id, None)
        if entry is None:
            return
        line = self._lines[entry.queue]
        del line[bisect.bisect_left(line, entry.key)]

    def ahead(self, ticket_id: str) -> int:
        """How many in the same line will be called before this ticket."""
        entry = self._entries.get(ticket_id)
        if entry is None:
            return 0
        return bisect.bisect_left(self._lines[entry.queue], entry.key)

    def count(self, queue: QueueKey) -> int:
        return len(self._lines.get(queue, ()))

    def next_for(self, window: Window) -> str | None:
        """The ticket `window` calls next, or None when nobody waits for it."""
        heads = [_merged(line[0], place, window)
                 for place, queue in _lines_of(window) if (line := self._lines.get(queue))]
        return min(heads)[4] if heads else None

    def upcoming(self, window: Window, limit: int) -> list[str]:
        """The next `limit` tickets this window would call, in order."""
        keyed = [_merged(key, place, window)
                 for place, queue in _lines_of(window)
                 for key in self._lines.get(queue, [])[:limit]]
        keyed.sort()
        return [k[4] for k in keyed[:limit]]

    def ids(self) -> Iterator[str]:
        return iter(self._entries)
