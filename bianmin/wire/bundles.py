"""Bundles (一件事) and joint tickets (联办件) on the wire.

`BundleView` is what the kiosk offers: a life event, its steps and everything to bring for the
whole, listed once. `BundleStep` is one step of a ticket's plan as anyone following the number
may see it (a resident's phone, the hall display); `StepRecord` is a finished step as staff
see it, with the clerk and the outcome.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bianmin.domain.bundles import BundleStatus
from bianmin.domain.types import Outcome
from bianmin.wire.base import Wire

StepState = Literal["done", "now", "next", "left"]  # left: not taken, the bundle stopped


class BundleView(Wire):
    id: str
    name: str
    name_en: str
    summary: str
    matters: list[str]  # in the order they are taken
    matter_names: list[str]
    any_order: list[str]
    materials: list[str]  # for the whole, each once (一次性告知)
    time_limit_minutes: int


class BundleStep(Wire):
    matter: str
    matter_name: str
    state: StepState
    window: int | None  # where it was finished, or where it is being taken now


class BundleProgress(Wire):
    """Where a joint ticket stands, for anyone following its number."""

    bundle: str  # the 一件事's id; "" when a clerk joined the matters at a window
    name: str  # the 一件事's name, or 联办件
    status: BundleStatus
    status_name: str
    steps: list[BundleStep]
    step: int  # 1-based: the step being taken, or the last one taken when it ended
    of: int


class StepRecord(Wire):
    """A finished step as staff see it."""

    matter: str
    matter_name: str
    window: int
    clerk: str
    clerk_name: str
    outcome: Outcome
    outcome_name: str
    received_at: datetime | None
    finished_at: datetime
