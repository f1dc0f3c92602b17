"""The figures of bundles (一件事) and joint tickets (联办件), read from the events alone.

Per bundle (and `""` for matters a clerk joined at the counter): how many were started,
finished with every step done, stopped by a step's outcome, or left unfinished when the
ticket was cancelled or expired; the whole's time from the ticket to the last step, and how
many took longer than the bundle's time limit. Each step is also counted by `Figures` under
its own matter, window and clerk, like any ticket finished there.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bianmin.domain import events as ev
from bianmin.domain.bundles import STOPS
from bianmin.domain.catalog import Catalog
from bianmin.domain.figures import percentile

JOINED = ""  # the key of tickets a clerk turned into joint ones (联办)


@dataclass
class BundleTally:
    started: int = 0
    done: int = 0
    stopped: int = 0
    ended: int = 0
    over_limit: int = 0
    steps: int = 0  # steps finished, whatever their outcome
    wholes: list[float] = field(default_factory=list)  # seconds, ticket to last step


@dataclass
class _Joint:
    key: str
    issued_at: datetime
    plan: list[str]
    counting: bool
    step: str = ""  # the matter being taken now: the plan's first until a step moves on
    done: set[str] = field(default_factory=set)

    @property
    def left(self) -> bool:
        return any(m not in self.done for m in self.plan)


class BundleFigures:
    def __init__(self, catalog: Catalog, tz: ZoneInfo, since: date, until: date) -> None:
        self.catalog, self.tz, self.since, self.until = catalog, tz, since, until
        self.tallies: dict[str, BundleTally] = {}
        self.joints: dict[str, _Joint] = {}
        self.plain: dict[str, tuple[str, datetime, bool]] = {}  # matter, issued, counting

    def add(self, events: Iterable[ev.Event]) -> BundleFigures:
        for e in events:
            day = e.at.astimezone(self.tz).date()
            if day <= self.until:
                self._one(e, day >= self.since)
        return self

    def _tally(self, joint: _Joint) -> BundleTally | None:
        return self.tallies.setdefault(joint.key, BundleTally()) if joint.counting else None

    def _one(self, e: ev.Event, counting: bool) -> None:
        match e:
            case ev.TicketIssued(plan=plan) if plan:
                joint = self.joints[e.ticket] = _Joint(e.bundle, e.at, list(plan), counting)
                if (t := self._tally(joint)) is not None:
                    t.started += 1
            case ev.TicketIssued():
                self.plain[e.ticket] = (e.matter, e.at, counting)
            case ev.MattersJoined() if e.ticket in self.joints:
                self.joints[e.ticket].plan.extend(e.matters)
            case ev.MattersJoined() if e.ticket in self.plain:
                matter, issued_at, was_counting = self.plain.pop(e.ticket)
                joint = self.joints[e.ticket] = _Joint(JOINED, issued_at, [matter, *e.matters],
                                                       was_counting)
                if (t := self._tally(joint)) is not None:
                    t.started += 1
            case ev.TicketFinished() if e.ticket in self.joints:
                joint = self.joints[e.ticket]
                joint.done.add(joint.step or joint.plan[0])
                t = self._tally(joint)
                if t is None:
                    return
                t.steps += 1
                if e.outcome in STOPS and joint.left:
                    t.stopped += 1
                elif not joint.left:
                    self._whole(joint, t, e.at)
            case ev.BundleMovedOn() if e.ticket in self.joints:
                self.joints[e.ticket].step = e.to_matter
            case ev.TicketCancelled() | ev.TicketExpired() if e.ticket_id in self.joints:
                joint = self.joints[e.ticket_id or ""]
                if (t := self._tally(joint)) is not None:
                    t.ended += 1

    def _whole(self, joint: _Joint, t: BundleTally, at: datetime) -> None:
        t.done += 1
        seconds = (at - joint.issued_at).total_seconds()
        t.wholes.append(seconds)
        bundle = self.catalog.bundle(joint.key)
        if bundle is not None and seconds > bundle.time_limit_minutes * 60:
            t.over_limit += 1

    def label(self, key: str) -> str:
        bundle = self.catalog.bundle(key)
        return "联办件（窗口发起）" if key == JOINED else (bundle.name if bundle else key)

    def rows(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for key, t in sorted(self.tallies.items(), key=lambda kv: (kv[0] == JOINED, kv[0])):
            p90 = percentile(t.wholes, 90)
            whole = {"mean": round(statistics.fmean(t.wholes), 1) if t.wholes else None,
                     "median": round(statistics.median(t.wholes), 1) if t.wholes else None,
                     "p90": p90}
            bundle = self.catalog.bundle(key)
            out.append({
                "bundle": key, "label": self.label(key), "started": t.started,
                "done": t.done, "stopped": t.stopped, "ended": t.ended, "steps": t.steps,
                "whole_mean": whole["mean"], "whole_median": whole["median"],
                "whole_p90": whole["p90"],
                "limit_minutes": bundle.time_limit_minutes if bundle else None,
                "over_limit": t.over_limit,
            })
        return out


COLUMNS: list[tuple[str, str]] = [
    ("bundle", "代号"), ("label", "一件事"), ("started", "受理数"), ("done", "全部办结"),
    ("stopped", "中止"), ("ended", "未办完"), ("steps", "办理环节数"),
    ("whole_mean", "平均全程(秒)"), ("whole_median", "全程中位数(秒)"),
    ("whole_p90", "全程90分位(秒)"), ("limit_minutes", "时限(分钟)"), ("over_limit", "超时限"),
]
