"""The day's figures (考核), read from the events, exact to the second.

Per matter, window and clerk over any range of local days: tickets issued, served, no-shows,
cancelled and expired; waiting time (from joining a queue to being called) and service time
(from being received to being finished or transferred), each as mean, median and 90th
percentile in seconds; transfers out and in; outcomes by class; overdue 即办件 (the flag the
finish recorded, decided by `bianmin.domain.limits`); ratings; complaints.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bianmin.domain import events as ev
from bianmin.domain import office_events as oe
from bianmin.domain.catalog import Catalog
from bianmin.domain.types import Outcome

DIMENSIONS = ("matter", "window", "clerk")
DIMENSION_NAMES = {"all": "全中心", "matter": "事项", "window": "窗口", "clerk": "工作人员"}


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
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    ratings: Counter[str] = field(default_factory=Counter)


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _stats(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "median": None, "p90": None}
    p90 = percentile(values, 90)
    return {"mean": round(statistics.fmean(values), 1),
            "median": round(statistics.median(values), 1),
            "p90": None if p90 is None else round(p90, 1)}


@dataclass
class _Life:
    matter: str
    enqueued_at: datetime
    received_at: datetime | None = None
    window: int | None = None
    clerk: str | None = None
    transferred: bool = False
    finisher: tuple[int, str] | None = None


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
        return self.tallies.setdefault((dimension, str(key)), Tally())

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
                continue
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
                for t in self._all(life, e.window, e.clerk):
                    t.served += 1
                    t.outcomes[e.outcome.value] += 1
                    t.overdue += int(e.overdue)
                daily["served"] += 1
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

        out: list[dict[str, object]] = []
        for (dim, key), t in sorted(self.tallies.items(), key=sort_key):
            wait, service = _stats(t.waits), _stats(t.services)
            out.append({
                "dimension": dim, "key": key, "label": self.label(dim, key),
                "issued": t.issued, "served": t.served, "no_shows": t.no_shows,
                "cancelled": t.cancelled, "expired": t.expired,
                "wait_mean": wait["mean"], "wait_median": wait["median"],
                "wait_p90": wait["p90"],
                "service_mean": service["mean"], "service_median": service["median"],
                "service_p90": service["p90"],
                "transfers_out": t.transfers_out, "transfers_in": t.transfers_in,
                **{f"outcome_{o.value}": t.outcomes[o.value] for o in Outcome},
                "overdue": t.overdue,
                "rating_satisfied": t.ratings["satisfied"], "rating_basic": t.ratings["basic"],
                "rating_unsatisfied": t.ratings["unsatisfied"],
                "complaints": t.complaints,
                "promises_late": t.promises_late,
            })
        return out

    def daily(self) -> list[dict[str, object]]:
        return [{"day": d.isoformat(), "issued": c["issued"], "served": c["served"],
                 "complaints": c["complaints"], "satisfied": c["rating-satisfied"],
                 "basic": c["rating-basic"], "unsatisfied": c["rating-unsatisfied"]}
                for d, c in sorted(self.by_day.items())]

    def hourly(self) -> list[dict[str, int]]:
        return [{"hour": h, "issued": self.by_hour[h]} for h in range(24) if self.by_hour[h]]


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
    ("outcome_escalated", "上报件"), ("overdue", "超时"), ("rating_satisfied", "满意"),
    ("rating_basic", "基本满意"), ("rating_unsatisfied", "不满意"), ("complaints", "投诉"),
    ("promises_late", "承诺超期"),
]
