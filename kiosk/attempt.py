"""One touch's request to the hub, whatever the network does: a ticket, an appointment's
check-in, a complaint.

The request id is made once per touch; a request whose answer was lost is sent again with
the same id, so the hub returns the ticket (or complaint) it already made instead of a
second one.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from bianmin.client import HubUnavailable, new_request_id

T = TypeVar("T", covariant=True)  # the hub's answer: a ticket, a check-in, a complaint


class AttemptAbandoned(Exception):
    """The resident stopped waiting, or the hub stayed unreachable too long."""


class Attempt(Generic[T]):
    """One touch's request. `send(request_id)` asks the hub; `what` names it in the log."""

    def __init__(self, send: Callable[[str], Awaitable[T]], what: str, *, patience: float = 60.0,
                 first_delay: float = 0.3, max_delay: float = 2.0) -> None:
        self.send = send
        self.what = what
        self.request_id = new_request_id()
        self.patience = patience
        self.first_delay, self.max_delay = first_delay, max_delay
        self.attempts = 0
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()

    @property
    def abandoned(self) -> bool:
        """The resident went back before the hub answered."""
        return self._stop.is_set()

    def abandon(self) -> None:
        self._stop.set()
        self._wake.set()

    def retry_now(self) -> None:
        """The hub is back: do not wait out the back-off."""
        self._wake.set()

    async def run(self, on_retry: Callable[[int], None] | None = None) -> T:
        """The hub's answer. Raises `HubError` when the hub refuses, `AttemptAbandoned` when
        the resident gave up or the hub stayed away longer than `patience`."""
        deadline = time.monotonic() + self.patience
        delay = self.first_delay
        while True:
            self.attempts += 1
            try:
                return await self.send(self.request_id)
            except HubUnavailable:
                if self._stop.is_set() or time.monotonic() + delay > deadline:
                    raise AttemptAbandoned(self.request_id) from None
                if on_retry is not None:
                    on_retry(self.attempts)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
            if self._stop.is_set():
                raise AttemptAbandoned(self.request_id)
            delay = min(self.max_delay, delay * 2)
