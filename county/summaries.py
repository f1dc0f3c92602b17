"""Each center's days folded into tallies, so the county's figures over months read a few
thousand rows instead of millions of events.

A day is folded by the center's own pure code (`bianmin.domain.figures.Figures`), fed as the
hall's office feeds it: that day's events, after the earlier events of the tickets they touch.
An event counts on its own day only, and what it counts depends on its ticket's earlier
events only, so the figures of a range of days are the sum of its days' tallies (the times
kept in full: medians stay exact). `ship` marks the days it brings events for; a summarizer
takes a mark and folds that day again, both in one transaction, so a day marked again
meanwhile is folded again after.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from array import array
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from bianmin.domain import events as ev
from bianmin.domain.catalog import Catalog
from bianmin.domain.figures import COUNTS, Figures, Tally
from county.schema import Conn, S

log = logging.getLogger("county")

_DECODERS: dict[str, msgspec.json.Decoder[Any]] = {}
_NOBODY = Catalog(matters={}, windows={})  # labels are made when the figures are read


def decode(kind: str, data: str) -> ev.Event | None:
    """An event as the county stores it; None for a kind this county does not know yet (a
    newer hall's): it counts for nothing here, as it would in the hall's older figures."""
    decoder = _DECODERS.get(kind)
    if decoder is None:
        cls = ev.EVENT_TYPES.get(kind)
        if cls is None:
            return None
        decoder = _DECODERS[kind] = msgspec.json.Decoder(cls)
    event: ev.Event = decoder.decode(data)
    return event


def fold_day(day: date, tz: ZoneInfo, rows: Iterable[tuple[str, str]]) -> Figures:
    """The figures of one day from its events in order, earlier ones of its tickets first."""
    figures = Figures(_NOBODY, tz, day, day)
    figures.add(e for kind, data in rows if (e := decode(kind, data)) is not None)
    return figures


def tally_counts(t: Tally) -> dict[str, int]:
    """A tally's counts, flat: summed key by key in SQL over a range of days."""
    return {**{name: getattr(t, name) for name in COUNTS},
            **{f"outcome-{k}": v for k, v in t.outcomes.items()},
            **{f"rating-{k}": v for k, v in t.ratings.items()}}


def tally_of(counts: dict[str, int]) -> Tally:
    """A tally of the counts `tally_counts` gave (its times are read apart)."""
    t = Tally()
    for name in COUNTS:
        setattr(t, name, int(counts.get(name, 0)))
    for key, value in counts.items():
        kind, _, name = key.partition("-")
        if kind == "outcome":
            t.outcomes[name] += int(value)
        elif kind == "rating":
            t.ratings[name] += int(value)
    return t


def pack(times: list[float]) -> bytes:
    """Sorted times as the tallies keep them: little-endian float64."""
    packed = array("d", sorted(times))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack(runs: list[bytes]) -> list[float]:
    """The times of several days' tallies, sorted together."""
    times = array("d")
    for raw in runs:
        times.frombytes(raw)
    if sys.byteorder == "big":
        times.byteswap()
    merged = times.tolist()
    merged.sort()  # days already sorted: the sort merges their runs
    return merged


async def _events_of_day(conn: Conn, center: str, day: date) -> list[tuple[str, str]]:
    earlier = await conn.fetch(
        f"SELECT kind, data::text FROM {S}.events WHERE center = $1 AND day < $2 AND ticket IN ("
        f" SELECT ticket FROM {S}.events WHERE center = $1 AND day = $2 AND ticket IS NOT NULL"
        f" EXCEPT SELECT ticket FROM {S}.events WHERE center = $1 AND day = $2"
        "  AND kind = 'ticket-issued') ORDER BY seq", center, day)
    same = await conn.fetch(
        f"SELECT kind, data::text FROM {S}.events WHERE center = $1 AND day = $2 ORDER BY seq",
        center, day)
    return [(r[0], r[1]) for r in (*earlier, *same)]


async def summarize_one(conn: Conn) -> tuple[str, date] | None:
    """Fold one marked day again; None when no day is marked."""
    async with conn.transaction():
        mark = await conn.fetchrow(
            f"SELECT center, day FROM {S}.dirty_days ORDER BY day, center LIMIT 1 "
            "FOR UPDATE SKIP LOCKED")
        if mark is None:
            return None
        center, day = str(mark["center"]), mark["day"]
        await conn.execute(f"DELETE FROM {S}.dirty_days WHERE center = $1 AND day = $2",
                           center, day)
        timezone = await conn.fetchval(f"SELECT timezone FROM {S}.centers WHERE id = $1",
                                       center)
        rows = await _events_of_day(conn, center, day)
        figures = await asyncio.to_thread(fold_day, day, ZoneInfo(timezone or "Asia/Shanghai"),
                                          rows)
        await conn.execute(f"DELETE FROM {S}.tallies WHERE day = $1 AND center = $2", day,
                           center)
        await conn.copy_records_to_table(
            "tallies", schema_name=S,
            columns=["day", "center", "dimension", "key", "counts", "waits", "services"],
            records=[(day, center, dim, key, msgspec.json.encode(tally_counts(t)).decode(),
                      pack(t.waits), pack(t.services))
                     for (dim, key), t in figures.tallies.items()])
        counts = dict(figures.by_day.get(day, Counter()))  # as Figures counts a day
        hours = {str(h): n for h, n in figures.by_hour.items()}
        await conn.execute(
            f"INSERT INTO {S}.days (day, center, counts, hours) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (day, center) DO UPDATE SET counts = excluded.counts, "
            "hours = excluded.hours, summarized_at = now()",
            day, center, msgspec.json.encode(counts).decode(),
            msgspec.json.encode(hours).decode())
    return center, day


async def summarize(conn: Conn) -> int:
    """Fold every marked day; returns how many were folded."""
    done = 0
    while await summarize_one(conn) is not None:
        done += 1
    return done


async def summarizer(pool: Any, every: float, wake: asyncio.Event) -> None:
    """Keep the tallies following the events: after a ship (`wake`), at most every `every`
    seconds, so a busy county folds each busy day a few times a minute, not per batch."""
    while True:
        try:
            async with pool.acquire() as conn:
                await summarize(conn)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("folding the figures failed; trying again")
        await asyncio.sleep(every)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timedelta(minutes=1).total_seconds())
        wake.clear()
