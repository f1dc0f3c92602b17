"""Complaints across the county's centers: those lodged in a range of days, and every one not
yet answered whenever it was lodged, followed by the hall's own pure code
(`bianmin.domain.complaints.apply`) from the events the centers shipped."""

from __future__ import annotations

from datetime import date, datetime

from bianmin.domain import complaints as cp
from county import wire as cw
from county.figures import Center
from county.schema import Conn, S
from county.summaries import decode

# Lodged in the range, or still unanswered; then every event of each of those complaints.
# (`kind LIKE 'complaint-%'` beside each kind lets PostgreSQL use the partial indexes.)
QUERY = f"""
WITH chosen AS (
    SELECT center, data->>'number' AS number FROM {S}.events
     WHERE kind = 'complaint-lodged' AND day BETWEEN $1 AND $2
    UNION
    SELECT l.center, l.data->>'number' FROM {S}.events l
     WHERE l.kind = 'complaint-lodged' AND NOT EXISTS (
        SELECT FROM {S}.events a
         WHERE a.kind LIKE 'complaint-%' AND a.kind = 'complaint-answered'
           AND a.center = l.center AND a.data->>'number' = l.data->>'number'))
SELECT e.center, e.kind, e.data::text FROM {S}.events e
  JOIN chosen c ON e.center = c.center AND e.data->>'number' = c.number
 WHERE e.kind LIKE 'complaint-%'
 ORDER BY e.center, e.seq
"""


async def complaints(conn: Conn, centers: dict[str, Center], since: date, until: date,
                     now: datetime) -> list[cw.CountyComplaint]:
    """Open ones first, oldest first; then the answered, newest first."""
    found: dict[tuple[str, str], cp.Complaint] = {}
    for center, kind, data in await conn.fetch(QUERY, since, until):
        event = decode(kind, data)
        number = getattr(event, "number", None)
        if event is None or number is None or center not in centers:
            continue
        c = cp.apply(found.get((center, number)), event)
        if c is not None:
            found[(center, number)] = c
    out = [_view(centers[center], c, now) for (center, _), c in found.items()]
    opened = sorted((c for c in out if c.answered_at is None), key=lambda c: c.lodged_at)
    answered = sorted((c for c in out if c.answered_at is not None),
                      key=lambda c: c.lodged_at, reverse=True)
    return opened + answered


def _view(center: Center, c: cp.Complaint, now: datetime) -> cw.CountyComplaint:
    return cw.CountyComplaint(
        center=center.id, center_name=center.name, number=c.number, lodged_at=c.lodged_at,
        channel=c.channel, window=c.window, clerk=c.clerk,
        clerk_name=center.catalog.clerk_name(c.clerk) if c.clerk else None, reason=c.reason,
        state=c.state, state_name=cp.STATE_NAMES[c.state], notes=list(c.notes),
        result=c.result, answered_at=c.answered_at, minutes_to_answer=c.minutes_to_answer,
        days_open=None if c.answered_at else max(0, (now - c.lodged_at).days))
