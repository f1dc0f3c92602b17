"""Which ticket is at the window now.

The mirror is the truth, but the hub answers a command a moment before its event reaches the
live feed; until the mirror has caught up with that answer, the answer wins, so a clerk who
calls and presses "start" at once is not told that nobody was called.
"""

from __future__ import annotations

from dataclasses import dataclass

from bianmin.domain.types import TicketState
from bianmin.mirror import HallMirror
from bianmin.wire.tickets import Step, TicketStaff

AT_WINDOW = (TicketState.CALLED, TicketState.SERVING)


@dataclass(frozen=True, slots=True)
class Answer:
    """A ticket as the hub's answer to a command gave it, and the last event that made it."""

    ticket: TicketStaff
    seq: int

    @classmethod
    def of(cls, reply: Step) -> Answer:
        return cls(reply, max(reply.events, default=0))


def current_ticket(
    mirror: HallMirror[TicketStaff], window: int, answer: Answer | None
) -> TicketStaff | None:
    if answer is not None and mirror.seq < answer.seq:
        t = answer.ticket
        return t if t.state in AT_WINDOW and t.window == window else None
    state = mirror.windows.get(window)
    current = state.current if state else None
    return mirror.tickets.get(current.id) if current else None
