"""What every part of the desk shares: the session, the window's state and the ticket at it,
the message line. `DeskScreen` composes the page; its parts for slips (`desk_slips`) and for
what the office decides (`desk_office`) build on this."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from bianmin.domain.types import TicketState, WindowStatus
from bianmin.wire.hall import WindowPublic, WindowStaff
from bianmin.wire.tickets import Step, TicketPublic, TicketStaff
from counter.current import Answer, current_ticket
from counter.printer import WindowPrinter
from counter.session import Session
from counter.widgets.message_bar import MessageBar
from counter.widgets.promise_panel import PromisePanel
from counter.widgets.supervision_panel import SupervisionPanel
from counter.widgets.ticket_panel import TicketPanel
from counter.widgets.window_bar import WindowBar

if TYPE_CHECKING:
    from counter.app import CounterApp

NOTHING_CALLED = "当前没有号票，请先按 C 叫号。"
START_FIRST = "请先按 S 开始办理，再{}。"


class DeskBase(Screen[None]):
    def __init__(self, session: Session, printer: WindowPrinter) -> None:
        super().__init__()
        self.session = session
        self.printer = printer
        self.answer: Answer | None = None
        self.paused: WindowStaff | None = None  # this window's pause, as the hub answered it

    @property
    def counter(self) -> CounterApp:
        return cast("CounterApp", self.app)

    def window(self) -> WindowPublic | None:
        mirror = self.counter.mirror
        return mirror.windows.get(self.session.window) if mirror.ready else None

    def current(self) -> TicketStaff | None:
        return current_ticket(self.counter.mirror, self.session.window, self.answer)

    def tick(self) -> None:
        self.query_one(WindowBar).show(
            self.window(), self.paused, self.counter.synced, self.counter.hub_now()
        )
        self.show_ticket()
        self.query_one(SupervisionPanel).tick()
        self.query_one(PromisePanel).tick()

    def show_ticket(self) -> None:
        window = self.window()
        self.query_one(TicketPanel).show(
            self.current(),
            self.counter.mirror.rules,
            self.counter.hub_now(),
            paused=window is not None and window.status is WindowStatus.PAUSED,
            matters=self.counter.mirror.matters,
        )

    def say(self, text: str, severity: str = "info") -> None:
        self.query_one(MessageBar).say(text, severity)

    def note(self, ticket: TicketPublic) -> None:
        """Show the hub's answer for the ticket at the window until the mirror catches up
        (an answer that names no event of its own never wins over the mirror)."""
        self.answer = Answer.of(ticket) if isinstance(ticket, Step) else None
        self.show_ticket()

    def at_window(self, serving_for: str = "") -> TicketStaff | None:
        """The ticket at the window, or None after saying why there is none to act on."""
        ticket = self.current()
        if ticket is None:
            self.say(NOTHING_CALLED, "warning")
            return None
        if serving_for and ticket.state is not TicketState.SERVING:
            self.say(START_FIRST.format(serving_for), "warning")
            return None
        return ticket
