"""The hall's time on a client: this machine's clock corrected by what the hub last said, in
the hall's time zone. A kiosk or counter box whose clock or zone is off still shows, and
reckons days by, the hall's own time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

from bianmin.wire import live


class HubClock:
    def __init__(self, local: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.local = local  # this machine's clock (tests fix it)
        self.skew: timedelta | None = None  # the hub's clock minus this machine's
        self.zone: tzinfo | None = None

    def heard(self, message: object) -> None:
        """Take the hub's time from a live message (of any audience): a snapshot's `now`, an
        event's `at`; other messages say nothing of it."""
        if isinstance(message, live.PublicSnapshot | live.ClerkSnapshot | live.OfficeSnapshot):
            at = message.hall.now
        elif isinstance(message, live.PublicEventMessage | live.ClerkEventMessage
                        | live.OfficeEventMessage):
            at = message.at
        else:
            return
        self.skew, self.zone = at - self.local(), at.tzinfo

    def now(self) -> datetime:
        if self.skew is None:
            return self.local().astimezone()
        return (self.local() + self.skew).astimezone(self.zone)
