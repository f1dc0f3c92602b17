"""The home page's other paths besides the matters, one button each.

A new page (预约签到 appointment check-in, 投诉建议 complaints) is added by appending a
`HomePath` here: its label, when it is shown, and the Screen it opens. Only the priority path
exists so far; the others come with the features they need in the hub.
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
    open: Callable[[KioskApp], Screen[None]]
    shown: Callable[[KioskApp], bool] = _always


def _priority(kiosk: KioskApp) -> Screen[None]:
    from kiosk.screens.priority import PriorityScreen

    return PriorityScreen()


PATHS: list[HomePath] = [
    HomePath("priority", texts.PRIORITY, texts.PRIORITY_EN, texts.PRIORITY_WHO, _priority),
]
