"""Ticket numbers: per matter, per local day, from 1, never reused that day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def local_day(now: datetime, tz: ZoneInfo) -> date:
    if now.tzinfo is None:
        raise ValueError("the clock must give aware datetimes")
    return now.astimezone(tz).date()


def format_number(prefix: str, serial: int) -> str:
    """`A001` .. `A999`, then `A1000`: a busy day must not wrap around and reuse numbers."""
    return f"{prefix}{serial:03d}"


def ticket_id(day: date, prefix: str, serial: int) -> str:
    return f"{day:%Y%m%d}-{format_number(prefix, serial)}"
