"""The kiosk's tests use the shared hub fixture (`tests/conftest.py`) and these."""

from __future__ import annotations

import pytest

import kiosk.screens.page
from tests.kiosk.kioskfixture import IdleTime


@pytest.fixture
def idle_time(monkeypatch: pytest.MonkeyPatch) -> IdleTime:
    """The clock pages measure being left alone with, moved by the test (see `IdleTime`)."""
    still = IdleTime()
    monkeypatch.setattr(kiosk.screens.page, "time", still)
    return still
