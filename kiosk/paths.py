"""The home page's other paths besides the matters, one button each.

A new page is added by appending a `HomePath` here: its label, a line under it (in full
where the button is wide enough, else short), the Screen it opens, its place: `top`, a
full-width button above the matters, seen first (优先通道, for the elderly; 一件事一次办), or
`bottom`, a row under them; and when it is offered (一件事一次办 only where the hall has
bundles).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.screen import Screen

from kiosk import texts
from kiosk.screens.bundles import BundleScreen
from kiosk.screens.check_in import CheckInScreen
from kiosk.screens.complaint import ComplaintScreen
from kiosk.screens.priority import PriorityScreen

if TYPE_CHECKING:
    from kiosk.app import KioskApp


def always(kiosk: KioskApp) -> bool:
    return True


def has_bundles(kiosk: KioskApp) -> bool:
    return bool(kiosk.mirror.bundles)


@dataclass(frozen=True)
class HomePath:
    id: str
    label: str
    label_en: str
    hint: str  # one line under the label, in Chinese
    short_hint: str  # the same, for a narrow button
    open: Callable[[], Screen[None]]  # the page, made afresh for each touch
    place: Literal["top", "bottom"] = "bottom"
    short_label: str = ""  # the label where the button is narrow, when it has one
    offered: Callable[[KioskApp], bool] = always  # whether the home page shows it now


PATHS: list[HomePath] = [
    HomePath("priority", texts.PRIORITY, texts.PRIORITY_EN, texts.PRIORITY_WHO,
             texts.PRIORITY_SHORT, PriorityScreen, place="top"),
    HomePath("bundle", texts.BUNDLE, texts.BUNDLE_EN, texts.BUNDLE_WHO, texts.BUNDLE_SHORT,
             BundleScreen, place="top", short_label=texts.BUNDLE_SHORT_LABEL,
             offered=has_bundles),
    HomePath("check-in", texts.CHECK_IN, texts.CHECK_IN_EN, texts.CHECK_IN_WHO,
             texts.CHECK_IN_SHORT, CheckInScreen),
    HomePath("complaint", texts.COMPLAINT, texts.COMPLAINT_EN, texts.COMPLAINT_WHO,
             texts.COMPLAINT_SHORT, ComplaintScreen),
]
