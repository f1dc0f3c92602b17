"""The WebSocket's messages, per audience (`GET /api/ws`): the public (kiosks, displays,
rating pads, phones), clerks, and the office.

First a `snapshot` (the hall) or a `resume` (what was missed follows), then every event in
order. Every audience gets every sequence number: an event it may not know of at all comes as
`skipped`, so a client can still tell a gap from nothing happening. `ping` gets `pong`.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

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


class Skipped(Message, tag="skipped"):
    """An event this audience may not know of: only that its number was used."""

    seq: int


class Pong(Message, tag="pong"):
    pass


PublicMessage = PublicSnapshot | Resume | PublicEventMessage | Skipped | Pong
ClerkMessage = ClerkSnapshot | Resume | ClerkEventMessage | Skipped | Pong
OfficeMessage = OfficeSnapshot | Resume | OfficeEventMessage | Skipped | Pong
