"""A client's copy of the hall, kept current from the hub's live messages.

Pure: feed it the messages a `LiveFeed` yields and read the hall from it. The kiosk reads how
many wait per matter, the counter its queue (staff views, ordered by
`bianmin.domain.queue.call_order`), both the windows. A public snapshot carries no tickets,
only how many wait for each matter: those counts are kept from it and from the `queues`
messages; a staff mirror counts its own tickets.
"""

from __future__ import annotations

from typing import Generic, TypeVar, cast

from bianmin.domain.types import FINAL_STATES, TicketState
from bianmin.wire import live
from bianmin.wire.bundles import BundleView
from bianmin.wire.hall import (
    Call,
    Center,
    HallBase,
    HallClerk,
    HallPublic,
    HallRules,
    MatterView,
    PrinterView,
    WindowPublic,
)
from bianmin.wire.tickets import TicketPublic

RECENT_CALLS = 20
TicketT = TypeVar("TicketT", bound=TicketPublic)


class HallMirror(Generic[TicketT]):
    def __init__(self) -> None:
        self.seq = 0
        self.now = ""
        self.ready = False
        self.center = Center(name="", name_en="", english=False, complaint_phone="")
        self.matters: dict[str, MatterView] = {}
        self.bundles: dict[str, BundleView] = {}  # 一件事 the kiosk offers, in order
        self.windows: dict[int, WindowPublic] = {}
        self.tickets: dict[str, TicketT] = {}  # open tickets: staff views only
        self.counts: dict[str, int] = {}  # waiting per matter, for a public mirror
        self.wait_minutes: dict[str, int | None] = {}  # 预计等候 per matter
        self.counts_tickets = False  # a staff mirror: count from `tickets`
        self.recent_calls: list[Call] = []
        self.outcomes: dict[str, str] = {}
        self.rules: HallRules | None = None
        self.printers: dict[str, PrinterView] = {}

    def load(self, hall: HallPublic | HallClerk) -> None:
        base: HallBase = hall
        self.seq = base.seq
        self.now = base.now.isoformat()  # the hub's clock when it took the snapshot
        self.center = base.center
        self.matters = {m.prefix: m for m in base.matters}
        self.bundles = {b.id: b for b in base.bundles}
        self.windows = {w.number: w for w in hall.windows}
        self.counts_tickets = isinstance(hall, HallClerk)
        self.tickets = ({t.id: cast(TicketT, t) for t in hall.tickets}
                        if isinstance(hall, HallClerk) else {})
        self.counts = {m.prefix: m.waiting for m in base.matters}
        self.wait_minutes = {m.prefix: m.wait_minutes for m in base.matters}
        self.recent_calls = list(base.recent_calls)
        self.outcomes = dict(base.outcomes)
        self.rules = base.rules
        self.printers = ({p.device: p for p in hall.printers}
                         if isinstance(hall, HallClerk) else {})
        self.ready = True

    def apply(self, message: object) -> str | None:
        """Fold one live message in; returns the event kind it carried, if any."""
        if isinstance(message, live.PublicSnapshot | live.ClerkSnapshot):
            self.load(message.hall)
            return "snapshot"
        if isinstance(message, live.Skipped):
            self.seq = message.seq
            return None
        if isinstance(message, live.Queues):
            self.counts.update(message.waiting)
            self.wait_minutes.update(message.wait_minutes)
            return "queues"
        if not isinstance(message, live.PublicEventMessage | live.ClerkEventMessage):
            return None
        self.seq = message.seq
        ticket = cast(TicketT | None, message.ticket)
        if ticket is not None and self.counts_tickets:
            if ticket.state not in FINAL_STATES:
                self.tickets[ticket.id] = ticket
            else:
                self.tickets.pop(ticket.id, None)
        if message.window is not None:
            self.windows[message.window.number] = message.window
        kind = message.kind
        if kind in ("ticket-called", "ticket-recalled") and ticket is not None:
            window = message.event.window if message.event.window is not None else ticket.window
            assert window is not None
            self.recent_calls.insert(0, Call(ticket=ticket.id, number=ticket.number,
                                             window=window, at=message.at,
                                             recall=kind == "ticket-recalled"))
            del self.recent_calls[RECENT_CALLS:]
        if kind == "printer-status" and isinstance(message, live.ClerkEventMessage):
            e = message.event
            if e.device is not None:
                self.printers[e.device] = PrinterView(device=e.device, status=e.status or "",
                                                      detail=e.detail or "", at=message.at)
        return kind

    def waiting(self, prefix: str) -> int:
        if not self.counts_tickets:
            return self.counts.get(prefix, 0)
        return sum(
            1 for t in self.tickets.values()
            if t.state is TicketState.WAITING and t.queue_matter == prefix
            and t.target_window is None
        )
