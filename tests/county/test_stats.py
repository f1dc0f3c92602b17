"""The county's times are the halls' definitions: `stats_of_runs` over sorted runs gives what
`_stats` gives over all their values together, to the last bit."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from bianmin.domain.figures import _stats, stats_of_runs

times = st.floats(min_value=0, max_value=86_400, allow_nan=False)


@given(st.lists(st.lists(times, max_size=30), max_size=12))
def test_runs_give_the_stats_of_their_values(runs: list[list[float]]) -> None:
    ordered = [sorted(r) for r in runs]
    assert stats_of_runs(ordered) == _stats([v for r in runs for v in r])


@given(st.lists(st.lists(st.sampled_from([0.0, 1.5, 2.25, 60.0]), max_size=20), max_size=8))
def test_ties_and_repeats(runs: list[list[float]]) -> None:
    ordered = [sorted(r) for r in runs]
    assert stats_of_runs(ordered) == _stats([v for r in runs for v in r])


def test_many_long_runs() -> None:
    rng = random.Random(7)
    runs = [sorted(round(rng.expovariate(1 / 300), 6) for _ in range(rng.randrange(0, 700)))
            for _ in range(90)]
    assert stats_of_runs(runs) == _stats([v for r in runs for v in r])


def test_many_runs_with_many_ties() -> None:
    rng = random.Random(11)
    runs = [sorted(float(rng.randrange(0, 40)) for _ in range(rng.randrange(0, 400)))
            for _ in range(60)]
    assert sum(map(len, runs)) > 5000  # past the point where the selection sorts what is left
    assert stats_of_runs(runs) == _stats([v for r in runs for v in r])
