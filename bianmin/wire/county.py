"""The hall's link to the county, as the office console shows it."""

from __future__ import annotations

from datetime import datetime

from bianmin.wire.base import Wire


class CountyLink(Wire):
    configured: bool  # false: this hall ships to no county ([county] is left out)
    center_id: str
    up: bool  # connected, and the county answered the last call
    county_seq: int | None  # the last event the county holds (None: not heard yet)
    hub_seq: int  # the hall's last committed event
    behind: int | None  # events the county does not hold yet
    since: datetime | None  # up, or down, since
    last_shipped_at: datetime | None
    message: str  # for the office, in Chinese
