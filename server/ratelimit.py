"""Small sliding-window limits for what anyone may do without signing in: book, complain,
look a complaint up. Keyed by address, or by anything else (a complaint's number).

Memory stays bounded whatever the keys: quiet keys are dropped, and past `max_keys` the
least recently used are forgotten.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from aiohttp import web

from bianmin.domain.errors import TooMany

TOO_OFTEN = "提交过于频繁，请{wait}后再试。如有急事，请到服务台或拨打监督电话。"


def wait_words(seconds: float) -> str:
    """How long to wait, as a resident reads it: 45 秒, 3 分钟."""
    if seconds < 60:
        return f" {max(1, math.ceil(seconds))} 秒"
    return f" {math.ceil(seconds / 60)} 分钟"


class RateLimit:
    """At most `count` hits per key in any `seconds`."""

    def __init__(self, count: int, seconds: float, *, message: str = TOO_OFTEN,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000) -> None:
        self.count, self.seconds = count, seconds
        self.message = message  # with {wait}: how long until the next hit is allowed
        self.clock = clock
        self.max_keys = max_keys
        self.seen: dict[str, deque[float]] = {}  # oldest use first

    def check(self, request: web.Request) -> None:
        """Count one hit from the request's address, or refuse it."""
        self.hit(request.remote or "unknown")

    def hit(self, key: str) -> None:
        self.allow(key)
        self.note(key)

    def allow(self, key: str) -> None:
        """Refuse with 429 if `key` has had its hits; counts nothing."""
        now = self.clock()
        times = self.seen.get(key)
        if times is None:
            return
        self._expire(times, now)
        if len(times) >= self.count:
            wait = times[0] + self.seconds - now
            raise TooMany("too-many", self.message.format(wait=wait_words(wait)))

    def note(self, key: str) -> None:
        """Count one hit for `key`."""
        now = self.clock()
        times = self.seen.pop(key, None) or deque()
        self._expire(times, now)
        times.append(now)
        self.seen[key] = times  # to the end: the dict runs from least to most recently used
        self._forget(now)

    def _expire(self, times: deque[float], now: float) -> None:
        while times and now - times[0] >= self.seconds:
            times.popleft()

    def _forget(self, now: float) -> None:
        """Drop quiet keys, and past `max_keys` (a flood of fresh keys) the least recently
        used: both from the front, so each hit costs little however many keys there are."""
        while self.seen:
            first = next(iter(self.seen))
            if len(self.seen) <= self.max_keys and now - self.seen[first][-1] < self.seconds:
                return
            del self.seen[first]
