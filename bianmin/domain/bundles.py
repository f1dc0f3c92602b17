"""联办件 and 一件事一次办: one number, several matters, one first responder (the one home).

A bundle is a life event the center offers as one item (opening a small restaurant, a
newborn): an ordered list of matters, some of which may be taken in any order. A ticket
carries its plan (the matters, in order) from the moment it is issued for a bundle or a clerk
joins matters to it at the counter (联办), and the record of every step finished.

Finishing a step with an outcome that lets the resident go on moves the same ticket to the
next step's queue, in the transferred-in class (ahead of those who only just arrived); an
outcome that stops the matter (退回, 补充, 信访) ends the whole with the steps still to do
named. A resident is one person at one window at a time: steps that may be taken in any order
are taken one after another, each in whichever order waits least when the last step ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bianmin.domain.types import Outcome

# Outcomes after which the resident goes on to the next step; the others stop the whole.
GOES_ON = frozenset({Outcome.IMMEDIATE, Outcome.PROMISED, Outcome.CONSULTATION,
                     Outcome.ESCALATED})
STOPS = frozenset(Outcome) - GOES_ON
JOIN_LIMIT = 8  # matters a clerk may join to one ticket: more is not one visit


@dataclass(frozen=True, slots=True)
class Bundle:
    """A whole life event offered as one item (一件事), as configured."""

    id: str
    name: str
    matters: tuple[str, ...]  # in the order they are taken
    name_en: str = ""
    any_order: tuple[str, ...] = ()  # of `matters`: these may be taken in any order
    materials: tuple[str, ...] = ()  # besides the matters' own
    time_limit_minutes: int = 120  # from the ticket to the last step finished
    summary: str = ""  # one line for the kiosk: what the resident gets done


class BundleStatus(StrEnum):
    GOING = "going"  # steps remain and none stopped it
    DONE = "done"  # every step finished with an outcome that goes on
    STOPPED = "stopped"  # a step's outcome stopped it: the others remain
    ENDED = "ended"  # the ticket was cancelled or expired before the last step


BUNDLE_STATUS_NAMES: dict[BundleStatus, str] = {
    BundleStatus.GOING: "办理中",
    BundleStatus.DONE: "全部办结",
    BundleStatus.STOPPED: "已中止",
    BundleStatus.ENDED: "未办完",
}


@dataclass(frozen=True, slots=True)
class StepDone:
    """One step of a joint ticket, finished at a window."""

    matter: str
    window: int
    clerk: str
    outcome: Outcome
    received_at: datetime | None
    finished_at: datetime


def materials_for(bundle: Bundle, materials_of: Callable[[str], Iterable[str]]
                  ) -> tuple[str, ...]:
    """Everything to bring for the whole, each once (一次性告知): the matters' in order, then
    the bundle's own."""
    found: dict[str, None] = {}
    for prefix in bundle.matters:
        found.update(dict.fromkeys(materials_of(prefix)))
    found.update(dict.fromkeys(bundle.materials))
    return tuple(found)


def remaining(plan: tuple[str, ...], done: tuple[StepDone, ...]) -> tuple[str, ...]:
    """The plan's matters not yet finished, in plan order."""
    finished = {s.matter for s in done}
    return tuple(m for m in plan if m not in finished)


def choices(plan: tuple[str, ...], any_order: tuple[str, ...], done: tuple[StepDone, ...]
            ) -> tuple[str, ...]:
    """The steps that may be taken next: the first remaining one, and with it the rest of its
    run of any-order matters (a run is consecutive in the plan)."""
    left = remaining(plan, done)
    if not left:
        return ()
    first = left[0]
    if first not in any_order:
        return (first,)
    start = plan.index(first)
    run: list[str] = []
    for m in plan[start:]:
        if m not in any_order:
            break
        run.append(m)
    return tuple(m for m in run if m in left)


def next_step(plan: tuple[str, ...], any_order: tuple[str, ...], done: tuple[StepDone, ...],
              waiting: Callable[[str], int]) -> str | None:
    """The step the ticket goes to next: among the choices, the one with fewest waiting, the
    earlier in the plan on a tie; None when every step is done."""
    options = choices(plan, any_order, done)
    if not options:
        return None
    return min(options, key=lambda m: (waiting(m), plan.index(m)))


def status(plan: tuple[str, ...], done: tuple[StepDone, ...], final: bool) -> BundleStatus:
    """Where a joint ticket stands: `final` is whether the ticket itself has ended."""
    if not remaining(plan, done):
        return BundleStatus.DONE
    if done and done[-1].outcome in STOPS:
        return BundleStatus.STOPPED
    return BundleStatus.ENDED if final else BundleStatus.GOING


def over_limit(issued_at: datetime, finished_at: datetime, minutes: int) -> bool:
    """Whether the whole took longer than the bundle's time limit."""
    return finished_at - issued_at > timedelta(minutes=minutes)


def check_plan(matters: tuple[str, ...], any_order: tuple[str, ...]) -> str:
    """What is wrong with a plan, in words for the configuration's reader; '' when nothing."""
    if len(matters) < 2:
        return "a bundle needs at least two matters"
    if len(set(matters)) < len(matters):
        return "lists a matter twice"
    stray = [m for m in any_order if m not in matters]
    if stray:
        return f"any_order names {stray[0]}, which is not among the bundle's matters"
    places = sorted(matters.index(m) for m in set(any_order))
    if places and places[-1] - places[0] + 1 != len(places):
        return "the any_order matters must follow one another in matters"
    if len(places) == 1:
        return "any_order needs at least two matters, or none"
    return ""
