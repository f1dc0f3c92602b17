"""Helpers for driving the pure domain in tests: a small hall, a clock, one-line commands."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain.bundles import Bundle
from bianmin.domain.catalog import Catalog, Matter, Rules, Window
from bianmin.domain.hall import Hall
from bianmin.domain.types import Outcome, Priority

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=TZ)

MATTERS = {
    "A": Matter("A", "户籍办理", materials=("居民身份证", "户口簿", "照片")),
    "B": Matter("B", "社保医保", materials=("居民身份证", "社会保障卡")),
    "C": Matter("C", "民政救助", handling=Outcome.PROMISED, materials=("居民身份证",)),
}
WINDOWS = {
    1: Window(1, "户籍", ("A",)),
    2: Window(2, "社保", ("B",)),
    3: Window(3, "综合", ("A", "B")),
    4: Window(4, "综合（事项顺序）", ("B", "A"), strict_matter_order=True),
    5: Window(5, "民政", ("C",)),
}


class World:
    """A hall plus a clock; every command goes through decide-then-apply, like the hub."""

    def __init__(self, rules: Rules | None = None, matters: dict[str, Matter] | None = None,
                 bundles: dict[str, Bundle] | None = None) -> None:
        self.now = T0
        self.hall = Hall(Catalog(matters or MATTERS, WINDOWS, rules or Rules(),
                                 {f"{1000 + n}": f"clerk{n}" for n in range(1, 9)},
                                 bundles=bundles or {}), TZ)
        self.requests = 0
        self.log: list[ev.Event] = []  # every event, in order
        for n in WINDOWS:
            self.do(cmd.SignIn(window=n, clerk=f"{1000 + n}"))

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def do(self, command: cmd.Command) -> list[ev.Event]:
        events = self.hall.decide(command, self.now)
        for e in events:
            self.hall.apply(e)
        self.log.extend(events)
        return events

    def issue(self, matter: str, priority: Priority = Priority.NORMAL) -> str:
        self.requests += 1
        self.tick(seconds=1)
        (e,) = self.do(cmd.IssueTicket(matter=matter, priority=priority,
                                       request_id=f"req-{self.requests:06d}"))
        assert isinstance(e, ev.TicketIssued)
        return e.ticket

    def call(self, window: int) -> str:
        self.tick(seconds=1)
        (e,) = self.do(cmd.CallNext(window=window, clerk=f"{1000 + window}"))
        assert e.ticket_id is not None
        return e.ticket_id

    def receive(self, window: int, ticket: str) -> None:
        self.do(cmd.Receive(window=window, clerk=f"{1000 + window}", ticket=ticket))

    def serve(self, window: int) -> str:
        """Call the next ticket at `window` and start serving it."""
        t = self.call(window)
        self.receive(window, t)
        return t

    def transfer(self, window: int, ticket: str, *, to_window: int | None = None,
                 to_matter: str | None = None, reason: str = "需要其他部门办理") -> None:
        self.tick(seconds=1)
        self.do(cmd.Transfer(window=window, clerk=f"{1000 + window}", ticket=ticket,
                             to_window=to_window, to_matter=to_matter, reason=reason))

    def finish(self, window: int, ticket: str, outcome: Outcome = Outcome.IMMEDIATE,
               **fields: object) -> list[ev.Event]:
        return self.do(cmd.Finish(window=window, clerk=f"{1000 + window}", ticket=ticket,
                                  outcome=outcome, **fields))  # type: ignore[arg-type]
