"""Queue figures: what adding, removing and "N ahead" cost as a line grows.

Run: `.venv/bin/python -m bench.queue`. One matter's line of N waiting tickets in the domain's
`WaitingQueues`; for each N, the time of: `ahead` of a ticket in the middle (bisect: log N),
`add` of a ticket that goes to the front of its line (an urgent or transferred ticket; insort
moves the whole list along) and `discard` of the first (the call: the list moves back), and
`next_for`, the call's own look-up. Pure Python, no hub.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bianmin.domain.catalog import Window
from bianmin.domain.queue import WaitingQueues, WaitingTicket
from bianmin.domain.types import QueueClass

SIZES = (100, 1_000, 10_000, 100_000)
REPEAT = 2_000
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WINDOW = Window(1, "综合", ("A",))


def line(n: int) -> tuple[WaitingQueues, list[WaitingTicket]]:
    queues = WaitingQueues()
    tickets = [WaitingTicket(f"20261127-A{i:06d}", i, QueueClass.NORMAL, "A", None,
                             T0 + timedelta(seconds=i)) for i in range(1, n + 1)]
    for t in tickets:
        queues.add(t)
    return queues, tickets


def per_call_us(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    for _ in range(REPEAT):
        action()
    return (time.perf_counter() - start) / REPEAT * 1e6


def main() -> None:
    print(f"{'waiting':>8} {'ahead µs':>9} {'front add+call µs':>18} {'next_for µs':>12}")
    for n in SIZES:
        queues, tickets = line(n)
        middle = tickets[n // 2].id
        urgent = replace(tickets[0], id="20261127-A999999", queue_class=QueueClass.URGENT)

        def front_add_and_call(q: WaitingQueues = queues, u: WaitingTicket = urgent) -> None:
            q.add(u)  # to the front: insort moves every key along
            q.discard(u.id)  # called: every key moves back

        ahead = per_call_us(partial(queues.ahead, middle))
        churn = per_call_us(front_add_and_call)
        nxt = per_call_us(partial(queues.next_for, WINDOW))
        assert queues.ahead(middle) == n // 2
        print(f"{n:>8} {ahead:>9.2f} {churn:>18.2f} {nxt:>12.2f}")


if __name__ == "__main__":
    main()
