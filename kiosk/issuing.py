"""Issuing one ticket for one touch, whatever the network does.

The request id is made once per touch; a request whose answer was lost is sent again with
the same id, so the hub returns the ticket it already issued instead of a second one.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any

from bianmin.client import HubClient, HubUnavailable, new_request_id


class IssueAbandoned(Exception):
    """The resident stopped waiting, or the hub stayed unreachable too long."""


class Issue:
    """One touch's ticket request."""

    def __init__(self, client: HubClient, matter: str, priority: str, *,
                 patience: float = 60.0, first_delay: float = 0.3, max_delay: float = 2.0
                 ) -> None:
        self.client = client
        self.matter = matter
        self.priority = priority
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

    async def run(self, on_retry: Callable[[int], None] | None = None) -> dict[str, Any]:
        """The hub's ticket. Raises `HubError` when the hub refuses, `IssueAbandoned` when
        the resident gave up or the hub stayed away longer than `patience`."""
        deadline = time.monotonic() + self.patience
        delay = self.first_delay
        while True:
            self.attempts += 1
            try:
                return await self.client.issue_ticket(self.matter, self.request_id,
                                                      self.priority)
            except HubUnavailable:
                if self._stop.is_set() or time.monotonic() + delay > deadline:
                    raise IssueAbandoned(self.request_id) from None
                if on_retry is not None:
                    on_retry(self.attempts)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
            if self._stop.is_set():
                raise IssueAbandoned(self.request_id)
            delay = min(self.max_delay, delay * 2)
