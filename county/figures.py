"""The county's figures: the centers' daily tallies (county/summaries.py) added up over a range
of days, and written out with the hall's own definitions and row (bianmin/domain/figures.py).

A center's own figures come out exactly as its office reads them (same rows, same labels,
from the catalog it last sent); the county's put its centers, their windows and their clerks
side by side, and rank them.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from bianmin.domain.catalog import Catalog
from bianmin.domain.figures import Figures, Tally, row, stats_of_runs
from bianmin.wire import office as wo
from county import wire as cw
from county.config import CountyConfig
from county.schema import Conn, S
from county.summaries import tally_of, unpack

COUNTY_SHEETS = [("county", "全县汇总"), ("center", "按中心"), ("window", "按窗口"),
                 ("clerk", "按人员")]
_JSON = msgspec.json.Decoder(dict[str, Any])
_COUNTS = msgspec.json.Decoder(dict[str, int])


@dataclass(frozen=True, slots=True)
class Center:
    id: str
    name: str  # as the county names it
    hall_name: str  # as the hall names itself
    tz: ZoneInfo
    catalog: Catalog


@functools.lru_cache(maxsize=256)
def _catalog(text: str | None) -> Catalog:
    if not text:
        return Catalog(matters={}, windows={})
    return msgspec.json.decode(text, type=Catalog)


async def centers(conn: Conn, config: CountyConfig) -> dict[str, Center]:
    """The configuration's centers, in its order, with what each hall last said of itself."""
    rows = {r["id"]: r for r in await conn.fetch(
        f"SELECT id, hall_name, timezone, catalog::text AS catalog FROM {S}.centers")}
    out: dict[str, Center] = {}
    for entry in config.centers.values():
        r = rows.get(entry.id)
        out[entry.id] = Center(
            entry.id, entry.name, r["hall_name"] if r else "",
            ZoneInfo(r["timezone"] if r else config.timezone),
            _catalog(r["catalog"] if r else None))
    return out


Key = tuple[str, str, str]  # center, dimension, key


@dataclass
class Group:
    """A tally over a range of days: its counts summed, its days' times still apart."""

    tally: Tally
    waits: list[bytes] = field(default_factory=list)
    services: list[bytes] = field(default_factory=list)

    def merged(self) -> Tally:
        """The tally with every time of its days, sorted."""
        self.tally.waits, self.tally.services = unpack(self.waits), unpack(self.services)
        return self.tally


async def tallies(conn: Conn, since: date, until: date, dimensions: tuple[str, ...],
                  center: str | None = None, *, times: tuple[str, ...] | None = None
                  ) -> dict[Key, Group]:
    """The tallies of the range: each day's counts added, its times fetched as they are (for
    the dimensions in `times` only, when given: PostgreSQL then leaves the others' unread)."""
    query = (f"SELECT center, dimension, key, counts::text,"
             " CASE WHEN dimension = ANY($4::text[]) THEN waits END,"
             " CASE WHEN dimension = ANY($4::text[]) THEN services END"
             f" FROM {S}.tallies WHERE day BETWEEN $1 AND $2 AND dimension = ANY($3::text[])")
    args: list[Any] = [since, until, list(dimensions), list(times or dimensions)]
    if center is not None:
        query += " AND center = $5"
        args.append(center)
    sums: dict[Key, Counter[str]] = {}
    out: dict[Key, Group] = {}
    for r in await conn.fetch(query, *args):
        key = (r[0], r[1], r[2])
        group = out.get(key)
        if group is None:
            group = out[key] = Group(Tally())
            sums[key] = Counter()
        sums[key].update(_COUNTS.decode(r[3]))
        if r[4] is not None:
            group.waits.append(r[4])
            group.services.append(r[5])
    for key, group in out.items():
        group.tally = tally_of(sums[key])
    return out


async def _days(conn: Conn, since: date, until: date, center: str | None = None
                ) -> list[tuple[str, date, Counter[str], Counter[int]]]:
    query = (f"SELECT center, day, counts::text, hours::text FROM {S}.days "
             "WHERE day BETWEEN $1 AND $2")
    args: list[Any] = [since, until]
    if center is not None:
        query += " AND center = $3"
        args.append(center)
    return [(r[0], r[1], Counter(_JSON.decode(r[2])),
             Counter({int(h): n for h, n in _JSON.decode(r[3]).items()}))
            for r in await conn.fetch(query, *args)]


def _present(figures: Figures, name: str, since: date, until: date,
             generated_at: datetime, rows: list[dict[str, object]] | None = None
             ) -> wo.Figures:
    return wo.Figures(
        center=name, since=since, until=until, generated_at=generated_at,
        rows=msgspec.convert(figures.rows() if rows is None else rows, list[wo.FigureRow]),
        daily=msgspec.convert(figures.daily(), list[wo.DayRow]),
        hourly=msgspec.convert(figures.hourly(), list[wo.HourRow]))


async def center_figures(conn: Conn, center: Center, since: date, until: date,
                         generated_at: datetime) -> wo.Figures:
    """One center's figures, as its own office reads them."""
    figures = Figures(center.catalog, center.tz, since, until)
    for (_, dim, key), group in (await tallies(conn, since, until,
                                               ("all", "matter", "window", "clerk"),
                                               center.id)).items():
        figures.tallies[(dim, key)] = group.merged()
    for _, day, counts, hours in await _days(conn, since, until, center.id):
        figures.by_day[day] = counts
        figures.by_hour.update(hours)
    return _present(figures, center.hall_name or center.name, since, until, generated_at)


def _window_label(center: Center, key: str) -> str:
    window = center.catalog.window(int(key)) if key.isdigit() else None
    return f"{center.name} {key}号窗口" + (f" {window.department}" if window else "")


async def county_figures(conn: Conn, config: CountyConfig, since: date, until: date,
                         generated_at: datetime, *, clerks: bool = False) -> wo.Figures:
    """The county, each center, each window (and, asked, each clerk) over the range."""
    known = await centers(conn, config)
    dims = ("all", "window", "clerk") if clerks else ("all", "window")
    # Every wait and every service happens at one window: a center's times are its windows',
    # the county's its centers'. Only the windows' are read and sorted; a center's and the
    # county's statistics are selected from those sorted runs (`stats_of_runs`).
    found = await tallies(conn, since, until, dims, times=dims[1:])
    order = list(known)
    runs: dict[str, tuple[list[list[float]], list[list[float]]]] = {c: ([], []) for c in known}
    below: list[dict[str, object]] = []
    for dim in dims[1:]:
        keyed = sorted(((c, k) for (c, d, k) in found if d == dim and c in known),
                       key=lambda ck: (order.index(ck[0]), int(ck[1]) if ck[1].isdigit()
                                       else 0, ck[1]))
        for center_id, key in keyed:
            center = known[center_id]
            t = found[(center_id, dim, key)].merged()
            if dim == "window":
                runs[center_id][0].append(t.waits)
                runs[center_id][1].append(t.services)
            label = (_window_label(center, key) if dim == "window"
                     else f"{center.name} {key} {center.catalog.clerk_name(key)}")
            below.append(row(dim, f"{center_id}/{key}", label, t))
    county = Tally()
    rows: list[dict[str, object]] = []
    for center in known.values():
        group = found.get((center.id, "all", ""))
        if group is not None:
            county.add(group.tally)
            waits, services = runs[center.id]
            rows.append(row("center", center.id, center.name, group.tally,
                            (stats_of_runs(waits), stats_of_runs(services))))
    every = [r for c in known for r in runs[c][0]], [r for c in known for r in runs[c][1]]
    rows.insert(0, row("county", "", config.name, county,
                       (stats_of_runs(every[0]), stats_of_runs(every[1]))))
    rows += below
    figures = Figures(Catalog(matters={}, windows={}), config.tz, since, until)
    for _, day, counts, hours in await _days(conn, since, until):
        figures.by_day.setdefault(day, Counter()).update(counts)
        figures.by_hour.update(hours)
    return _present(figures, config.name, since, until, generated_at, rows)


# ----- rankings ------------------------------------------------------------------------------

def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


MEASURES: list[tuple[str, str, bool]] = [  # name, title, lower is better
    ("wait_median", "等候时间中位数（秒）", True),
    ("overdue_rate", "超时办结率", True),
    ("satisfaction", "满意率（满意与基本满意）", False),
    ("complaints", "投诉件数", True),
]


def _measure(r: wo.FigureRow, name: str) -> float | None:
    if name == "wait_median":
        return r.wait_median
    if name == "overdue_rate":
        return _rate(r.overdue, r.served)
    if name == "satisfaction":
        return _rate(r.rating_satisfied + r.rating_basic,
                     r.rating_satisfied + r.rating_basic + r.rating_unsatisfied)
    return float(r.complaints)


def rank(rows: list[wo.FigureRow]) -> list[cw.Ranking]:
    """Each measure, best first; those without the data for it last, unranked."""
    out = []
    for name, title, lower in MEASURES:
        scored = [(r, _measure(r, name)) for r in rows]
        have = sorted(((r, v) for r, v in scored if v is not None),
                      key=lambda rv: (rv[1] if lower else -rv[1], rv[0].key))
        ranked: list[cw.Ranked] = []
        for r, v in have:
            tied = ranked and ranked[-1].value == v
            ranked.append(cw.Ranked(rank=ranked[-1].rank if tied else len(ranked) + 1,
                                    key=r.key, label=r.label, value=v, served=r.served))
        ranked += [cw.Ranked(rank=None, key=r.key, label=r.label, value=None, served=r.served)
                   for r, v in scored if v is None]
        out.append(cw.Ranking(measure=name, title=title, lower_is_better=lower, rows=ranked))
    return out


def rankings(figures: wo.Figures) -> cw.Rankings:
    return cw.Rankings(
        since=figures.since, until=figures.until, generated_at=figures.generated_at,
        centers=rank([r for r in figures.rows if r.dimension == "center"]),
        windows=rank([r for r in figures.rows if r.dimension == "window"]))
