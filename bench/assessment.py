"""The month's 考核: how long the report takes to make for a busy month, and what it costs.

Run: `.venv/bin/python -m bench.assessment [TICKETS_A_DAY]` (default 600). A month of the
demo hall is made through the domain itself (`Hall.decide` and `apply`, the hub's own rules):
every working day of November 2026 that many tickets issued, called, received and finished
at eight windows, three in four rated (one in ten of those badly, each opening a case, called
back and closed later, some in December), a complaint every few tickets. It is written to a
SQLite file with the hub's store, one transaction a day; then a hub is started on that file
and asked for the month's report (JSON) and its workbook over HTTP, each a few times.
"""

from __future__ import annotations

import asyncio
import random
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web

from bench.common import free_port
from bianmin import sample
from bianmin.config import Config, load
from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain import office_commands as oc
from bianmin.domain.errors import NotFound
from bianmin.domain.hall import Hall
from bianmin.domain.types import Outcome
from server.app import create_app
from server.store import Store

HALL = ZoneInfo("Asia/Shanghai")
DESKS = {1: ("1001", "A"), 2: ("1002", "B"), 3: ("1003", "F"), 4: ("1004", "C"),
         5: ("1005", "D"), 6: ("1006", "E"), 7: ("1007", "G"), 8: ("1008", "J")}
LEVELS = ["very-satisfied", "satisfied", "satisfied", "satisfied", "basic", "basic",
          "very-satisfied", "satisfied", "basic", "unsatisfied"]


def month_days() -> list[date]:
    first = date(2026, 11, 2)
    return [first + timedelta(days=n) for n in range(29)
            if (first + timedelta(days=n)).weekday() < 5]


class Maker:
    """The month through the domain's own rules, day by day, into the store."""

    def __init__(self, config: Config, store: Store) -> None:
        self.hall = Hall(config.catalog, config.tz)
        self.store = store
        self.seq = 0
        self.rng = random.Random(2026)
        self.now = datetime(2026, 11, 2, 8, 0, tzinfo=HALL)
        self.log: list[ev.Event] = []

    def do(self, command: cmd.Command) -> list[ev.Event]:
        events = self.hall.decide(command, self.now)
        for e in events:
            self.hall.apply(e)
        self.log.extend(events)
        return events

    async def commit(self) -> None:
        touched = dict.fromkeys(e.ticket_id for e in self.log if e.ticket_id)
        await self.store.commit(self.seq + 1, self.log,
                                [self.hall.tickets[t] for t in touched if t in self.hall.tickets],
                                list(self.hall.windows.values()), [],
                                self.hall.office.take_dirty())
        self.seq += len(self.log)
        self.log = []

    async def day(self, day: date, tickets: int) -> None:
        self.now = datetime(day.year, day.month, day.day, 8, 30, tzinfo=HALL)
        self.do(cmd.CloseDay())
        for window, (clerk, _) in DESKS.items():
            self.do(cmd.SignIn(window=window, clerk=clerk))
        for i in range(tickets):
            self.now += timedelta(seconds=25)
            window = 1 + i % 8
            self.do(cmd.IssueTicket(matter=DESKS[window][1], request_id=f"{day}-{i}"))
        self.now = datetime(day.year, day.month, day.day, 9, 0, tzinfo=HALL)
        serving = {w: 0 for w in DESKS}
        while True:
            busy = False
            for window, (clerk, _) in DESKS.items():
                try:
                    (called,) = self.do(cmd.CallNext(window=window, clerk=clerk))
                except NotFound:  # this window's queue is empty
                    continue
                busy = True
                tid = called.ticket_id or ""
                self.do(cmd.Receive(window=window, clerk=clerk, ticket=tid))
                serving[window] += 1
                self.now += timedelta(seconds=self.rng.randint(20, 90))
                self.do(cmd.Finish(window=window, clerk=clerk, ticket=tid,
                                   outcome=Outcome.CONSULTATION))
                if self.rng.random() < 0.75:
                    level = self.rng.choice(LEVELS)
                    bad = level == "unsatisfied"
                    self.do(oc.RateTicket(ticket=tid, window=window, rating=level,
                                          points=("服务效率",) if bad else ()))
                if self.rng.random() < 0.02:
                    self.do(oc.LodgeComplaint(channel="web", reason="慢", code="ABCDEF",
                                              window=window))
            if not busy:
                break
        self.now = datetime(day.year, day.month, day.day, 17, 30, tzinfo=HALL)
        for case in list(self.hall.office.cases.values()):
            if case.state == "open" and self.rng.random() < 0.3:
                self.do(oc.CallBackCase(case=case.id, by="9001", reached=True, note="理解"))
                self.do(oc.RectifyCase(case=case.id, by="9001", note="培训"))
                self.do(oc.CloseCase(case=case.id, by="9001"))
        await self.commit()
        self.hall.forget_before(day)


async def main() -> None:
    per_day = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    with tempfile.TemporaryDirectory(prefix="bianmin-bench-") as tmp:
        path, _ = sample.write(Path(tmp), demo=True)
        config = load(path)
        store = await Store.open(config.database)
        maker = Maker(config, store)
        started = time.perf_counter()
        for day in [*month_days(), date(2026, 12, 1), date(2026, 12, 2)]:
            await maker.day(day, per_day if day.month == 11 else 0)
        made = time.perf_counter() - started
        await store.close()
        events = maker.seq
        size = config.database.stat().st_size / 2**20
        print(f"made {events} events ({len(month_days())} days x {per_day} tickets) "
              f"in {made:.1f} s; database {size:.1f} MiB")

        app = create_app(config, clock=lambda: datetime(2026, 12, 2, 18, 0, tzinfo=HALL),
                         tick=3600.0)
        runner = web.AppRunner(app, handle_signals=False)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        url = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as s:
                async with s.post(url + "/api/login",
                                  json={"staff_no": "9001", "pin": sample.DEMO_PIN}) as r:
                    token = (await r.json())["token"]
                headers = {"Authorization": f"Bearer {token}"}
                for what in ("/api/assessment?month=2026-11",
                             "/api/assessment.xlsx?month=2026-11"):
                    times, size_kb = [], 0.0
                    for _ in range(3):
                        t0 = time.perf_counter()
                        async with s.get(url + what, headers=headers) as r:
                            body = await r.read()
                            assert r.status == 200, body[:200]
                        times.append(time.perf_counter() - t0)
                        size_kb = len(body) / 1024
                    print(f"{what}: best {min(times) * 1000:.0f} ms, worst "
                          f"{max(times) * 1000:.0f} ms, {size_kb:.0f} kB")
        finally:
            await runner.cleanup()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process (maker and hub): {peak:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
