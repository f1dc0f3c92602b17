"""The day's figures (考核), read from the events, exact to the second.

Per matter, window and clerk over any range of local days: tickets issued, served, no-shows,
cancelled and expired; waiting time (from joining a queue to being called) and service time
(from being received to being finished or transferred), each as mean, median and 90th
percentile in seconds; transfers out and in; outcomes by class; overdue 即办件 (the flag the
finish recorded, decided by `bianmin.domain.limits`); ratings (the five levels of
`bianmin.domain.cases.RATINGS`); complaints; home visits; tickets the front desk moved to
another matter's queue (counted for the matter they were taken for).

A correction (更正) counts with the finish it corrects, whenever it was approved: the figures
of the finish's days show the corrected outcome and count the correction against the clerk
and window whose finish it was.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from itertools import chain
from zoneinfo import ZoneInfo

from bianmin.domain import events as ev
from bianmin.domain import office_events as oe
from bianmin.domain.catalog import Catalog
from bianmin.domain.types import Outcome

DIMENSIONS = ("matter", "window", "clerk")
DIMENSION_NAMES = {"all": "全中心", "matter": "事项", "window": "窗口", "clerk": "工作人员",
                   "county": "全县", "center": "中心"}


@dataclass
class Tally:
    issued: int = 0
    served: int = 0
    no_shows: int = 0
    cancelled: int = 0
    expired: int = 0
    transfers_out: int = 0
    transfers_in: int = 0
    overdue: int = 0
    complaints: int = 0
    promises_late: int = 0
    corrections: int = 0
    moved: int = 0
    home_visits: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    ratings: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        """Fold in another tally: the figures of a range of days are the sum of its days',
        a county's the sum of its centers' (the times are kept, so medians stay exact)."""
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.waits.extend(other.waits)
        self.services.extend(other.services)
        self.outcomes.update(other.outcomes)
        self.ratings.update(other.ratings)


COUNTS = tuple(f.name for f in fields(Tally) if f.type in (int, "int"))


def nearest_rank(p: float, n: int) -> int:
    """Where the p-th percentile of n sorted values is (0-based): the nearest rank, the
    smallest value with at least p% of values at or below it."""
    return max(0, math.ceil(p / 100 * n) - 1)


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[nearest_rank(p, len(ordered))]


def _stats(values: list[float]) -> dict[str, float | None]:
    """Mean, median and 90th percentile of times in seconds, to a tenth of a second."""
    if not values:
        return {"mean": None, "median": None, "p90": None}
    ordered = sorted(values)
    return {"mean": round(math.fsum(ordered) / len(ordered), 1),
            "median": round(statistics.median(ordered), 1),
            "p90": round(ordered[nearest_rank(90, len(ordered))], 1)}


def stats_of_runs(runs: Sequence[Sequence[float]]) -> dict[str, float | None]:
    """`_stats` of the values of `runs` together, each run sorted, without merging them (a
    county's times from its centers'): the k-th smallest found by selection, the mean by an
    exact sum, so the answer is that of their concatenation, to the last bit."""
    n = sum(len(r) for r in runs)
    if n == 0:
        return {"mean": None, "median": None, "p90": None}

    def kth(k: int) -> float:
        lo = [0] * len(runs)
        hi = [len(r) for r in runs]
        while True:
            if sum(b - a for a, b in zip(lo, hi, strict=True)) <= 2048:  # few left: sort them
                return sorted(chain.from_iterable(
                    r[a:b] for r, a, b in zip(runs, lo, hi, strict=True)))[k]
            # The pivot: the median of the windows' middles, weighted by the windows' sizes,
            # so each round leaves out about a quarter of what is left, or more.
            middles = sorted((r[(a + b) // 2], b - a) for r, a, b in zip(runs, lo, hi, strict=True)
                             if a < b)
            half, seen, pivot = sum(w for _, w in middles) / 2, 0, middles[-1][0]
            for value, weight in middles:
                seen += weight
                if seen >= half:
                    pivot = value
                    break
            below = [bisect_left(r, pivot, a, b) for r, a, b in zip(runs, lo, hi, strict=True)]
            upto = [bisect_right(r, pivot, c, b) for r, c, b in zip(runs, below, hi,
                                                                    strict=True)]
            fewer = sum(c - a for c, a in zip(below, lo, strict=True))
            many = sum(c - a for c, a in zip(upto, lo, strict=True))
            if k < fewer:
                hi = below
            elif k < many:
                return pivot
            else:
                k -= many
                lo = upto

    middle = kth(n // 2) if n % 2 else (kth(n // 2 - 1) + kth(n // 2)) / 2
    return {"mean": round(math.fsum(chain.from_iterable(runs)) / n, 1),
            "median": round(middle, 1), "p90": round(kth(nearest_rank(90, n)), 1)}


@dataclass
class _Life:
    matter: str
    enqueued_at: datetime
    received_at: datetime | None = None
    window: int | None = None
    clerk: str | None = None
    transferred: bool = False
    finisher: tuple[int, str] | None = None
    outcome: str = ""
    overdue: bool = False
    finish_counted: bool = False  # its finish fell in the range: a correction follows it


class Figures:
    """Fold events into tallies per dimension; `rows()` gives the table."""

    def __init__(self, catalog: Catalog, tz: ZoneInfo, since: date, until: date) -> None:
        self.catalog, self.tz, self.since, self.until = catalog, tz, since, until
        self.tallies: dict[tuple[str, str], Tally] = {}
        self.lives: dict[str, _Life] = {}
        self.by_day: dict[date, Counter[str]] = {}
        self.by_hour: Counter[int] = Counter()
        self._counting = True

    def _t(self, dimension: str, key: object) -> Tally:
        found = self.tallies.get((dimension, str(key)))
        if found is None:  # made only when first needed: a Tally is not cheap to make
            found = self.tallies[(dimension, str(key))] = Tally()
        return found

    def _all(self, life: _Life | None, window: int | None, clerk: str | None) -> list[Tally]:
        if not self._counting:
            return []
        out = [self._t("all", "")]
        if life is not None:
            out.append(self._t("matter", life.matter))
        if window is not None:
            out.append(self._t("window", window))
        if clerk:
            out.append(self._t("clerk", clerk))
        return out

    def add(self, events: Iterable[ev.Event]) -> Figures:
        """Fold events in, in order. Events before the range only follow the tickets they
        touch (a promise kept today of a ticket issued last week) and count for nothing."""
        for e in events:
            day = e.at.astimezone(self.tz).date()
            if day > self.until:
                if not isinstance(e, ev.TicketCorrected):
                    continue
                self._counting = False  # it counts only with its finish: see _one
            else:
                self._counting = day >= self.since
            self._one(e, day)
        return self

    def _one(self, e: ev.Event, day: date) -> None:
        tid = e.ticket_id
        life = self.lives.get(tid) if tid else None
        daily = self.by_day.setdefault(day, Counter()) if self._counting else Counter()
        match e:
            case ev.TicketIssued():
                life = self.lives[e.ticket] = _Life(e.matter, e.at)
                for t in self._all(life, None, None):
                    t.issued += 1
                daily["issued"] += 1
                if self._counting:
                    self.by_hour[e.at.astimezone(self.tz).hour] += 1
            case ev.TicketCalled() if life is not None:
                life.window, life.clerk = e.window, e.clerk
                wait = (e.at - life.enqueued_at).total_seconds()
                for t in self._all(life, e.window, e.clerk):
                    t.waits.append(wait)
            case ev.TicketReceived() if life is not None:
                life.received_at = e.at
                if life.transferred:
                    for t in self._all(life, e.window, e.clerk):
                        t.transfers_in += 1
                    life.transferred = False
            case ev.TicketTransferred() if life is not None:
                self._served_segment(life, e.at, e.window, e.clerk)
                for t in self._all(life, e.window, e.clerk):
                    t.transfers_out += 1
                life.matter = e.to_matter or life.matter
                life.enqueued_at, life.transferred, life.received_at = e.at, True, None
            case ev.TicketFinished() if life is not None:
                self._served_segment(life, e.at, e.window, e.clerk)
                life.finisher = (e.window, e.clerk)
                life.outcome, life.overdue = e.outcome.value, e.overdue
                life.finish_counted = self._counting
                for t in self._all(life, e.window, e.clerk):
                    t.served += 1
                    t.outcomes[e.outcome.value] += 1
                    t.overdue += int(e.overdue)
                daily["served"] += 1
            case ev.TicketCorrected() if life is not None and life.finish_counted:
                self._counting = True  # it counts with its finish, which was in the range
                by_window, by_clerk = life.finisher or (e.window, e.clerk)
                for t in self._all(life, by_window, by_clerk):
                    t.outcomes[life.outcome] -= 1
                    t.outcomes[e.outcome.value] += 1
                    t.overdue += int(e.overdue) - int(life.overdue)
                    t.corrections += 1
                life.outcome, life.overdue = e.outcome.value, e.overdue
            case ev.TicketMoved() if life is not None:
                for t in self._all(life, None, None):
                    t.moved += 1
                life.matter = e.to_matter
            case oe.HomeVisitStarted() if life is not None:
                life.window, life.clerk, life.received_at = e.window, e.clerk, e.at
                for t in self._all(life, e.window, e.clerk):
                    t.home_visits += 1
            case ev.PromiseKept(late=True) if life is not None:
                finisher = life.finisher
                for t in self._all(life, finisher[0] if finisher else None,
                                   finisher[1] if finisher else e.clerk):
                    t.promises_late += 1
            case ev.TicketMissed() if life is not None:
                for t in self._all(life, e.window, e.clerk):
                    t.no_shows += 1
            case ev.TicketRequeued() if life is not None:
                life.enqueued_at = e.at
            case ev.BundleMovedOn() if life is not None:
                # the next step of a bundle: waited for and served under its own matter
                life.matter, life.enqueued_at, life.received_at = e.to_matter, e.at, None
            case ev.TicketCancelled() if life is not None:
                for t in self._all(life, e.window, e.clerk if e.window else None):
                    t.cancelled += 1
            case ev.TicketExpired() if life is not None:
                for t in self._all(life, None, None):
                    t.expired += 1
            case oe.TicketRated() if life is not None:
                window, clerk = life.finisher or (e.window, None)
                for t in self._all(life, window, clerk):
                    t.ratings[e.rating] += 1
                daily[f"rating-{e.rating}"] += 1
            case oe.ComplaintLodged():
                for t in self._all(None, e.window, e.clerk):
                    t.complaints += 1
                daily["complaints"] += 1

    def _served_segment(self, life: _Life, at: datetime, window: int, clerk: str) -> None:
        if life.received_at is not None:
            service = (at - life.received_at).total_seconds()
            for t in self._all(life, window, clerk):
                t.services.append(service)

    def label(self, dimension: str, key: str) -> str:
        if dimension == "matter":
            m = self.catalog.matter(key)
            return f"{key} {m.name}" if m else key
        if dimension == "window":
            w = self.catalog.window(int(key))
            return f"{key}号窗口 {w.department}" if w else f"{key}号窗口"
        if dimension == "clerk":
            return f"{key} {self.catalog.clerk_name(key)}"
        return "全中心"

    def rows(self) -> list[dict[str, object]]:
        order = {"all": 0, "matter": 1, "window": 2, "clerk": 3}

        def sort_key(item: tuple[tuple[str, str], Tally]) -> tuple[int, int, str]:
            (dim, key), _ = item
            return (order[dim], int(key) if key.isdigit() and dim == "window" else 0, key)

        return [row(dim, key, self.label(dim, key), t)
                for (dim, key), t in sorted(self.tallies.items(), key=sort_key)]

    def daily(self) -> list[dict[str, object]]:
        return [{"day": d.isoformat(), "issued": c["issued"], "served": c["served"],
                 "complaints": c["complaints"], "satisfied": c["rating-satisfied"],
                 "basic": c["rating-basic"], "unsatisfied": c["rating-unsatisfied"],
                 "very_satisfied": c["rating-very-satisfied"],
                 "very_unsatisfied": c["rating-very-unsatisfied"]}
                for d, c in sorted(self.by_day.items())]

    def hourly(self) -> list[dict[str, int]]:
        return [{"hour": h, "issued": self.by_hour[h]} for h in range(24) if self.by_hour[h]]


def row(dimension: str, key: str, label: str, t: Tally,
        times: tuple[dict[str, float | None], dict[str, float | None]] | None = None
        ) -> dict[str, object]:
    """One line of the figures: a tally's counts, and its times as mean, median and 90th
    percentile (or `times`, the waits' and services' found by `stats_of_runs`)."""
    wait, service = times or (_stats(t.waits), _stats(t.services))
    return {
        "dimension": dimension, "key": key, "label": label,
        "issued": t.issued, "served": t.served, "no_shows": t.no_shows,
        "cancelled": t.cancelled, "expired": t.expired,
        "wait_mean": wait["mean"], "wait_median": wait["median"], "wait_p90": wait["p90"],
        "service_mean": service["mean"], "service_median": service["median"],
        "service_p90": service["p90"],
        "transfers_out": t.transfers_out, "transfers_in": t.transfers_in,
        **{f"outcome_{o.value}": t.outcomes[o.value] for o in Outcome},
        "overdue": t.overdue,
        "rating_satisfied": t.ratings["satisfied"], "rating_basic": t.ratings["basic"],
        "rating_unsatisfied": t.ratings["unsatisfied"],
        "complaints": t.complaints,
        "promises_late": t.promises_late,
        # 好差评's two outer levels (bianmin.domain.cases.RATINGS)
        "rating_very_satisfied": t.ratings["very-satisfied"],
        "rating_very_unsatisfied": t.ratings["very-unsatisfied"],
        "corrections": t.corrections,
        "moved": t.moved,
        "home_visits": t.home_visits,
    }


COLUMNS: list[tuple[str, str]] = [
    ("dimension", "维度"), ("key", "代号"), ("label", "名称"),
    ("issued", "取号数"), ("served", "办结数"), ("no_shows", "过号"), ("cancelled", "取消"),
    ("expired", "过期"), ("wait_mean", "平均等候(秒)"), ("wait_median", "等候中位数(秒)"),
    ("wait_p90", "等候90分位(秒)"), ("service_mean", "平均办理(秒)"),
    ("service_median", "办理中位数(秒)"), ("service_p90", "办理90分位(秒)"),
    ("transfers_out", "转出"), ("transfers_in", "转入"),
    ("outcome_consultation", "咨询件"), ("outcome_immediate", "即办件"),
    ("outcome_promised", "承诺件"), ("outcome_supplement", "补充件"),
    ("outcome_returned", "退回件"), ("outcome_petition", "信访件"),
    ("outcome_escalated", "上报件"), ("overdue", "超时"), ("rating_very_satisfied", "非常满意"),
    ("rating_satisfied", "满意"), ("rating_basic", "基本满意"), ("rating_unsatisfied", "不满意"),
    ("rating_very_unsatisfied", "非常不满意"), ("complaints", "投诉"),
    ("promises_late", "承诺超期"), ("corrections", "更正"), ("moved", "导服改排"),
    ("home_visits", "上门服务"),
]
