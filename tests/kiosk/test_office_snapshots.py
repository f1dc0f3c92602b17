"""Snapshots of 预约签到 and 投诉建议 at 80x24 and at a large size, on a fixed clock.

Update with `pytest tests/kiosk/test_office_snapshots.py --snapshot-update` and look at the
result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.kiosk.officekit import choose, press_keys, tap
from tests.kiosk.test_snapshots import LARGE, Hall, Snap, hall, kiosk_app, online

__all__ = ["hall"]  # the fixture
Steps = Callable[[Pilot[Any]], Awaitable[None]]


async def code_half_typed(pilot: Pilot[Any]) -> None:
    await online(pilot)
    await tap(pilot, "#path-check-in")
    await press_keys(pilot, "code-keys", "K7P")
    await pilot.pause(0.2)


async def phone_and_surname(pilot: Pilot[Any]) -> None:
    await online(pilot)
    await tap(pilot, "#path-check-in")
    await tap(pilot, "#switch")
    await press_keys(pilot, "digit-keys", "567")
    await choose(pilot, "surname-keys", "王")
    await pilot.pause(0.2)


async def complaint_last_step(pilot: Pilot[Any]) -> None:
    await online(pilot)
    await tap(pilot, "#path-complaint")
    await tap(pilot, "#windows #c-3")
    await tap(pilot, "#clerks #c-1003")
    await choose(pilot, "reasons", "一次性告知不到位")
    await press_keys(pilot, "phone-keys", "1381234")
    await pilot.pause(0.2)


@pytest.mark.parametrize(("steps", "size"), [
    (code_half_typed, (80, 24)), (code_half_typed, LARGE), (phone_and_surname, (80, 24)),
    (complaint_last_step, (80, 24)), (complaint_last_step, LARGE),
], ids=["check-in-80x24", "check-in-large", "by-phone-80x24", "complaint-80x24",
        "complaint-large"])
def test_page(snap_compare: Snap, hall: Hall, steps: Steps, size: tuple[int, int]) -> None:
    assert snap_compare(kiosk_app(hall), terminal_size=size, run_before=steps)
