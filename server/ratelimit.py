"""A small per-address limit for what anyone may do without signing in (book, complain)."""

from __future__ import annotations

import time
from collections import deque

from aiohttp import web

from bianmin.domain.errors import TooMany


class RateLimit:
    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self.seen: dict[str, deque[float]] = {}

    def check(self, request: web.Request) -> None:
        key = request.remote or "unknown"
        now = time.monotonic()
        times = self.seen.setdefault(key, deque())
        while times and now - times[0] > self.seconds:
            times.popleft()
        if len(times) >= self.count:
            raise TooMany(
                "too-many", "提交过于频繁，请稍后再试。如有急事，请到服务台或拨打监督电话。"
            )
        times.append(now)
        if len(self.seen) > 10_000:  # forget quiet addresses so memory stays bounded
            for k in [k for k, v in self.seen.items() if not v or now - v[-1] > self.seconds]:
                del self.seen[k]
