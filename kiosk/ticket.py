"""What the kiosk knows about a ticket it has just issued: the hub's answer, with the
matter's materials and windows and the center's name, in one plain value.

Pure: the ticket screen and the printed receipt are both drawn from it, and read the lines
they share (the matter with its mark, how many are ahead, the windows) from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bianmin.domain.types import Priority
from bianmin.wire.bundles import BundleView
from bianmin.wire.hall import MatterView
from bianmin.wire.office import CheckedIn
from bianmin.wire.tickets import TicketPublic
from kiosk import texts
from kiosk.center import KioskCenter


@dataclass(frozen=True)
class Step:
    """One step of a 一件事 ticket, as the resident is told it."""

    matter_name: str
    windows: tuple[int, ...]
    any_order: bool  # may be taken in any order with the steps next to it so marked


def ordinal(n: int) -> str:
    """第一步's 一: the step's number in Chinese (a bundle has at most ten steps)."""
    return texts.STEP_ORDINALS[n - 1] if 1 <= n <= len(texts.STEP_ORDINALS) else str(n)


def step_lines(steps: tuple[Step, ...], *, windows: bool = True) -> list[str]:
    """第一步　户籍办理　1号、8号窗口 (without the windows: 第一步　户籍办理), one line a
    step, with 以下可不分先后 before a run of steps that may be taken in any order."""
    lines: list[str] = []
    for n, step in enumerate(steps, 1):
        if step.any_order and (n == 1 or not steps[n - 2].any_order):
            lines.append(texts.BUNDLE_ANY_ORDER)
        line = texts.BUNDLE_STEP.format(n=ordinal(n), matter=step.matter_name,
                                        windows=texts.join_windows(step.windows))
        lines.append(line if windows else line.rsplit("　", 1)[0])
    return lines


@dataclass(frozen=True)
class IssuedTicket:
    id: str
    number: str
    matter: str
    matter_name: str
    matter_name_en: str
    priority: bool
    ahead: int
    wait_minutes: int | None  # 预计等候 as the hub estimated it; None: no estimate
    issued_at: datetime
    windows: tuple[int, ...]
    materials: tuple[str, ...]
    wait_hint: str
    center_name: str
    center_name_en: str
    english: bool
    status_url: str
    appointment_name: str = ""  # the booking's name as the hub shows it: masked (王**)
    appointment_slot: str = ""  # empty unless the ticket came from an appointment's check-in
    # A 一件事 ticket: the bundle's names and its steps in order (the first is `matter`);
    # `materials` are then the whole's, each once. Empty for a ticket for one matter.
    bundle_name: str = ""
    bundle_name_en: str = ""
    steps: tuple[Step, ...] = ()

    @property
    def bundle(self) -> bool:
        return bool(self.steps)

    @property
    def steps_title(self) -> str:
        return texts.BUNDLE_STEPS.format(n=len(self.steps))

    @property
    def step_lines(self) -> list[str]:
        return step_lines(self.steps)

    @property
    def title_en(self) -> str:
        """The English name of what the ticket is for, when there is one."""
        return self.bundle_name_en if self.bundle else self.matter_name_en

    @property
    def appointment(self) -> bool:
        return bool(self.appointment_slot)

    @property
    def mark(self) -> str:
        """What the matter line adds in brackets: 优先, or 预约 with the booked slot."""
        if self.appointment:
            return f"{texts.APPOINTMENT_MARK} {self.appointment_slot}"
        return texts.PRIORITY_MARK if self.priority else ""

    @property
    def matter_line(self) -> str:
        """The matter (or the 一件事), with its mark in brackets: 户籍办理（优先）."""
        name = self.bundle_name if self.bundle else self.matter_name
        return name + (f"（{self.mark}）" if self.mark else "")

    @property
    def ahead_line(self) -> str:
        return texts.AHEAD.format(n=self.ahead) if self.ahead else texts.NEXT

    @property
    def ahead_line_en(self) -> str:
        return texts.AHEAD_EN.format(n=self.ahead) if self.ahead else texts.NEXT_EN

    @property
    def wait_line(self) -> str:
        """预计等候约 N 分钟, or nothing when the hub has no estimate (no window open for it)."""
        return texts.WAIT.format(n=self.wait_minutes) if self.wait_minutes else ""

    @property
    def wait_line_en(self) -> str:
        return texts.WAIT_EN.format(n=self.wait_minutes) if self.wait_minutes else ""

    @property
    def windows_line(self) -> str:
        """Where to go: for a 一件事, the first step's windows."""
        line = texts.BUNDLE_FIRST if self.bundle else texts.WINDOWS
        return line.format(windows=texts.join_windows(self.windows))

    @property
    def greeting(self) -> str:
        """The line above the number."""
        if not self.appointment:
            return texts.YOUR_NUMBER
        if self.appointment_name:
            return texts.CHECKED_IN_NAMED.format(name=self.appointment_name)
        return texts.CHECKED_IN

    @property
    def greeting_en(self) -> str:
        return texts.CHECKED_IN_EN if self.appointment else texts.YOUR_NUMBER_EN


def issued_ticket(ticket: TicketPublic, matter: MatterView | None, center: KioskCenter,
                  status_base: str, *, bundle: BundleView | None = None,
                  matters: Mapping[str, MatterView] | None = None) -> IssuedTicket:
    """Combine the hub's ticket view with the hall's matter view (None when the hall does not
    list it) and the center (and, for a check-in, the appointment the hub added to the
    ticket, masked). For a 一件事 ticket, `bundle` is the hall's view of it and `matters`
    the hall's matters, for each step's windows."""
    appointment = ticket.appointment if isinstance(ticket, CheckedIn) else None
    materials = tuple(matter.materials) if matter else ()
    bundle_name = bundle_name_en = ""
    steps: tuple[Step, ...] = ()
    if ticket.bundle is not None:
        known = matters or {}
        any_order = set(bundle.any_order) if bundle else set()
        steps = tuple(
            Step(s.matter_name, tuple(known[s.matter].windows) if s.matter in known else (),
                 s.matter in any_order)
            for s in ticket.bundle.steps)
        bundle_name = ticket.bundle.name
        bundle_name_en = bundle.name_en if bundle else ""
        if bundle is not None:
            materials = tuple(bundle.materials)
    return IssuedTicket(
        id=ticket.id,
        number=ticket.number,
        matter=ticket.matter,
        matter_name=ticket.matter_name or (matter.name if matter else ticket.matter),
        matter_name_en=matter.name_en if matter else "",
        priority=ticket.priority is Priority.PRIORITY,
        ahead=ticket.ahead,
        wait_minutes=ticket.wait_minutes,
        issued_at=ticket.issued_at,
        windows=tuple(matter.windows) if matter else (),
        materials=materials,
        wait_hint=matter.wait_hint if matter else "",
        center_name=center.name,
        center_name_en=center.name_en,
        english=center.english,
        status_url=f"{status_base.rstrip('/')}/t/{ticket.id}",
        appointment_name=appointment.name if appointment else "",
        appointment_slot=appointment.slot if appointment else "",
        bundle_name=bundle_name,
        bundle_name_en=bundle_name_en,
        steps=steps,
    )
