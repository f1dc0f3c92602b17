"""Days at a center simulated by the hall's own pure code (`Hall.decide`, then `apply`), with no
hub and no clock but the one it moves: millions of valid events in minutes, for measuring the
county's figures at scale. Tickets arrive through the day; eight windows call, receive,
transfer and finish them (now and then past the time limit), residents rate, a few complain.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bianmin.domain import commands as cmd
from bianmin.domain import events as ev
from bianmin.domain import office_commands as oc
from bianmin.domain.catalog import Catalog
from bianmin.domain.errors import DomainError
from bianmin.domain.hall import Hall
from bianmin.domain.types import Outcome, TicketState

OPEN, CLOSE = time(8, 30), time(17, 0)


def simulate(catalog: Catalog, tz: ZoneInfo, first: date, days: int, per_day: int,
             seed: int) -> Iterator[ev.Event]:
    """Every event of `days` days from `first`, about `per_day` tickets a day."""
    rng = random.Random(seed)
    hall = Hall(catalog, tz)
    clerks = {n: f"{1000 + n}" for n in catalog.windows}
    matters = sorted(catalog.matters)
    # Residents come for what the windows serve: each window about as busy as the others.
    serving = [w.matters for w in catalog.windows.values()]

    def run(command: cmd.Command, now: datetime) -> list[ev.Event]:
        try:
            events = hall.decide(command, now)
        except DomainError:
            return []
        for e in events:
            hall.apply(e)
        return events

    for d in range(days):
        day = first + timedelta(days=d)
        now = datetime.combine(day, OPEN, tz)
        end = datetime.combine(day, CLOSE, tz)
        yield from run(cmd.CloseDay(), now)
        for n, clerk in clerks.items():
            yield from run(cmd.SignIn(window=n, clerk=clerk), now)
        busy: dict[int, tuple[str, datetime, bool]] = {}  # window: ticket, until, received
        arrivals = sorted(now + timedelta(seconds=rng.uniform(0, (end - now).total_seconds()))
                          for _ in range(max(1, int(rng.gauss(per_day, per_day / 10)))))
        complaints = 0
        while (arrivals or busy or hall.queues.ids()) and now < end + timedelta(hours=6):
            now += timedelta(seconds=rng.uniform(5, 40))
            while arrivals and arrivals[0] <= now:
                at = arrivals.pop(0)
                yield from run(cmd.IssueTicket(matter=rng.choice(rng.choice(serving)),
                                               request_id=uuid.uuid4().hex, device="kiosk-1"),
                               at)
            for n, clerk in clerks.items():
                if n not in busy:
                    called = run(cmd.CallNext(window=n, clerk=clerk), now)
                    if called:
                        yield from called
                        busy[n] = (called[0].ticket_id or "",
                                   now + timedelta(seconds=rng.uniform(10, 60)), False)
                    continue
                ticket, until, received = busy[n]
                if now < until:
                    continue
                if not received:
                    if rng.random() < 0.03:
                        yield from run(cmd.Recall(window=n, clerk=clerk, ticket=ticket), now)
                        yield from run(cmd.Recall(window=n, clerk=clerk, ticket=ticket), now)
                        yield from run(cmd.NoShow(window=n, clerk=clerk, ticket=ticket), now)
                        del busy[n]
                        continue
                    yield from run(cmd.Receive(window=n, clerk=clerk, ticket=ticket), now)
                    minutes = rng.lognormvariate(1.1, 0.5) if rng.random() > 0.02 else 40
                    busy[n] = (ticket, now + timedelta(minutes=minutes), True)
                    continue
                t = hall.tickets[ticket]
                if rng.random() < 0.06:
                    other = rng.choice([m for m in matters if m != t.queue_matter])
                    yield from run(cmd.Transfer(window=n, clerk=clerk, ticket=ticket,
                                                to_matter=other, reason="需其他部门联合办理"), now)
                    del busy[n]
                    continue
                matter = catalog.matters[t.queue_matter]
                outcome = matter.handling
                extra: dict[str, object] = {}
                if outcome is Outcome.PROMISED:
                    extra["promised_date"] = day + timedelta(days=5)
                elif rng.random() < 0.05:
                    outcome, extra["reason"] = Outcome.RETURNED, "不符合办理条件"
                yield from run(cmd.Finish(window=n, clerk=clerk, ticket=ticket,
                                          outcome=outcome, **extra), now)  # type: ignore[arg-type]
                del busy[n]
                if hall.tickets[ticket].state is TicketState.DONE and rng.random() < 0.7:
                    rating = rng.choices(("satisfied", "basic", "unsatisfied"),
                                         (0.85, 0.12, 0.03))[0]
                    yield from run(oc.RateTicket(ticket=ticket, window=n, rating=rating,
                                                 reason="等候时间长" if rating == "unsatisfied"
                                                 else "", device=f"rating-{n}"), now)
                    if rating == "unsatisfied" and complaints < 3:
                        complaints += 1
                        lodged = run(oc.LodgeComplaint(
                            channel="kiosk", reason="办事效率低，电话13812345678", code="ABCDEF",
                            window=n, clerk=clerk, phone="13812345678"), now)
                        yield from lodged
                        if lodged and rng.random() < 0.5:
                            yield from run(oc.AnswerComplaint(
                                number=getattr(lodged[0], "number", ""), by="9001",
                                result="已核实整改并回复"), now)
        for n, clerk in clerks.items():
            yield from run(cmd.SignOut(window=n, clerk=clerk), now)
