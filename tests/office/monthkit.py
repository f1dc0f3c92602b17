"""A month of the hall played through the real API, and the month's 考核 worked out again
from the stored events by code that shares nothing with the hub's.

`play_month` runs November 2026 day by day (tickets issued, called, some missed and queued
again, some transferred, finished with every kind of outcome, some overdue; ratings of all
five levels from pads and phones; complaints; the office working the bad ratings' cases and
answering complaints, on time and late; promises kept, some late), then a few days of
December that must not count in November but finish what November left open. `recompute`
reads the `events` table with plain `sqlite3` and `json` and counts every figure of the
report by hand.
"""

from __future__ import annotations

import json
import math
import random
import sqlite3
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bianmin.client import HubError, new_request_id
from tests.hubfixture import KIOSK, PIN, JsonClient, RunningHub, raw

HALL = ZoneInfo("Asia/Shanghai")
RATING = "demo-rating"
# The windows at work, their clerks, and what they serve (the demo's seating).
DESKS = {1: "1001", 2: "1002", 4: "1004", 8: "1008"}
MATTERS = ["A", "A", "B", "B", "C", "J"]
LEVELS = ["very-satisfied", "satisfied", "satisfied", "basic", "unsatisfied",
          "very-unsatisfied"]
POINTS = ["服务效率", "服务水平", "服务态度"]
NOVEMBER = [date(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 30)]
DECEMBER = [date(2026, 12, d) for d in (1, 4, 10, 22)]


@dataclass
class Played:
    cases: list[str] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)
    promised: dict[str, date] = field(default_factory=dict)
    ratings: int = 0
    neglected: set[str] = field(default_factory=set)  # cases left until past their day
    seen: set[str] = field(default_factory=set)
    fates: dict[str, str] = field(default_factory=dict)  # complaints: never, late or soon


async def play_month(hub: RunningHub, seed: int = 2026) -> Played:
    rng = random.Random(seed)
    played = Played()
    for day in NOVEMBER + DECEMBER:
        hub.clock.now = datetime(day.year, day.month, day.day, 8, 55, tzinfo=HALL)
        await hub.hub.tick()
        await _play_day(hub, rng, day, played, serve=day.month == 11 or day.day == 1)
    return played


async def _play_day(hub: RunningHub, rng: random.Random, day: date, played: Played,
                    serve: bool) -> None:
    clerks = {w: await hub.clerk(w) for w in DESKS}
    try:
        if serve:
            await _serve(hub, rng, day, clerks, played)
    finally:
        for c in clerks.values():
            await c.close()
    hub.clock.now = datetime(day.year, day.month, day.day, 17, 0, tzinfo=HALL)
    async with hub.client() as office:
        await office.login("9001", PIN)
        await _office_work(rng, day, office, played)


async def _serve(hub: RunningHub, rng: random.Random, day: date,
                 clerks: dict[int, JsonClient], played: Played) -> None:
    async with hub.client(KIOSK) as kiosk, hub.client(RATING) as pad:
        for _ in range(rng.randint(5, 9)):
            hub.clock.advance(minutes=rng.randint(1, 4))
            await kiosk.issue_ticket(rng.choice(MATTERS), new_request_id())
        if rng.random() < 0.5:
            lodged = await kiosk.json("POST", "/api/complaints", {
                "reason": "窗口人员态度不好", "window": rng.choice(list(DESKS)),
                "clerk": rng.choice([None, *DESKS.values()])})
            played.complaints.append(lodged["number"])
        idle = 0
        while idle < len(DESKS):
            idle = 0
            for window, clerk in clerks.items():
                try:
                    called = await clerk.call_next(window)
                except HubError as err:
                    assert err.code == "queue-empty", err
                    idle += 1
                    continue
                await _serve_one(hub, rng, day, window, clerk, called.id, called.queue_matter,
                                 pad, played)


async def _serve_one(hub: RunningHub, rng: random.Random, day: date, window: int,
                     clerk: JsonClient, tid: str, matter: str, pad: JsonClient,
                     played: Played) -> None:
    hub.clock.advance(minutes=rng.randint(0, 3), seconds=rng.randint(0, 59))
    if rng.random() < 0.1:  # not there: recalled twice, missed, queued again
        for _ in range(2):
            await clerk.recall(tid)
        await clerk.no_show(tid)
        await clerk.requeue(tid)
        return
    await clerk.start(tid)
    hub.clock.advance(minutes=rng.randint(2, 40), seconds=rng.randint(0, 59))
    if rng.random() < 0.1 and matter != "J":
        await clerk.transfer(tid, "需综合窗口协助", to_matter="J")
        return
    if matter == "C":
        promised = day + timedelta(days=rng.randint(1, 4))
        await clerk.finish(tid, "promised", promised_date=promised)
        played.promised[tid] = promised
    else:
        outcome = rng.choice(["immediate", "immediate", "consultation", "returned"])
        await clerk.finish(tid, outcome, reason="材料不齐" if outcome == "returned" else "")
    if rng.random() < 0.75:
        await _rate(hub, rng, window, tid, pad)
        played.ratings += 1


async def _rate(hub: RunningHub, rng: random.Random, window: int, tid: str,
                pad: JsonClient) -> None:
    level = rng.choice(LEVELS)
    body: dict[str, Any] = {"rating": level}
    if level in ("unsatisfied", "very-unsatisfied"):
        body["points"] = rng.sample(POINTS, rng.randint(1, 3))
        if rng.random() < 0.6:
            body["phone"] = f"139{rng.randint(0, 99_999_999):08d}"
    if rng.random() < 0.3:  # from the phone
        status, answer = await raw(hub, "POST", f"/api/tickets/{tid}/rating",
                                   body=json.dumps(body))
        assert status == 201, answer
    else:
        await pad.json("POST", f"/api/tickets/{tid}/rating", {"window": window, **body})


async def _office_work(rng: random.Random, day: date, office: JsonClient, played: Played
                       ) -> None:
    for case in await office.json("GET", "/api/cases"):
        number = case["id"]
        if number not in played.seen:
            played.seen.add(number)
            if rng.random() < 0.25:
                played.neglected.add(number)
        if number in played.neglected and day <= date.fromisoformat(case["due"]):
            continue
        if case["state"] != "open" or rng.random() < 0.4:
            continue  # some are left for another day
        if case["called_back_at"] is None:
            reached = rng.random() < 0.75
            await office.json("POST", f"/api/cases/{number}/call-back", {
                "reached": reached, "note": "群众表示理解" if reached else "多次拨打无人接听"})
        elif case["rectified_at"] is None:
            await office.json("POST", f"/api/cases/{number}/rectify", {"note": "已批评教育"})
        else:
            await office.json("POST", f"/api/cases/{number}/close", {})
    for complaint in await office.json("GET", "/api/complaints"):
        number = complaint["number"]
        fate = played.fates.setdefault(number, rng.choice(["never", "late", "soon", "soon"]))
        if fate == "never" or (fate == "late" and day <= date.fromisoformat(complaint["due"])):
            continue
        if complaint["state"] != "answered" and rng.random() < 0.6:
            await office.json("POST", f"/api/complaints/{complaint['number']}/answer",
                              {"result": "已核实处理，并向您致歉"})
    for tid, promised in list(played.promised.items()):
        if promised <= day + timedelta(days=1) and rng.random() < 0.6:
            await office.json("POST", f"/api/tickets/{tid}/promise-kept", {"note": "已告知"})
            del played.promised[tid]


# ----- the report, by hand ----------------------------------------------------------------

def tenths(value: float) -> float:
    return float(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def nearest_rank(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def local_day(at: str) -> date:
    return datetime.fromisoformat(at).astimezone(HALL).date()


def recompute(database: Path, since: date, until: date, today: date,
              windows: list[int], clerks: list[str]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every figure of the month's report, from the stored events alone."""
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT kind, at, data FROM events ORDER BY seq").fetchall()
    waits: dict[tuple[str, str], list[float]] = defaultdict(list)
    services: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    life: dict[str, dict[str, Any]] = {}
    cases: dict[str, dict[str, Any]] = {}
    complaints: dict[str, dict[str, Any]] = {}

    def keys(window: int | None, clerk: str | None) -> list[tuple[str, str]]:
        return [("all", ""), *([("window", str(window))] if window else []),
                *([("clerk", clerk)] if clerk else [])]

    for kind, at_text, data_text in rows:
        e = json.loads(data_text)
        at, day = datetime.fromisoformat(at_text), local_day(at_text)
        counted = since <= day <= until
        t = life.get(e.get("ticket", ""))
        if kind == "ticket-issued":
            life[e["ticket"]] = {"queued": at, "received": None, "finisher": None}
        elif kind == "ticket-called" and t is not None:
            if counted:
                for k in keys(e["window"], e["clerk"]):
                    waits[k].append((at - t["queued"]).total_seconds())
        elif kind == "ticket-received" and t is not None:
            t["received"] = at
        elif kind in ("ticket-transferred", "ticket-finished") and t is not None:
            if counted and t["received"] is not None:
                for k in keys(e["window"], e["clerk"]):
                    services[k].append((at - t["received"]).total_seconds())
            if kind == "ticket-transferred":
                t["queued"], t["received"] = at, None
            else:
                t["finisher"] = (e["window"], e["clerk"])
                if counted:
                    for k in keys(e["window"], e["clerk"]):
                        counts[k]["served"] += 1
                        counts[k][f"outcome_{e['outcome']}"] += 1
                        counts[k]["overdue"] += int(e.get("overdue", False))
        elif kind == "ticket-requeued" and t is not None:
            t["queued"] = at
        elif kind == "ticket-rated" and t is not None and counted:
            for k in keys(*t["finisher"]):
                counts[k][f"rating_{e['rating'].replace('-', '_')}"] += 1
        elif kind == "promise-kept" and t is not None and counted and e.get("late"):
            for k in keys(*t["finisher"]):
                counts[k]["promises_late"] += 1
        elif kind == "case-opened" and counted:
            cases[e["case"]] = {"window": e["window"], "clerk": e["clerk"],
                                "due": date.fromisoformat(e["due"]), "reached": False,
                                "tried": False, "closed": None, "late": False}
        elif kind == "case-called-back" and e["case"] in cases:
            c = cases[e["case"]]
            c["tried"], c["reached"] = True, c["reached"] or e["reached"]
        elif kind == "case-closed" and e["case"] in cases:
            cases[e["case"]]["closed"], cases[e["case"]]["late"] = day, e.get("late", False)
        elif kind == "complaint-lodged" and counted:
            complaints[e["number"]] = {"window": e.get("window"), "clerk": e.get("clerk"),
                                       "answered": False, "late": False}
        elif kind == "complaint-answered" and e["number"] in complaints:
            complaints[e["number"]].update(answered=True, late=e.get("late", False))

    out: dict[tuple[str, str], dict[str, Any]] = {}
    every = [("all", ""), *(("window", str(w)) for w in windows), *(("clerk", c) for c in clerks)]
    for key in every:
        n = counts[key]
        mine = [c for c in cases.values() if key in keys(c["window"], c["clerk"])]
        theirs = [p for p in complaints.values() if key in keys(p["window"], p["clerk"])]
        rated = sum(n[f"rating_{lv}"] for lv in ("very_satisfied", "satisfied", "basic",
                                                 "unsatisfied", "very_unsatisfied"))
        good = n["rating_very_satisfied"] + n["rating_satisfied"]
        reached = sum(1 for c in mine if c["reached"])
        impossible = sum(1 for c in mine if c["tried"] and not c["reached"])
        on_time = sum(1 for c in mine if c["closed"] and not c["late"])
        late = sum(1 for c in mine if c["late"] or (c["closed"] is None and today > c["due"]))
        answered = [p for p in theirs if p["answered"]]
        w, s = waits[key], services[key]
        out[key] = {
            "served": n["served"], "overdue": n["overdue"], "promises_late": n["promises_late"],
            **{f"outcome_{o}": n[f"outcome_{o}"] for o in (
                "consultation", "immediate", "promised", "supplement", "returned", "petition",
                "escalated")},
            "wait_median": tenths(statistics.median(w) / 60) if w else None,
            "wait_p90": tenths(nearest_rank(w, 90) / 60) if w else None,
            "service_median": tenths(statistics.median(s) / 60) if s else None,
            "service_p90": tenths(nearest_rank(s, 90) / 60) if s else None,
            **{f"rating_{lv}": n[f"rating_{lv}"] for lv in (
                "very_satisfied", "satisfied", "basic", "unsatisfied", "very_unsatisfied")},
            "rated": rated, "good_rate": tenths(100 * good / rated) if rated else None,
            "bad": n["rating_unsatisfied"] + n["rating_very_unsatisfied"],
            "cases": len(mine), "called_back": reached, "callback_impossible": impossible,
            "callback_rate": tenths(100 * reached / (len(mine) - impossible))
            if len(mine) > impossible else None,
            "rectified_on_time": on_time, "rectified_late": late,
            "cases_open": sum(1 for c in mine if c["closed"] is None),
            "on_time_rate": tenths(100 * on_time / (on_time + late)) if on_time + late else None,
            "complaints": len(theirs), "complaints_answered": len(answered),
            "complaints_on_time": sum(1 for p in answered if not p["late"]),
            "complaints_open": len(theirs) - len(answered),
            "reply_rate": tenths(100 * len(answered) / len(theirs)) if theirs else None,
        }
    for scope in ("window", "clerk"):
        def order(k: tuple[str, str]) -> tuple[float, int, int, str]:
            r = out[k]
            return (-(r["good_rate"] if r["good_rate"] is not None else -1.0), r["bad"],
                    -r["served"], k[1])
        ranked = sorted((k for k in out if k[0] == scope), key=order)
        for i, k in enumerate(ranked):
            prev = ranked[i - 1] if i else None
            same = prev is not None and order(prev)[:2] == order(k)[:2]
            out[k]["rank"] = out[prev]["rank"] if same and prev else i + 1
    out[("all", "")]["rank"] = None
    return out
