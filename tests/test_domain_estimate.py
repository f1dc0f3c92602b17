"""The wait estimate (预计等候): played forward from the windows open now and today's service
times, with a start from the matter's time limit before the day has data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bianmin.domain import commands as cmd
from bianmin.domain import estimate
from bianmin.domain.catalog import Matter
from bianmin.domain.estimate import Desk, ServiceTimes, schedule, shown, starting_minutes
from bianmin.domain.hall import Hall
from tests.domainkit import T0, World


def only_window(w: World, *open_windows: int) -> None:
    """Sign out every window but these."""
    for n in list(w.hall.windows):
        if n not in open_windows:
            w.do(cmd.SignOut(window=n, clerk=f"{1000 + n}"))


def served(w: World, window: int, minutes: float) -> str:
    """Call the next ticket at `window`, serve it for `minutes` and finish it."""
    t = w.call(window)
    w.receive(window, t)
    w.tick(minutes=minutes)
    w.finish(window, t)
    return t


def test_a_desk_calls_at_once_then_every_service_time() -> None:
    one = Desk(window=1, free_at=4.0, every=10.0, share=1.0)
    assert schedule([one], 3) == [4.0, 14.0, 24.0]
    # Two desks share the line; the earliest free calls first.
    two = Desk(window=2, free_at=0.0, every=10.0, share=1.0)
    assert schedule([one, two], 4) == [0.0, 4.0, 10.0, 14.0]
    # Half of a shared desk's calls go to this line: every second call, on average.
    half = Desk(window=3, free_at=0.0, every=6.0, share=0.5)
    assert schedule([half], 2) == [6.0, 18.0]
    assert schedule([], 3) == [] and schedule([one], 0) == []


def test_before_any_data_the_start_comes_from_the_time_limit() -> None:
    assert starting_minutes(Matter("A", "户籍", time_limit_minutes=30)) == 10
    assert starting_minutes(Matter("D", "不动产", time_limit_minutes=45)) == 15
    assert starting_minutes(Matter("J", "咨询", time_limit_minutes=6)) == 3  # at least 3
    assert starting_minutes(Matter("X", "长", time_limit_minutes=300)) == 20  # at most 20
    w = World()
    only_window(w, 1)  # A at window 1 alone
    assert w.hall.wait_for_matter("A", w.now) == 0  # nobody waits: called at once
    tickets = [w.issue("A") for _ in range(3)]
    assert [w.hall.wait_for(w.hall.tickets[t], w.now) for t in tickets] == [0, 10, 20]
    assert w.hall.wait_for_matter("A", w.now) == 30


def test_more_windows_open_shorten_the_wait_and_none_open_says_nothing() -> None:
    w = World()
    only_window(w, 1)
    for _ in range(6):
        w.issue("A")
    alone = w.hall.wait_for_matter("A", w.now)
    w.do(cmd.SignIn(window=3, clerk="1003"))  # window 3 serves A and B, first come first
    shared = w.hall.wait_for_matter("A", w.now)
    assert alone is not None and shared is not None and shared < alone
    w.do(cmd.Pause(window=1, clerk="1001", reason="午间休息"))
    w.do(cmd.SignOut(window=3, clerk="1003"))
    assert w.hall.wait_for_matter("A", w.now) is None  # no open window calls A now
    assert w.hall.wait_for(w.hall.tickets[next(iter(w.hall.tickets))], w.now) is None


def test_a_shared_window_gives_each_line_its_part() -> None:
    w = World()
    only_window(w, 3)  # window 3: A and B, first come first served
    for _ in range(3):
        w.issue("A")
    before = w.hall.wait_for_matter("A", w.now)
    for _ in range(3):
        w.issue("B")  # B's tickets take half of window 3's calls
    after = w.hall.wait_for_matter("A", w.now)
    assert before == 30 and after is not None and after > before


def test_strict_order_puts_the_earlier_matter_first() -> None:
    w = World()
    only_window(w, 4)  # window 4: B before A, whenever they came
    a = w.issue("A")
    assert w.hall.wait_for(w.hall.tickets[a], w.now) == 0
    for _ in range(2):
        w.issue("B")
    assert w.hall.wait_for(w.hall.tickets[a], w.now) == 20  # both B tickets first


def test_the_day_teaches_the_estimate_its_service_times() -> None:
    w = World()
    only_window(w, 1)
    for _ in range(10):
        w.issue("A")
    start = w.hall.wait_for_matter("A", w.now)
    for _ in range(6):
        served(w, 1, 4)  # four minutes each today, not the ten it started from
    learned = w.hall.wait_for_matter("A", w.now)
    assert start == 100  # ten ahead at ten minutes each
    assert learned is not None and learned < 40  # 5 in line at about 6 minutes each
    # Six services of 4 minutes: the hall's mean leans on the start of 10 as if it were three
    # tickets, the window's mean on the hall's.
    took = 6 * 4
    hall_mean = (3 * 10 + took) / 9
    mean = w.hall.service_times.mean(w.hall.today(w.now), w.hall.catalog.matters["A"], 1)
    assert mean == pytest.approx((3 * hall_mean + took) / 9, abs=0.001)


def test_a_service_under_way_is_counted_down() -> None:
    w = World()
    only_window(w, 1)
    w.issue("A")
    w.issue("A")
    first = w.call(1)
    w.receive(1, first)
    waiting = next(t for t in w.hall.tickets.values() if t.id != first)
    assert w.hall.wait_for(waiting, w.now) == 10  # the service just began: ten minutes
    w.tick(minutes=6)
    assert w.hall.wait_for(waiting, w.now) == 4
    w.tick(minutes=30)  # far past the mean: still a quarter of it, not zero
    assert w.hall.wait_for(waiting, w.now) == 3  # 2.5 minutes, said as 3


def test_a_transferred_ticket_waits_for_its_window_alone() -> None:
    w = World()
    a = w.issue("A")
    w.serve(1)
    w.transfer(1, a, to_window=5)
    ticket = w.hall.tickets[a]
    assert w.hall.wait_for(ticket, w.now) == 0
    w.do(cmd.SignOut(window=5, clerk="1005"))
    assert w.hall.wait_for(ticket, w.now) is None


def test_what_leaves_a_window_is_timed_and_a_new_day_starts_afresh() -> None:
    w = World()
    t = w.issue("A")
    w.call(1)
    w.tick(minutes=3)
    for _ in range(2):
        w.do(cmd.Recall(window=1, clerk="1001", ticket=t))
    w.do(cmd.NoShow(window=1, clerk="1001", ticket=t))  # three minutes spent on a no-show
    b = w.issue("B")
    w.serve(2)
    w.tick(minutes=7)
    w.transfer(2, b, to_matter="A")  # seven minutes at window 2
    times = w.hall.service_times
    day = w.hall.today(w.now)
    assert times.served(day, "A") == 1 and times.served(day, "B") == 1
    assert times.by_desk[(2, "B")].minutes == pytest.approx(7 + 1 / 60, abs=0.001)
    w.tick(days=1)
    tomorrow = w.hall.today(w.now)
    assert times.served(tomorrow, "A") == 0
    assert times.mean(tomorrow, w.hall.catalog.matters["A"], 1) == 10


def test_a_restarted_hall_remembers_todays_service_times() -> None:
    w = World()
    for _ in range(3):
        w.issue("A")
    for _ in range(3):
        served(w, 1, 5)
    again = Hall(w.hall.catalog, w.hall.tz)
    again.restore(list(w.hall.tickets.values()), list(w.hall.windows.values()))
    day = w.hall.today(w.now)
    matter = w.hall.catalog.matters["A"]
    assert again.service_times.mean(day, matter, 1) == pytest.approx(
        w.hall.service_times.mean(day, matter, 1))


@pytest.mark.parametrize(("minutes", "said"), [
    (None, None), (0.0, 0), (0.4, 0), (0.5, 1), (3.2, 3), (9.4, 9), (9.6, 10), (12.4, 10),
    (12.6, 15), (47.0, 45), (48.0, 50)])
def test_minutes_are_said_whole_then_to_the_nearest_five(minutes: float | None,
                                                         said: int | None) -> None:
    assert shown(minutes) == said


def test_service_times_of_an_earlier_day_are_not_todays() -> None:
    times = ServiceTimes()
    day = T0.date()
    matter = Matter("A", "户籍")
    times.record(day, 1, "A", 2.0)
    assert times.mean(day, matter, 1) < 10
    assert times.mean(day + timedelta(days=1), matter, 1) == 10
    assert estimate.PRIOR_WEIGHT > 0
