"""A day at a center, played through the hub's API as its kiosk, clerks, rating pad and office
would: residents arrive and take tickets, clerks call, receive, transfer and finish them with
every kind of outcome, a few do not come when called, residents rate, one complains, the
office books an appointment by phone.

The hall's time moves with `advance(seconds)`: a test moves its hub's clock; against a real hub
(the county benchmark, the three-centers demo in docs/county.md) it sleeps, a hall minute
compressed into a moment.
Run alone it plays one day at a running demo hub:

    python -m bench.dayplay http://127.0.0.1:8601 --residents 60 --speed 120
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import aiohttp

from bianmin import sample
from bianmin.client import HubClient, HubError, new_request_id
from bianmin.wire import requests as rq
from bianmin.wire.hall import HallOffice
from bianmin.wire.office import BookedFull, LodgedPublic, Rated
from bianmin.wire.tickets import Step

Advance = Callable[[float], Awaitable[None]]
# The demo hall: window N serves these matters (bianmin/sample.py), clerk 100N sits there.
WINDOWS = {1: "A", 2: "B", 3: "FB", 4: "CH", 5: "D", 6: "E", 7: "G", 8: "JAB"}
HANDLING = {"A": "immediate", "B": "immediate", "C": "promised", "D": "promised",
            "E": "promised", "F": "immediate", "G": "immediate", "H": "immediate",
            "J": "consultation"}


@dataclass
class Day:
    issued: int = 0
    served: int = 0
    transferred: int = 0
    missed: int = 0
    rated: int = 0
    complaints: int = 0
    booked: int = 0
    issue_seconds: list[float] = field(default_factory=list)  # each issue, as the kiosk waited


@dataclass
class _Window:
    number: int
    client: HubClient
    ticket: str = ""
    matter: str = ""
    serving: bool = False
    steps_left: int = 0


async def play(url: str, advance: Advance, *, residents: int = 40, seed: int = 1,
               step_seconds: float = 60.0, windows: tuple[int, ...] = tuple(WINDOWS),
               rating_token: str = sample.DEMO_RATING_TOKEN,
               kiosk_token: str = sample.DEMO_KIOSK_TOKEN, pin: str = sample.DEMO_PIN,
               ready: Callable[[], Awaitable[object]] | None = None,
               timeout: float = 5.0) -> Day:
    """Play a day at the demo hall at `url`: `residents` tickets, one every two steps of
    `step_seconds` hall seconds on average, then until every queue is empty. `ready` is
    awaited once everyone has signed in (hashing PINs is slow on purpose), before the day
    starts."""
    rng = random.Random(seed)
    day = Day()
    kiosk = HubClient(url, kiosk_token, timeout=timeout)
    pad = HubClient(url, rating_token, timeout=timeout)
    office = HubClient(url, timeout=timeout)
    desks: list[_Window] = []
    try:
        await office.login(sample.OFFICE_STAFF_NO, pin)
        today = (await office.hall(HallOffice)).day
        booked = await office.request("POST", "/api/appointments", BookedFull, rq.Book(
            day=today + timedelta(days=1), matter="C", slot="09:00-10:00",
            name="王小明", phone="13900001111", note="电话预约，身份证号 330102199001011234"))
        day.booked += bool(booked.code)
        for n in windows:
            desk = _Window(n, HubClient(url, timeout=timeout))
            desks.append(desk)
            await desk.client.login(f"{1000 + n}", pin, n)
        if ready is not None:
            await ready()
        matters = sorted({m for n in windows for m in WINDOWS[n]})
        complaint_at = rng.randrange(max(1, residents))
        for _ in range(50 * residents + 100):  # a bound, should the hall stop serving
            if day.issued < residents and rng.random() < 0.5:
                started = time.perf_counter()
                await kiosk.issue_ticket(rng.choice(matters), new_request_id())
                day.issue_seconds.append(time.perf_counter() - started)
                day.issued += 1
                if day.issued == complaint_at + 1:
                    lodged = await kiosk.request("POST", "/api/complaints", LodgedPublic,
                                                 rq.LodgeComplaint(
                        reason="等了很久，窗口工作人员态度不好，我的电话13812345678",
                        window=desks[0].number, phone="13812345678",
                        request_id=new_request_id()))
                    day.complaints += bool(lodged.number)
            for desk in rng.sample(desks, len(desks)):
                await _work(desk, day, rng, pad, matters, today)
            await advance(step_seconds)
            if day.issued >= residents and not any(d.ticket for d in desks) and await _idle(
                    desks):
                break
        for desk in desks:
            await desk.client.logout()
    finally:
        for client in (kiosk, pad, office, *(d.client for d in desks)):
            await client.close()
    return day


async def _idle(desks: list[_Window]) -> bool:
    """Nobody waits for any window (a call finds the queue empty everywhere)."""
    for desk in desks:
        try:
            step = await desk.client.call_next(desk.number)
        except HubError as err:
            if err.code == "queue-empty":
                continue
            raise
        desk.ticket, desk.matter, desk.serving = step.id, step.queue_matter, False
        return False
    return True


async def _work(desk: _Window, day: Day, rng: random.Random, pad: HubClient,
                matters: list[str], today: date) -> None:
    c = desk.client
    if not desk.ticket:
        try:
            step = await c.call_next(desk.number)
        except HubError as err:
            if err.code == "queue-empty":
                return
            raise
        desk.ticket, desk.matter, desk.serving = step.id, step.queue_matter, False
        return
    if not desk.serving:
        if rng.random() < 0.04:  # not there: recalled, then missed
            await c.recall(desk.ticket)
            await c.recall(desk.ticket)
            await c.no_show(desk.ticket)
            day.missed += 1
            desk.ticket = ""
            return
        await c.start(desk.ticket)
        desk.serving = True
        # Mostly a few minutes; now and then far past the half-hour limit (overdue).
        desk.steps_left = rng.choice((1, 2, 3, 4, 5, 8)) if rng.random() > 0.05 else 40
        return
    desk.steps_left -= 1
    if desk.steps_left > 0:
        return
    others = [m for m in matters if m != desk.matter]
    if others and rng.random() < 0.07:
        await c.transfer(desk.ticket, "需其他部门联合办理", to_matter=rng.choice(others))
        day.transferred += 1
        desk.ticket = ""
        return
    done = await _finish(c, desk, rng, today)
    day.served += 1
    desk.ticket = ""
    if rng.random() < 0.7:
        rating = rng.choices(("very-satisfied", "satisfied", "basic", "unsatisfied",
                              "very-unsatisfied"), (0.5, 0.3, 0.15, 0.04, 0.01))[0]
        bad = rating in ("unsatisfied", "very-unsatisfied")  # 好差评: say what went wrong
        await pad.request("POST", f"/api/tickets/{done.id}/rating", Rated, rq.Rate(
            window=desk.number, rating=rating, points=["服务效率"] if bad else [],
            reason="等候时间长" if bad else ""))
        day.rated += 1


async def _finish(c: HubClient, desk: _Window, rng: random.Random, today: date) -> Step:
    usual = HANDLING[desk.matter]
    roll = rng.random()
    if usual == "promised":
        return await c.finish(desk.ticket, "promised",
                              promised_date=today + timedelta(days=5))
    if roll < 0.08:
        return await c.finish(desk.ticket, "returned", reason="不符合办理条件，已书面告知")
    if roll < 0.15:
        return await c.finish(desk.ticket, "consultation", note="已解答")
    return await c.finish(desk.ticket, usual)


async def until_up(url: str, seconds: float = 60.0) -> None:
    """Wait for the hub at `url` to answer: a recipe may start it and its player at once."""
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while True:
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(url + "/api/openapi.json") as r:
                    if r.status == 200:
                        return
            if time.monotonic() > deadline:
                raise SystemExit(f"{url}: no hub answers there")
            await asyncio.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description="Play a day at a running demo hub.")
    parser.add_argument("url", help="the hub, e.g. http://127.0.0.1:8601")
    parser.add_argument("--residents", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--speed", type=float, default=120.0,
                        help="hall seconds per real second (default 120: a minute in 0.5 s)")
    args = parser.parse_args()

    async def advance(seconds: float) -> None:
        await asyncio.sleep(seconds / args.speed)

    async def run() -> Day:
        await until_up(args.url)
        return await play(args.url, advance, residents=args.residents, seed=args.seed)

    day = asyncio.run(run())
    print(f"{args.url}: {day.issued} tickets issued, {day.served} served, "
          f"{day.transferred} transferred, {day.missed} missed, {day.rated} rated, "
          f"{day.complaints} complaint(s), {day.booked} appointment(s) booked by phone")


if __name__ == "__main__":
    main()
