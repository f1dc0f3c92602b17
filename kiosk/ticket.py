"""What the kiosk knows about a ticket it has just issued: the hub's answer, with the
matter's materials and windows and the center's name, in one plain value.

Pure: the ticket screen and the printed receipt are both drawn from it, and read the lines
they share (the matter with its mark, how many are ahead, the windows) from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bianmin.domain.types import Priority
from bianmin.wire.hall import MatterView
from bianmin.wire.office import CheckedIn
from bianmin.wire.tickets import TicketPublic
from kiosk import texts
from kiosk.center import KioskCenter


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
        """The matter, with its mark in brackets: 户籍办理（优先）."""
        return self.matter_name + (f"（{self.mark}）" if self.mark else "")

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
        return texts.WINDOWS.format(windows=texts.join_windows(self.windows))

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
                  status_base: str) -> IssuedTicket:
    """Combine the hub's ticket view with the hall's matter view (None when the hall does not
    list it) and the center (and, for a check-in, the appointment the hub added to the
    ticket, masked)."""
    appointment = ticket.appointment if isinstance(ticket, CheckedIn) else None
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
        materials=tuple(matter.materials) if matter else (),
        wait_hint=matter.wait_hint if matter else "",
        center_name=center.name,
        center_name_en=center.name_en,
        english=center.english,
        status_url=f"{status_base.rstrip('/')}/t/{ticket.id}",
        appointment_name=appointment.name if appointment else "",
        appointment_slot=appointment.slot if appointment else "",
    )
