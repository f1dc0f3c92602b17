"""The WebSocket's messages, per audience (`GET /api/ws`): the public (kiosks, displays,
rating pads, phones), clerks, and the office.

First a `snapshot` (the hall) or a `resume` (what was missed follows), then every event in
order. Every audience gets every sequence number: an event it may not know of at all comes as
`skipped`, so a client can still tell a gap from nothing happening. `ping` gets `pong`.
Between events comes `queues` (how many wait for each matter, and about how long a ticket
taken now would wait): it has no number of its own, and says the hall as it stood at `seq`.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from bianmin.domain.types import TicketState, WindowStatus
from bianmin.wire.base import Wire
from bianmin.wire.bundles import BundleProgress
from bianmin.wire.events import PublicEvent, StaffEvent
from bianmin.wire.hall import HallClerk, HallOffice, HallPublic, WindowPublic, WindowStaff
from bianmin.wire.tickets import TicketPublic, TicketStaff


class Message(msgspec.Struct, kw_only=True, tag_field="type"):
    """A live message; `type` tells which."""


class PublicSnapshot(Message, tag="snapshot"):
    seq: int
    hall: HallPublic


class ClerkSnapshot(Message, tag="snapshot"):
    seq: int
    hall: HallClerk


class OfficeSnapshot(Message, tag="snapshot"):
    seq: int
    hall: HallOffice


class Resume(Message, tag="resume"):
    seq: int


class PublicEventMessage(Message, tag="event"):
    seq: int
    kind: str
    at: datetime
    event: PublicEvent
    ticket: TicketPublic | None  # as the event left it
    window: WindowPublic | None


class ClerkEventMessage(Message, tag="event"):
    seq: int
    kind: str
    at: datetime
    event: StaffEvent
    ticket: TicketStaff | None
    window: WindowPublic | None


class OfficeEventMessage(Message, tag="event"):
    seq: int
    kind: str
    at: datetime
    event: StaffEvent
    ticket: TicketStaff | None
    window: WindowStaff | None


class Queues(Message, tag="queues"):
    """Each matter's queue after the event `seq`: how many wait, and 预计等候 for a ticket
    taken now (null: no window open for it). Sent after events that change them, once a
    second at most, and after a resume."""

    seq: int
    waiting: dict[str, int]
    wait_minutes: dict[str, int | None]


class Skipped(Message, tag="skipped"):
    """An event this audience may not know of: only that its number was used."""

    seq: int


class Pong(Message, tag="pong"):
    pass


class ServingWindow(Wire):
    """A window that calls a ticket's queue, as the resident's phone shows it."""

    number: int
    label: str
    status: WindowStatus
    pause_note: str  # a usual reason only (see `WindowPublic`)


class TicketNow(Message, tag="ticket"):
    """A resident's ticket as it stands now (`GET /api/tickets/{ticket}/live`, the phone
    page): all the page shows of it, sent again whenever any of it changes. Public fields
    only: no name, no phone, nothing anyone wrote."""

    seq: int
    number: str
    matter_name: str  # of the queue it is in now (a bundle's step, once it moves on)
    state: TicketState
    state_name: str
    ahead: int
    wait_minutes: int | None
    window: int | None  # where to go (called or served), or the window it was sent to
    near: bool  # waiting with three or fewer ahead: time to come close
    say: str  # what the resident should know now, in Chinese
    say_en: str
    windows: list[ServingWindow]  # the windows that call its queue
    final: bool  # done, cancelled or expired: nothing will change any more
    bundle: BundleProgress | None  # a 一件事 or 联办件: its steps, ticked off as they are done


FollowMessage = TicketNow | Pong

PublicMessage = PublicSnapshot | Resume | PublicEventMessage | Queues | Skipped | Pong
ClerkMessage = ClerkSnapshot | Resume | ClerkEventMessage | Queues | Skipped | Pong
OfficeMessage = OfficeSnapshot | Resume | OfficeEventMessage | Queues | Skipped | Pong
