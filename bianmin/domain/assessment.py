"""The month's assessment (考核) of the center, each window and each clerk, read from events.

Per window, per clerk and for the whole center, over a range of local days (a month):
tickets served and their outcome classes; waits and service times in minutes (median and
90th percentile, nearest rank); overdue finishes; the five rating levels, 好评率 (非常满意
and 满意 over all ratings) and 差评 (不满意 and 非常不满意); the cases the bad ratings opened:
called back, recorded as impossible to call back, put right on time or late; complaints
lodged about them and their results; promises kept late. Windows and clerks are ranked as
published score tables are: by 好评率, then fewer 差评, then more served.

Tickets count on the day of each step, as in `bianmin.domain.figures` (which this reads
through). Cases and complaints count by the day they were opened or lodged, followed by every
later step up to the moment the report is made: feed `add` the events from the range's first
day up to now.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from bianmin.domain import cases as cs
from bianmin.domain import events as ev
from bianmin.domain import office_events as oe
from bianmin.domain.catalog import Catalog
from bianmin.domain.figures import Figures, Tally, percentile
from bianmin.domain.types import Outcome

SCOPES = ("all", "window", "clerk")
# The kinds of event after the range that still count: the steps of its cases and complaints.
FOLLOW_UP = ("case-called-back", "case-closed", "complaint-answered")
SCOPE_NAMES = {"all": "全中心", "window": "窗口", "clerk": "工作人员"}

# The report's tables: (title, [(key, title, kind)]); kind says how a value reads (a count,
# minutes to one decimal, a percentage). The console, the workbook and the page use these.
GROUPS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("服务情况", [
        ("rank", "名次", "count"), ("label", "名称", "text"), ("served", "办结", "count"),
        ("outcome_consultation", "咨询件", "count"), ("outcome_immediate", "即办件", "count"),
        ("outcome_promised", "承诺件", "count"), ("outcome_supplement", "补充件", "count"),
        ("outcome_returned", "退回件", "count"), ("outcome_petition", "信访件", "count"),
        ("outcome_escalated", "上报件", "count"),
        ("wait_median", "等候中位(分钟)", "minutes"), ("wait_p90", "等候P90(分钟)", "minutes"),
        ("service_median", "办理中位(分钟)", "minutes"),
        ("service_p90", "办理P90(分钟)", "minutes"),
        ("overdue", "超时办结", "count"), ("promises_late", "承诺件超期办结", "count"),
    ]),
    ("好差评、整改与投诉", [
        ("rank", "名次", "count"), ("label", "名称", "text"),
        ("rating_very_satisfied", "非常满意", "count"), ("rating_satisfied", "满意", "count"),
        ("rating_basic", "基本满意", "count"), ("rating_unsatisfied", "不满意", "count"),
        ("rating_very_unsatisfied", "非常不满意", "count"), ("rated", "评价数", "count"),
        ("good_rate", "好评率", "percent"), ("bad", "差评", "count"),
        ("called_back", "已回访", "count"), ("callback_impossible", "无法回访", "count"),
        ("callback_rate", "回访率", "percent"), ("rectified_on_time", "按期整改", "count"),
        ("rectified_late", "逾期整改", "count"), ("on_time_rate", "整改按期率", "percent"),
        ("complaints", "投诉", "count"), ("complaints_answered", "已答复", "count"),
        ("complaints_on_time", "按期答复", "count"), ("reply_rate", "答复率", "percent"),
    ]),
]
NOTES = [
    "统计期间内：办结、超时办结、承诺件超期办结、评价按发生之日计；差评件、投诉按受理之日计，"
    "其回访、整改、答复情况计至报表生成之时。",
    "等候时间：自取号（或转办、重新排队）至叫号；办理时间：自开始办理至办结或转办；"
    "单位为分钟，中位数和第90百分位（最近秩法）。",
    "好评率 =（非常满意 + 满意）÷ 评价数；差评 = 不满意 + 非常不满意，每条差评立为差评件。",
    "回访率 = 已回访 ÷（差评件 − 无法回访并已记录原因的）；"
    "整改按期率 = 按期整改 ÷（按期整改 + 逾期整改），逾期整改含已超期尚未办结的。",
    "期限按工作日计算（节假日与调休工作日见配置 [calendar]），自受理次日起算。",
    "排名：好评率高者在前（无评价者列后），其次差评少者在前，再次办结多者在前；"
    "好评率与差评均相同者名次并列。",
]


@dataclass
class CaseLife:
    id: str
    opened: date
    window: int
    clerk: str | None
    rating: str
    due: date
    points: tuple[str, ...] = ()
    reached: bool = False
    impossible: bool = False  # a call-back recorded as not possible, and none reached since
    closed: date | None = None
    late: bool = False


@dataclass
class ComplaintLife:
    number: str
    lodged: date
    window: int | None
    clerk: str | None
    due: date | None
    answered: date | None = None
    late: bool = False


@dataclass
class Follow:
    """Cases and complaints of one window, clerk or the center."""

    cases: list[CaseLife] = field(default_factory=list)
    complaints: list[ComplaintLife] = field(default_factory=list)


def tenths(value: float) -> float:
    """`value` to one decimal, halves up, as a browser's `toFixed(1)` shows it: the console
    and the files then read the same."""
    return float(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else tenths(seconds / 60)


def share(part: int, whole: int) -> float | None:
    """A percentage to one decimal; None when there is nothing to divide by."""
    return None if whole == 0 else tenths(100 * part / whole)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


class Assessment:
    def __init__(self, catalog: Catalog, tz: ZoneInfo, since: date, until: date,
                 today: date) -> None:
        self.catalog, self.tz, self.since, self.until, self.today = (
            catalog, tz, since, until, today)
        self.figures = Figures(catalog, tz, since, until)
        self.cases: dict[str, CaseLife] = {}
        self.complaints: dict[str, ComplaintLife] = {}
        self._points: dict[str, tuple[str, ...]] = {}  # a bad rating's, until its case opens

    def add(self, events: Iterable[ev.Event]) -> Assessment:
        batch = list(events)
        self.figures.add(batch)
        for e in batch:
            self._follow(e, e.at.astimezone(self.tz).date())
        return self

    def _in_range(self, day: date) -> bool:
        return self.since <= day <= self.until

    def _follow(self, e: ev.Event, day: date) -> None:
        match e:
            case oe.TicketRated() if e.rating in cs.BAD:
                self._points[e.ticket] = e.points
            case oe.CaseOpened() if self._in_range(day):
                self.cases[e.case] = CaseLife(e.case, day, e.window, e.clerk, e.rating, e.due,
                                              self._points.pop(e.ticket, ()))
            case oe.CaseCalledBack() if e.case in self.cases:
                c = self.cases[e.case]
                c.reached = c.reached or e.reached
                c.impossible = not c.reached
            case oe.CaseClosed() if e.case in self.cases:
                c = self.cases[e.case]
                c.closed, c.late = day, e.late
            case oe.ComplaintLodged() if self._in_range(day):
                self.complaints[e.number] = ComplaintLife(e.number, day, e.window, e.clerk,
                                                          e.due)
            case oe.ComplaintAnswered() if e.number in self.complaints:
                k = self.complaints[e.number]
                k.answered, k.late = day, e.late

    # ----- the report ----------------------------------------------------------------------

    def _follows(self) -> dict[tuple[str, str], Follow]:
        out: dict[tuple[str, str], Follow] = {}

        def of(scope: str, key: object) -> Follow:
            return out.setdefault((scope, str(key)), Follow())

        for c in self.cases.values():
            for f in (of("all", ""), of("window", c.window),
                      *((of("clerk", c.clerk),) if c.clerk else ())):
                f.cases.append(c)
        for k in self.complaints.values():
            for f in (of("all", ""), *((of("window", k.window),) if k.window else ()),
                      *((of("clerk", k.clerk),) if k.clerk else ())):
                f.complaints.append(k)
        return out

    def label(self, scope: str, key: str) -> str:
        return self.figures.label(scope, key)

    def keys(self) -> list[tuple[str, str]]:
        """The center, every configured window and clerk, and any other the events name."""
        keys = [("all", "")]
        keys += [("window", str(n)) for n in sorted(self.catalog.windows)]
        keys += [("clerk", s) for s in sorted(self.catalog.clerks)]
        follows = self._follows()
        extra = {k for k in (*self.figures.tallies, *follows) if k[0] in SCOPES}
        return keys + sorted(extra - set(keys), key=lambda k: (SCOPES.index(k[0]), k[1]))

    def rows(self) -> list[dict[str, object]]:
        """One row per scope and key, windows and clerks ranked within their scope."""
        follows = self._follows()
        rows = [self._row(scope, key, self.figures.tallies.get((scope, key), Tally()),
                          follows.get((scope, key), Follow()))
                for scope, key in self.keys()]
        out = [r for r in rows if r["scope"] == "all"]
        for scope in ("window", "clerk"):
            out += rank([r for r in rows if r["scope"] == scope])
        return out

    def _row(self, scope: str, key: str, t: Tally, f: Follow) -> dict[str, object]:
        ratings = {k: t.ratings[k] for k in cs.RATINGS}
        rated = sum(ratings.values())
        good = sum(ratings[k] for k in cs.GOOD)
        bad = sum(ratings[k] for k in cs.BAD)
        reached = sum(1 for c in f.cases if c.reached)
        impossible = sum(1 for c in f.cases if c.impossible)
        on_time = sum(1 for c in f.cases if c.closed is not None and not c.late)
        late = sum(1 for c in f.cases if c.late or (c.closed is None and self.today > c.due))
        answered = [k for k in f.complaints if k.answered is not None]
        return {
            "scope": scope, "key": key, "label": self.label(scope, key),
            "served": t.served,
            **{f"outcome_{o.value}": t.outcomes[o.value] for o in Outcome},
            "wait_median": minutes(median(t.waits)),
            "wait_p90": minutes(percentile(t.waits, 90)),
            "service_median": minutes(median(t.services)),
            "service_p90": minutes(percentile(t.services, 90)),
            "overdue": t.overdue,
            **{f"rating_{k.replace('-', '_')}": n for k, n in ratings.items()},
            "rated": rated, "good_rate": share(good, rated), "bad": bad,
            "cases": len(f.cases), "called_back": reached, "callback_impossible": impossible,
            "callback_rate": share(reached, len(f.cases) - impossible),
            "rectified_on_time": on_time, "rectified_late": late,
            "cases_open": sum(1 for c in f.cases if c.closed is None),
            "on_time_rate": share(on_time, on_time + late),
            "complaints": len(f.complaints), "complaints_answered": len(answered),
            "complaints_on_time": sum(1 for k in answered if not k.late),
            "complaints_open": len(f.complaints) - len(answered),
            "reply_rate": share(len(answered), len(f.complaints)),
            "promises_late": t.promises_late,
            "rank": None,
        }

    def case_list(self) -> list[CaseLife]:
        return sorted(self.cases.values(), key=lambda c: c.id)

    def complaint_list(self) -> list[ComplaintLife]:
        return sorted(self.complaints.values(), key=lambda k: k.number)

    def points(self) -> Counter[str]:
        """How often each point was named in the bad ratings of the range."""
        return Counter(p for c in self.cases.values() for p in c.points)


def rank_key(row: dict[str, object]) -> tuple[float, int]:
    rate = row["good_rate"]
    bad = row["bad"]
    assert isinstance(bad, int)
    return (-(rate if isinstance(rate, float) else -1.0), bad)


def rank(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The rows in rank order, each with its `rank`: by 好评率 (none rated: last), then fewer
    差评, then more served; equal 好评率 and 差评 share a rank (1, 2, 2, 4)."""
    def order(row: dict[str, object]) -> tuple[float, int, int, str]:
        served = row["served"]
        assert isinstance(served, int)
        return (*rank_key(row), -served, str(row["key"]))

    rows.sort(key=order)
    for i, row in enumerate(rows):
        same = i > 0 and rank_key(rows[i - 1]) == rank_key(row)
        row["rank"] = rows[i - 1]["rank"] if same else i + 1
    return rows


def month_range(month: date) -> tuple[date, date]:
    """The first and last day of `month`'s month."""
    first = month.replace(day=1)
    nxt = first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(
        month=first.month + 1)
    return first, date.fromordinal(nxt.toordinal() - 1)
