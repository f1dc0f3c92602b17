"""The kiosk's tests use the shared hub fixture (`tests/conftest.py`) and these."""

from __future__ import annotations

import pytest

import kiosk.screens.guard
import kiosk.screens.page
from tests.kiosk.kioskfixture import IdleTime


class ReadingTime:
    """The clock a page's touch guard (`kiosk.screens.guard`) reads, for the tests that do not
    test the guard: a second passes between any two looks, as a resident takes a moment to
    read a page before touching it. The tests of double taps hold it still instead."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture(autouse=True)
def reading_time(monkeypatch: pytest.MonkeyPatch) -> ReadingTime:
    clock = ReadingTime()
    monkeypatch.setattr(kiosk.screens.guard, "time", clock)
    return clock


@pytest.fixture
def idle_time(monkeypatch: pytest.MonkeyPatch) -> IdleTime:
    """The clock pages measure being left alone with, moved by the test (see `IdleTime`)."""
    still = IdleTime()
    monkeypatch.setattr(kiosk.screens.page, "time", still)
    return still
