"""Public notices of completed matters (办结公告制), shown in turn on the hall display."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from bianmin.domain import office_events as oe
from bianmin.domain.events import Event
from bianmin.domain.privacy import mask_text

PUBLISHED, WITHDRAWN = "published", "withdrawn"


@dataclass(frozen=True, slots=True)
class Notice:
    id: str
    title: str
    text: str
    names: tuple[str, ...]
    show_from: date
    show_until: date
    published_at: datetime
    by: str
    state: str = PUBLISHED

    def current(self, today: date) -> bool:
        return self.state == PUBLISHED and self.show_from <= today <= self.show_until

    @property
    def public_title(self) -> str:
        return mask_text(self.title, self.names)

    @property
    def public_text(self) -> str:
        return mask_text(self.text, self.names)


def apply(n: Notice | None, event: Event) -> Notice | None:
    match event:
        case oe.NoticePublished():
            return Notice(id=event.notice, title=event.title, text=event.text,
                          names=event.names, show_from=event.show_from,
                          show_until=event.show_until, published_at=event.at, by=event.by)
        case oe.NoticeWithdrawn() if n is not None:
            return replace(n, state=WITHDRAWN)
    return n
