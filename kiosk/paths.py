"""The home page's other paths besides the matters, one button each.

A new page is added by appending a `HomePath` here: its label, a line under it (in full
where the button is wide enough, else short), the Screen it opens, and its place: `top`, a
full-width button above the matters, seen first (优先通道, for the elderly), or `bottom`, a
row under them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from textual.screen import Screen

from kiosk import texts
from kiosk.screens.check_in import CheckInScreen
from kiosk.screens.complaint import ComplaintScreen
from kiosk.screens.priority import PriorityScreen


@dataclass(frozen=True)
class HomePath:
    id: str
    label: str
    label_en: str
    hint: str  # one line under the label, in Chinese
    short_hint: str  # the same, for a narrow button
    open: Callable[[], Screen[None]]  # the page, made afresh for each touch
    place: Literal["top", "bottom"] = "bottom"


PATHS: list[HomePath] = [
    HomePath("priority", texts.PRIORITY, texts.PRIORITY_EN, texts.PRIORITY_WHO,
             texts.PRIORITY_SHORT, PriorityScreen, place="top"),
    HomePath("check-in", texts.CHECK_IN, texts.CHECK_IN_EN, texts.CHECK_IN_WHO,
             texts.CHECK_IN_SHORT, CheckInScreen),
    HomePath("complaint", texts.COMPLAINT, texts.COMPLAINT_EN, texts.COMPLAINT_WHO,
             texts.COMPLAINT_SHORT, ComplaintScreen),
]
