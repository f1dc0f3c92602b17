"""How long until a waiting ticket is called (预计等候), from what the hall did today. Pure.

Each window that may call the ticket's line and is open (signed in, not paused) is a desk:

- it is free again once its present ticket is done: today's mean service time at that window
  for that matter, less what has passed since the call (never less than a quarter of it:
  a long service is likely to go on a while);
- first it calls what comes before the line there: its own queue (tickets transferred to it
  come first), and with `strict_matter_order` the matters listed before this one;
- then it calls the line's tickets for its share of the time: all of it, or (first come, first
  served among several matters) in proportion to how many wait in each;
- one ticket takes it one mean service time of that matter at that window.

The desks' calls are played forward in time until the ticket's turn comes. A service time is
from the call to the end of the ticket at the window (finished, transferred, no-show,
cancelled), so a resident's walk to the window and a no-show's wait are counted as they cost.
Before a window has served a matter today, the hall's mean for the matter stands in, and
before the hall has served it at all, a start taken from the matter's time limit; each mean
leans on the one above it until a few tickets have been served (`PRIOR_WEIGHT`).

Nobody can foresee who will be given priority later, nor a window opening or pausing; the
estimate is what the hall looks like now, and it is said as "about N minutes".
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from bianmin.domain.catalog import Catalog, Matter, Window
from bianmin.domain.queue import QueueKey
from bianmin.domain.windows import WindowState

PRIOR_WEIGHT = 3.0  # a mean leans on the one above it as if it were this many tickets
LEAST_REMAINING = 0.25  # a service past its mean still takes this part of the mean, at least
START_SHARE = 1 / 3  # before any data: this part of the matter's time limit ...
START_LEAST, START_MOST = 3.0, 20.0  # ... kept within these minutes
MIN_EVERY = 0.1  # minutes: a desk never calls faster than this


def starting_minutes(matter: Matter) -> float:
    """A service time to start the day with: a third of the matter's serving limit."""
    return min(START_MOST, max(START_LEAST, matter.time_limit_minutes * START_SHARE))


@dataclass(slots=True)
class _Sum:
    count: int = 0
    minutes: float = 0.0

    def add(self, minutes: float) -> None:
        self.count += 1
        self.minutes += minutes

    def lean(self, above: float, weight: float = PRIOR_WEIGHT) -> float:
        return (above * weight + self.minutes) / (weight + self.count)


@dataclass(slots=True)
class ServiceTimes:
    """Today's service times, per matter and per window and matter (minutes)."""

    day: date | None = None
    by_matter: dict[str, _Sum] = field(default_factory=dict)
    by_desk: dict[tuple[int, str], _Sum] = field(default_factory=dict)

    def record(self, day: date, window: int, matter: str, minutes: float) -> None:
        if day != self.day:  # a new day starts from the matters' starting times again
            self.day = day
            self.by_matter.clear()
            self.by_desk.clear()
        minutes = max(0.0, minutes)
        self.by_matter.setdefault(matter, _Sum()).add(minutes)
        self.by_desk.setdefault((window, matter), _Sum()).add(minutes)

    def served(self, day: date, matter: str) -> int:
        """How many tickets of `matter` the hall has timed today."""
        found = self.by_matter.get(matter) if day == self.day else None
        return 0 if found is None else found.count

    def mean(self, day: date, matter: Matter, window: int | None = None) -> float:
        """Mean minutes per ticket of `matter` (at `window`), as far as today tells."""
        start = starting_minutes(matter)
        if day != self.day:
            return start
        hall = self.by_matter.get(matter.prefix)
        overall = start if hall is None else hall.lean(start)
        desk = None if window is None else self.by_desk.get((window, matter.prefix))
        return overall if desk is None else desk.lean(overall)


@dataclass(frozen=True, slots=True)
class Desk:
    """A window as the estimate plays it forward (minutes from now)."""

    window: int
    free_at: float  # when it calls the first ticket of the line
    every: float  # minutes per ticket of the line
    share: float  # the part of its calls that go to the line (0 < share <= 1)


class Plan:
    """The calls of one line, played forward as far as asked: a desk calls at `free_at`, then
    every `every` minutes, and `share` of each call goes to the line."""

    def __init__(self, desks: list[Desk]) -> None:
        self.desks = desks
        self.ready = [(d.free_at, i) for i, d in enumerate(desks)]
        heapq.heapify(self.ready)
        self.calls = 0.0
        self.times: list[float] = []  # minutes from now until the line's 1st, 2nd ... call

    def at(self, position: int) -> float | None:
        """Minutes until the line's call number `position` (1: the next); None with no desk."""
        if not self.desks or position < 1:
            return None
        times, ready = self.times, self.ready
        while len(times) < position:
            at, i = heapq.heappop(ready)
            desk = self.desks[i]
            self.calls += desk.share
            while self.calls >= len(times) + 1 - 1e-9:
                times.append(at)
            heapq.heappush(ready, (at + desk.every, i))
        return times[position - 1]


def schedule(desks: list[Desk], count: int) -> list[float]:
    """Minutes from now until each of a line's next `count` tickets is called."""
    plan = Plan(desks)
    plan.at(count)
    return plan.times[:count]


@dataclass(frozen=True, slots=True)
class HallNow:
    """What the estimate reads of the hall now."""

    catalog: Catalog
    windows: Mapping[int, WindowState]
    current: Mapping[int, tuple[str, datetime]]  # window -> its ticket's matter, called at
    waiting: Callable[[QueueKey], int]  # how many wait in a line
    times: ServiceTimes
    day: date
    now: datetime


def desks(hall: HallNow, line: QueueKey, joining: int = 0) -> list[Desk]:
    """The open windows that call `line`, as desks. `joining`: tickets about to join the line
    (1 for the wait a ticket taken now would have), counted in each window's share."""
    catalog = hall.catalog
    open_windows = [catalog.windows[n] for n, state in hall.windows.items()
                    if n in catalog.windows and state.clerk is not None and not state.paused]
    # How many open windows call each matter: a line other windows also call takes less of
    # one window's time.
    servers: dict[QueueKey, int] = {}
    for window in open_windows:
        for prefix in window.matters:
            servers[("matter", prefix)] = servers.get(("matter", prefix), 0) + 1
    out = []
    for window in open_windows:
        number = window.number
        lines = _lines(window)
        if line not in lines:
            continue
        every = max(MIN_EVERY, _every(hall, window, line))
        free_at = _remaining(hall, window)
        place = lines.index(line)
        share = 1.0
        if window.strict_matter_order:
            before = lines[:place]  # its own queue, then the matters listed earlier
        else:
            before = [lines[0]] if place > 0 else []  # transferred to it: those come first
            if line[0] == "matter":
                mine = (hall.waiting(line) + joining) / servers[line]
                others = sum(hall.waiting(other) / servers[other]
                             for other in lines[1:] if other != line)
                share = mine / (mine + others) if mine else 1.0
        free_at += sum(hall.waiting(other) * _every(hall, window, other) for other in before)
        out.append(Desk(number, free_at, every, share))
    return out


class Board:
    """Estimates for one moment of the hall: each line is played forward once, however many of
    its tickets are asked about."""

    def __init__(self, hall: HallNow) -> None:
        self.hall = hall
        self._plans: dict[tuple[QueueKey, int], Plan] = {}

    def minutes(self, line: QueueKey, position: int, joining: int = 0) -> float | None:
        """Minutes until the ticket `position` in `line` (1: the next) is called; None when
        no open window calls that line. `joining`: see `desks`."""
        plan = self._plans.get((line, joining))
        if plan is None:
            plan = self._plans[(line, joining)] = Plan(desks(self.hall, line, joining))
        return plan.at(position)


def wait_minutes(hall: HallNow, line: QueueKey, position: int, joining: int = 0
                 ) -> float | None:
    """Minutes until the ticket `position` in `line` is called (see `Board.minutes`)."""
    return Board(hall).minutes(line, position, joining)


def shown(minutes: float | None) -> int | None:
    """Minutes as the hall says them: whole minutes up to 10, then to the nearest 5."""
    if minutes is None:
        return None
    if minutes < 10:
        return max(0, math.floor(minutes + 0.5))
    return int(5 * math.floor(minutes / 5 + 0.5))


def _lines(window: Window) -> list[QueueKey]:
    return [("window", str(window.number)), *(("matter", p) for p in window.matters)]


def _every(hall: HallNow, window: Window, line: QueueKey) -> float:
    """Minutes per ticket of `line` at `window`: for its own queue, the mean of what it
    serves."""
    matters = hall.catalog.matters
    if line[0] == "matter":
        matter = matters.get(line[1])
        return 0.0 if matter is None else hall.times.mean(hall.day, matter, window.number)
    served = [matters[p] for p in window.matters if p in matters]
    if not served:
        return 0.0
    return sum(hall.times.mean(hall.day, m, window.number) for m in served) / len(served)


def _remaining(hall: HallNow, window: Window) -> float:
    """Minutes until `window` is done with the ticket it has now (0 when it has none)."""
    found = hall.current.get(window.number)
    if found is None:
        return 0.0
    prefix, called_at = found
    matter = hall.catalog.matters.get(prefix)
    if matter is None:
        return 0.0
    mean = hall.times.mean(hall.day, matter, window.number)
    passed = max(0.0, (hall.now - called_at).total_seconds() / 60)
    return max(mean - passed, mean * LEAST_REMAINING)
