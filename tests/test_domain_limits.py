"""Time limits (限时办结制): one serving limit per matter, its warning point, overdue while
served and at the finish, and the figures counting what the finish recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bianmin.domain import events as ev
from bianmin.domain.catalog import Matter, Rules
from bianmin.domain.figures import Figures
from bianmin.domain.limits import overdue, serving_limit
from bianmin.domain.types import Outcome
from tests.domainkit import MATTERS, T0, TZ, World

RULES = Rules(immediate_limit_minutes=30)
# Window 1 serves A, window 2 serves B (tests/domainkit.py).
FIFTEEN = {
    **MATTERS,
    "A": Matter("A", "户籍办理", time_limit_minutes=15),  # immediate, 15 minutes
    "B": Matter("B", "综合咨询", handling=Outcome.CONSULTATION, time_limit_minutes=15),
}


@pytest.mark.parametrize(
    ("handling", "own", "expected"),
    [
        (Outcome.IMMEDIATE, 45, 30),  # on-the-spot matters never get more than the hall's
        (Outcome.IMMEDIATE, 15, 15),
        (Outcome.PROMISED, 45, 45),  # every other matter its own
        (Outcome.CONSULTATION, 15, 15),
    ],
)
def test_every_matter_has_its_own_limit(handling: Outcome, own: int, expected: int) -> None:
    limit = serving_limit(Matter("X", "事项", handling=handling, time_limit_minutes=own), RULES)
    assert limit.minutes == expected
    assert limit.due_at(T0) == T0 + timedelta(minutes=expected)
    assert limit.warn_at(T0) == T0 + timedelta(minutes=expected) * 4 / 5


@pytest.mark.parametrize("matter", ["A", "B"])
def test_served_past_the_limit_is_overdue_whatever_the_outcome(matter: str) -> None:
    w = World(RULES, FIFTEEN)
    w.issue(matter)
    window = 1 if matter == "A" else 2
    t = w.serve(window)
    received = w.now
    catalog = w.hall.catalog

    def flagged() -> bool:
        return overdue(w.hall.tickets[t], catalog.matters[matter], catalog.rules, w.now)

    w.tick(minutes=12)
    assert not flagged()  # at the warning point, not yet overdue
    w.tick(minutes=3)
    assert w.now == received + timedelta(minutes=15) and not flagged()  # at the limit exactly
    w.tick(seconds=1)
    assert flagged()


@pytest.mark.parametrize("matter", ["A", "B"])
def test_a_finish_as_immediate_past_the_matters_limit_is_overdue(matter: str) -> None:
    """Under the old rule a 15-minute matter finished at 20 minutes was recorded on time."""
    w = World(RULES, FIFTEEN)
    window = 1 if matter == "A" else 2
    w.issue(matter)
    w.issue(matter)
    w.issue(matter)
    on_time = w.serve(window)
    w.tick(minutes=15)
    (e,) = w.finish(window, on_time)
    assert isinstance(e, ev.TicketFinished) and not e.overdue
    late = w.serve(window)
    w.tick(minutes=20)
    (e,) = w.finish(window, late)
    assert isinstance(e, ev.TicketFinished) and e.overdue
    assert w.hall.tickets[late].overdue
    answered = w.serve(window)  # as late, but a consultation is no overdue 即办件
    w.tick(minutes=20)
    (e,) = w.finish(window, answered, Outcome.CONSULTATION)
    assert isinstance(e, ev.TicketFinished) and not e.overdue

    day = T0.date()
    (row,) = [r for r in Figures(w.hall.catalog, TZ, day, day).add(w.log).rows()
              if r["dimension"] == "all"]
    assert row["overdue"] == 1


def test_the_limit_runs_afresh_at_the_window_a_ticket_is_transferred_to() -> None:
    w = World(RULES, FIFTEEN)
    t = w.issue("A")
    w.serve(1)
    w.tick(minutes=14)
    w.transfer(1, t, to_matter="B", reason="需要咨询")
    assert w.serve(2) == t
    w.tick(minutes=14)
    assert not overdue(w.hall.tickets[t], FIFTEEN["B"], RULES, w.now)
    (e,) = w.finish(2, t)
    assert isinstance(e, ev.TicketFinished) and not e.overdue
