"""Queue order: which waiting ticket a window calls next, and how many are ahead of one.

Order within a queue: urgent, then transferred-in, then appointment, then priority, then
normal; first come, first served within a class. A ticket waits either in its matter's queue
(any window serving the matter may call it) or in one window's own queue (transferred there).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from bianmin.domain.catalog import Window
from bianmin.domain.ticket import Ticket
from bianmin.domain.types import QUEUE_CLASS_RANK

QueueKey = tuple[str, str]  # ("matter", "A") or ("window", "3")
SortKey = tuple[int, float, int, str]


def queue_key(ticket: Ticket) -> QueueKey:
    if ticket.target_window is not None:
        return ("window", str(ticket.target_window))
    return ("matter", ticket.queue_matter)


def sort_key(ticket: Ticket) -> SortKey:
    return (
        QUEUE_CLASS_RANK[ticket.queue_class],
        ticket.enqueued_at.timestamp(),
        ticket.serial,
        ticket.id,
    )


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

    def add(self, ticket: Ticket) -> None:
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
        best: tuple[int, int, float, int, str] | None = None
        lines: list[tuple[int, QueueKey]] = [(-1, ("window", str(window.number)))]
        lines += [(i, ("matter", prefix)) for i, prefix in enumerate(window.matters)]
        for order, queue in lines:
            line = self._lines.get(queue)
            if not line:
                continue
            rank, ts, serial, tid = line[0]
            candidate = (rank, order if window.strict_matter_order else 0, ts, serial, tid)
            if best is None or candidate < best:
                best = candidate
        return None if best is None else best[4]

    def upcoming(self, window: Window, limit: int) -> list[str]:
        """The next `limit` tickets this window would call, in order."""
        keyed: list[tuple[int, int, float, int, str]] = []
        lines: list[tuple[int, QueueKey]] = [(-1, ("window", str(window.number)))]
        lines += [(i, ("matter", prefix)) for i, prefix in enumerate(window.matters)]
        for order, queue in lines:
            for rank, ts, serial, tid in self._lines.get(queue, [])[:limit]:
                keyed.append((rank, order if window.strict_matter_order else 0, ts, serial, tid))
        keyed.sort()
        return [k[4] for k in keyed[:limit]]

    def ids(self) -> Iterator[str]:
        return iter(self._entries)
