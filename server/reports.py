"""Reading the event log for reports, apart from the writer.

The office's figures may read a year of events: on the writer's connection those reads would
queue in front of every commit, and decoding them on the event loop would hold up every call
and ticket. Reports use a read-only connection of their own (WAL lets it read while the writer
writes) and hand raw rows to a worker thread to decode and fold.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiosqlite

from bianmin.domain import events as ev
from server.store import event_of

PAGE = 20_000
Row = tuple[int, str, str]  # seq, kind, data


class Reports:
    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    @classmethod
    async def open(cls, path: Path) -> Reports:
        db = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True)
        await db.execute("PRAGMA busy_timeout=5000")
        return cls(db)

    async def close(self) -> None:
        await self.db.close()

    async def fold(self, start: str, end: str, into: Callable[[list[ev.Event]], Any]) -> None:
        """Feed `into`, in a worker thread and in order, the events from `start` to `end`,
        preceded by the earlier events of every ticket active then but issued before, and
        followed by the later corrections of tickets finished then (a correction counts with
        the finish it corrects)."""
        async with self.db.execute(
            "SELECT seq, kind, data FROM events WHERE at < ? AND ticket IN ("
            " SELECT ticket FROM events WHERE at >= ? AND at < ? AND ticket IS NOT NULL"
            " EXCEPT SELECT ticket FROM events WHERE kind = 'ticket-issued'"
            " AND at >= ? AND at < ?) ORDER BY seq",
            (start, start, end, start, end),
        ) as cur:
            earlier: list[Row] = [(r[0], r[1], r[2]) async for r in cur]
        await asyncio.to_thread(_fold, earlier, into)
        after = 0
        while True:
            async with self.db.execute(
                "SELECT seq, kind, data FROM events WHERE seq > ? AND at >= ? AND at < ?"
                " ORDER BY seq LIMIT ?", (after, start, end, PAGE),
            ) as cur:
                rows: list[Row] = [(r[0], r[1], r[2]) async for r in cur]
            await asyncio.to_thread(_fold, rows, into)
            if len(rows) < PAGE:
                break
            after = rows[-1][0]
        async with self.db.execute(
            "SELECT seq, kind, data FROM events WHERE kind = 'ticket-corrected' AND at >= ?"
            " AND ticket IN (SELECT ticket FROM events WHERE kind = 'ticket-finished'"
            " AND at >= ? AND at < ?) ORDER BY seq", (end, start, end),
        ) as cur:
            later: list[Row] = [(r[0], r[1], r[2]) async for r in cur]
        await asyncio.to_thread(_fold, later, into)


    async def fold_kinds(self, start: str, end: str, kinds: tuple[str, ...],
                         into: Callable[[list[ev.Event]], Any]) -> None:
        """Feed `into`, in order, the events of these kinds alone from `start` to `end`: the
        later steps of what a report follows past its range, without reading the rest."""
        marks = ", ".join("?" for _ in kinds)
        after = 0
        while True:
            async with self.db.execute(
                f"SELECT seq, kind, data FROM events WHERE seq > ? AND at >= ? AND at < ?"
                f" AND kind IN ({marks}) ORDER BY seq LIMIT ?",  # the marks alone are formatted
                (after, start, end, *kinds, PAGE),
            ) as cur:
                rows: list[Row] = [(r[0], r[1], r[2]) async for r in cur]
            await asyncio.to_thread(_fold, rows, into)
            if len(rows) < PAGE:
                return
            after = rows[-1][0]


def _fold(rows: list[Row], into: Callable[[list[ev.Event]], Any]) -> None:
    into([event_of(kind, data) for _, kind, data in rows])
