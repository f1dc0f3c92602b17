"""The home page's other paths besides the matters, one button each.

A new page is added by appending a `HomePath` here: its label, a line under it (in full
where the button is wide enough, else short), when it is shown, and the Screen it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.screen import Screen

from kiosk import texts

if TYPE_CHECKING:
    from kiosk.app import KioskApp


def _always(kiosk: KioskApp) -> bool:
    return True


@dataclass(frozen=True)
class HomePath:
    id: str
    label: str
    label_en: str
    hint: str  # one line under the label, in Chinese
    short_hint: str  # the same, for a narrow button
    open: Callable[[KioskApp], Screen[None]]
    shown: Callable[[KioskApp], bool] = _always


def _priority(kiosk: KioskApp) -> Screen[None]:
    from kiosk.screens.priority import PriorityScreen

    return PriorityScreen()


def _check_in(kiosk: KioskApp) -> Screen[None]:
    from kiosk.screens.check_in import CheckInScreen

    return CheckInScreen()


def _complaint(kiosk: KioskApp) -> Screen[None]:
    from kiosk.screens.complaint import ComplaintScreen

    return ComplaintScreen()


PATHS: list[HomePath] = [
    HomePath("priority", texts.PRIORITY, texts.PRIORITY_EN, texts.PRIORITY_WHO,
             texts.PRIORITY_SHORT, _priority),
    HomePath("check-in", texts.CHECK_IN, texts.CHECK_IN_EN, texts.CHECK_IN_WHO,
             texts.CHECK_IN_SHORT, _check_in),
    HomePath("complaint", texts.COMPLAINT, texts.COMPLAINT_EN, texts.COMPLAINT_WHO,
             texts.COMPLAINT_SHORT, _complaint),
]
