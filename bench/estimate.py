"""How good is the wait estimate (预计等候)? Simulated days of the demo hall, against the waits
that really followed.

Each day runs the domain itself (`bianmin.domain.hall.Hall`, decide then apply, as the hub does)
on a simulated clock from 08:30 to 17:00: residents arrive at random for each matter, more in
the morning; 5 % are given priority; each service takes a random time (log-normal around the
matter's own mean, from 4 minutes for an enquiry to 18 for real estate); 4 % do not come when
called (two recalls a minute apart, then no-show); half the windows pause for lunch, one after
the other. A clerk calls the next ticket half a minute after finishing, and the resident
reaches the window between 20 s and 90 s after the call.

When a ticket is issued its estimate is taken, as the kiosk, the display and the phone page
get it; the real wait is from issue to its first call. Printed: the median and 90th percentile
of the error in minutes (estimate minus real wait), overall and for waits over ten minutes,
beside the same figures for the starting values alone (no learning from the day); for an
ordinary day, and for a slow one whose services all take half as long again as usual.

Run: `.venv/bin/python -m bench.estimate [--days 5]`
"""

from __future__ import annotations

import argparse
import functools
import heapq
import itertools
import math
import random
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bench.common import percentile
from bianmin import sample
from bianmin.config import Config, load
from bianmin.domain import commands as cmd
from bianmin.domain import estimate
from bianmin.domain import events as ev
from bianmin.domain.catalog import Catalog
from bianmin.domain.errors import DomainError
from bianmin.domain.hall import Hall
from bianmin.domain.queue import queue_key
from bianmin.domain.types import Outcome, Priority, TicketState

DAY = date(2026, 12, 1)
OPEN, LAST_TICKET, CLOSE = time(8, 30), time(16, 30), time(17, 0)
# Mean service minutes per matter, and each matter's share of the residents.
SERVICE = {"A": 8, "B": 7, "C": 14, "D": 18, "E": 12, "F": 6, "G": 10, "H": 8, "J": 4}
MIX = {"A": 20, "B": 24, "C": 6, "D": 7, "E": 6, "F": 10, "G": 8, "H": 3, "J": 16}
SPREAD = 0.5  # sigma of the log-normal service time
# Residents an hour, by the hour they arrive in.
ARRIVALS = {8: 40, 9: 62, 10: 58, 11: 44, 12: 18, 13: 30, 14: 44, 15: 40, 16: 24}
PRIORITY_SHARE = 0.05
NO_SHOW_SHARE = 0.04
TURNAROUND = 0.5  # minutes from finishing one ticket to calling the next
WALK = (20 / 60, 90 / 60)  # minutes from the call to the resident at the window
LUNCH = {1: time(11, 45), 2: time(12, 0), 3: time(12, 15), 8: time(12, 30)}
LUNCH_MINUTES = 45
SLOW = 1.5


@dataclass
class Sample:
    estimate: int | None
    start_only: int | None
    issued: datetime
    real: float | None = None  # minutes from issue to first call


@dataclass
class Day:
    catalog: Catalog
    tz: object
    seed: int
    pace: float = 1.0  # every service takes this many times its usual mean
    hall: Hall = field(init=False)
    now: datetime = field(init=False)
    queue: list[tuple[datetime, int, Callable[[], object]]] = field(default_factory=list)
    samples: dict[str, Sample] = field(default_factory=dict)
    busy: set[int] = field(default_factory=set)
    paused: set[int] = field(default_factory=set)
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self.rnd = random.Random(self.seed)
        self.hall = Hall(self.catalog, self.tz)  # type: ignore[arg-type]
        self.now = datetime.combine(DAY, OPEN, self.tz)  # type: ignore[arg-type]
        self.requests = 0

    def at(self, when: datetime, action: Callable[[], object]) -> None:
        heapq.heappush(self.queue, (when, next(self.counter), action))

    def later(self, minutes: float, action: Callable[[], object]) -> None:
        self.at(self.now + timedelta(minutes=minutes), action)

    def do(self, command: cmd.Command) -> list[ev.Event]:
        events = self.hall.decide(command, self.now)
        for e in events:
            self.hall.apply(e)
        return events

    def run(self) -> None:
        clerks = {n: f"{1000 + n}" for n in self.catalog.windows}
        for n, staff in clerks.items():
            self.do(cmd.SignIn(window=n, clerk=staff))
        for n, start in LUNCH.items():
            self.at(self._clock(start), functools.partial(self.pause, n))
        self.arrivals()
        close = self._clock(CLOSE)
        while self.queue:
            when, _, action = heapq.heappop(self.queue)
            if when > close:
                break
            self.now = when
            action()

    def _clock(self, t: time) -> datetime:
        return datetime.combine(DAY, t, self.tz)  # type: ignore[arg-type]

    def arrivals(self) -> None:
        t = self.now
        last = self._clock(LAST_TICKET)
        matters, weights = list(MIX), list(MIX.values())
        while True:
            rate = ARRIVALS.get(t.hour, 0) / 60 / self.pace  # a minute
            t += timedelta(minutes=self.rnd.expovariate(rate) if rate else 60)
            if t > last:
                return
            matter = self.rnd.choices(matters, weights)[0]
            self.at(t, functools.partial(self.issue, matter))

    def issue(self, matter: str) -> None:
        self.requests += 1
        priority = Priority.PRIORITY if self.rnd.random() < PRIORITY_SHARE else Priority.NORMAL
        (e,) = self.do(cmd.IssueTicket(matter=matter, priority=priority,
                                       request_id=f"r{self.requests:06d}"))
        ticket = self.hall.tickets[e.ticket_id or ""]
        fresh = replace(self.hall.waits(self.now).hall, times=estimate.ServiceTimes())
        self.samples[ticket.id] = Sample(
            self.hall.wait_for(ticket, self.now), self._start_only(ticket.id, fresh), self.now)
        for n in self.catalog.windows:
            if n not in self.busy and n not in self.paused:
                self.later(TURNAROUND / 2, functools.partial(self.call, n))

    def _start_only(self, tid: str, fresh: estimate.HallNow) -> int | None:
        ticket = self.hall.tickets[tid]
        found = estimate.wait_minutes(fresh, queue_key(ticket),
                                      self.hall.queues.ahead(tid) + 1)
        return estimate.shown(found)

    def call(self, n: int) -> None:
        if n in self.busy or n in self.paused:
            return
        try:
            (e,) = self.do(cmd.CallNext(window=n, clerk=f"{1000 + n}"))
        except DomainError:
            return  # nobody waits for it: it calls again when someone comes
        tid = e.ticket_id or ""
        self.busy.add(n)
        taken = self.samples.get(tid)
        if taken is not None and taken.real is None:
            taken.real = (self.now - taken.issued).total_seconds() / 60
        if self.rnd.random() < NO_SHOW_SHARE:
            self.later(1, lambda: self.do(cmd.Recall(window=n, clerk=f"{1000 + n}", ticket=tid)))
            self.later(2, lambda: self.do(cmd.Recall(window=n, clerk=f"{1000 + n}", ticket=tid)))
            self.later(3, lambda: self.missed(n, tid))
            return
        self.later(self.rnd.uniform(*WALK), lambda: self.receive(n, tid))

    def missed(self, n: int, tid: str) -> None:
        self.do(cmd.NoShow(window=n, clerk=f"{1000 + n}", ticket=tid))
        self.free(n)

    def receive(self, n: int, tid: str) -> None:
        self.do(cmd.Receive(window=n, clerk=f"{1000 + n}", ticket=tid))
        matter = self.hall.tickets[tid].queue_matter
        mean = SERVICE[matter] * self.pace
        # A log-normal with this mean: mu = ln(mean) - sigma^2 / 2.
        minutes = self.rnd.lognormvariate(_mu(mean), SPREAD)
        self.later(minutes, lambda: self.finish(n, tid))

    def finish(self, n: int, tid: str) -> None:
        self.do(cmd.Finish(window=n, clerk=f"{1000 + n}", ticket=tid,
                           outcome=Outcome.IMMEDIATE))
        self.free(n)

    def free(self, n: int) -> None:
        self.busy.discard(n)
        self.later(TURNAROUND, lambda: self.call(n))

    def pause(self, n: int) -> None:
        if n in self.busy:  # a clerk finishes the resident in front of them first
            self.later(1, lambda: self.pause(n))
            return
        self.do(cmd.Pause(window=n, clerk=f"{1000 + n}", reason="午间休息"))
        self.paused.add(n)
        self.later(LUNCH_MINUTES, lambda: self.resume(n))

    def resume(self, n: int) -> None:
        self.do(cmd.Resume(window=n, clerk=f"{1000 + n}"))
        self.paused.discard(n)
        self.later(0, lambda: self.call(n))


def _mu(mean: float) -> float:
    return math.log(mean) - SPREAD**2 / 2


def errors(samples: list[Sample], start_only: bool, longer_than: float = -1.0) -> list[float]:
    out = []
    for s in samples:
        said = s.start_only if start_only else s.estimate
        if said is None or s.real is None or s.real <= longer_than:
            continue
        out.append(said - s.real)
    return out


def line(name: str, found: list[float]) -> str:
    size = [abs(e) for e in found]
    return (f"  {name:<44} n={len(found):5d}  |error| median {percentile(size, 50):5.1f} min, "
            f"p90 {percentile(size, 90):5.1f} min; bias (median) "
            f"{statistics.median(found):+5.1f} min")


def scenario(config: Config, days: int, pace: float, title: str) -> None:
    samples: list[Sample] = []
    left = 0
    for seed in range(days):
        day = Day(config.catalog, config.tz, seed, pace)
        day.run()
        samples += day.samples.values()
        left += sum(1 for t in day.hall.tickets.values() if t.state is TicketState.WAITING)
    waits = [s.real for s in samples if s.real is not None]
    print(f"{title}: {days} simulated days, {len(samples)} tickets ({left} still waiting at "
          f"closing); real waits median {statistics.median(waits):.1f} min, "
          f"p90 {percentile(waits, 90):.1f} min")
    print(line("with today's service times (what is shown)", errors(samples, False)))
    print(line("  the same, waits over ten minutes", errors(samples, False, 10)))
    print(line("starting values only, no learning", errors(samples, True)))
    print(line("  the same, waits over ten minutes", errors(samples, True, 10)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bianmin-estimate-") as tmp:
        path, _ = sample.write(Path(tmp), demo=True)
        config = load(path)
    print("Wait estimate (预计等候) against the real wait from issue to call, "
          "error = estimate - real:")
    scenario(config, args.days, 1.0, "An ordinary day of the demo hall")
    scenario(config, args.days, SLOW, f"A slow day (every service {SLOW:g} times as long; "
             "fewer residents)")


if __name__ == "__main__":
    main()
