"""A real hub on 127.0.0.1 with a real SQLite file, for tests of every part.

`running_hub(tmp_path)` writes the demo configuration, starts the hub's aiohttp app on a free
loopback port and yields a `RunningHub` that knows its URL and its clock, and can restart the
hub (same database) to test recovery.

The hall's clock is a `Clock` that stands still until a test moves it. It starts on Monday 30
November 2026 at 09:00 in the hall, or when $BIANMIN_TEST_CLOCK says (`make test-midnight`
runs every test three seconds before midnight). A test about a time of day says so:
`@pytest.mark.hall_clock("09:00")` on a test using the `hub` fixture, `start=` or `clock=` to
`running_hub`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bianmin import sample
from bianmin.client import HubClient, HubError, HubUnavailable
from bianmin.config import Config, load
from server.app import SERVER_OPTIONS, create_app
from server.edge import Limits
from server.hub import Hub
from server.keys import HUB
from server.listen import EdgeSite

KIOSK = sample.DEMO_KIOSK_TOKEN
DISPLAY = sample.DEMO_DISPLAY_TOKEN
PIN = sample.DEMO_PIN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


CLOCK_VARIABLE = "BIANMIN_TEST_CLOCK"
DEFAULT_START = "2026-11-30T09:00:00"  # a Monday morning, the hall open, no holiday near


def start_time(tz: tzinfo, value: str | None = None) -> datetime:
    """When the hall's clock starts in a test, in the hall's zone `tz`.

    $BIANMIN_TEST_CLOCK (else DEFAULT_START) is a date and time (`2026-12-31T23:59:57`), a
    date (`2026-12-31`, at 09:00) or a time of day (`23:59:57`, on DEFAULT_START's day).
    `value`, in the same forms, overrides it: a time of day alone keeps the variable's date.
    """
    base = _moment(os.environ.get(CLOCK_VARIABLE) or DEFAULT_START,
                   datetime.fromisoformat(DEFAULT_START))
    at = base if value is None else _moment(value, base)
    return at.replace(tzinfo=tz) if at.tzinfo is None else at.astimezone(tz)


def _moment(text: str, base: datetime) -> datetime:
    text = text.strip()
    try:
        if ":" not in text:
            return datetime.combine(date.fromisoformat(text), base.time())
        if "-" not in text:
            return datetime.combine(base.date(), time.fromisoformat(text))
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a moment: give 23:59:57, 2026-12-31 or "
                         "2026-12-31T23:59:57 (in the hall's time)") from None


@dataclass
class Clock:
    """The hall's clock in a test. It stands still: time passes only when the test moves it
    (`clock.advance(minutes=21)`), so no test depends on how fast the machine is, or on
    what day or hour it runs."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class JsonClient(HubClient):
    """The typed client, plus plain JSON requests as the office's browser console (or any
    other program) sends them: for tests of the API itself."""

    async def json(self, method: str, path: str, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            async with self.session.request(method, self.base_url + path, json=body,
                                            headers=headers) as resp:
                status, raw_body = resp.status, await resp.read()
        except (aiohttp.ClientError, TimeoutError, OSError) as err:
            raise HubUnavailable(str(err)) from err
        data = json.loads(raw_body) if raw_body else None
        if status >= 400:
            error = data.get("error", {}) if isinstance(data, dict) else {}
            raise HubError(status, str(error.get("code", "error")), str(error.get("message")))
        return data


@dataclass
class RunningHub:
    config: Config
    port: int  # 0 until the hub first starts, then the port the system gave it
    clock: Clock
    tick: float
    runner: web.AppRunner | None = None
    limits: Limits = field(default_factory=Limits)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def hub(self) -> Hub:
        assert self.runner is not None
        return self.runner.app[HUB]

    async def start(self) -> None:
        app = create_app(self.config, clock=self.clock, tick=self.tick, limits=self.limits)
        self.runner = web.AppRunner(app, handle_signals=False, **SERVER_OPTIONS)
        await self.runner.setup()
        site = EdgeSite(self.runner, "127.0.0.1", self.port)
        await site.start()
        # Port 0 the first time: the system gives a free one, and no other process can take
        # it between asking and binding (a restart binds the same one again).
        self.port = site.port

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def client(self, token: str | None = None) -> JsonClient:
        return JsonClient(self.url, token)

    async def clerk(self, window: int, staff_no: str | None = None) -> JsonClient:
        """A client signed in as clerk 100N at window N (the demo's seating)."""
        c = JsonClient(self.url)
        await c.login(staff_no or f"{1000 + window}", PIN, window)
        return c


@functools.cache
def demo_toml() -> str:
    """The demo configuration's text, rendered once: hashing its PINs is slow on purpose."""
    return sample.render(sample.credentials(demo=True), demo=True)


def demo_config(folder: Path, edit: Callable[[str], str] | None = None) -> Config:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bianmin.toml"
    path.write_text(edit(demo_toml()) if edit else demo_toml(), encoding="utf-8")
    return load(path)


def matter_limit(prefix: str, minutes: int) -> Callable[[str], str]:
    """An `edit` of the demo configuration giving matter `prefix` a serving limit of
    `minutes` (`time_limit_minutes`)."""

    def edit(toml: str) -> str:
        head, found, rest = toml.partition(f'prefix = "{prefix}"\n')
        assert found, f"no matter {prefix} in the demo configuration"
        block, sep, tail = rest.partition("[[")
        block = re.sub(r"time_limit_minutes = \d+", f"time_limit_minutes = {minutes}", block)
        return head + found + block + sep + tail

    return edit


@asynccontextmanager
async def running_hub(folder: Path, *, clock: Clock | None = None, start: str | None = None,
                      tick: float = 3600.0, edit: Callable[[str], str] | None = None
                      ) -> AsyncIterator[RunningHub]:
    """A hub on `clock`, else on a clock starting at `start` (see `start_time`)."""
    config = demo_config(folder, edit)
    the_clock = clock or Clock(start_time(config.tz, start))
    running = RunningHub(config, 0, the_clock, tick)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def refused(call: Awaitable[Any]) -> HubError:
    """The hub's refusal of `call`; fails the test if the hub accepted it."""
    try:
        await call
    except HubError as err:
        return err
    raise AssertionError("the hub accepted what it should refuse")


async def raw(hub: RunningHub, method: str, path: str, *, token: str | None = None,
              body: bytes | str | None = None, headers: dict[str, str] | None = None
              ) -> tuple[int, Any]:
    """A request as any program might send it, bypassing the typed client: the status and
    the decoded JSON answer (None when it is not JSON)."""
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = body.encode() if isinstance(body, str) else body
    async with aiohttp.ClientSession() as session, session.request(
            method, hub.url + path, data=data, headers=sent) as resp:
        raw_body = await resp.read()
        try:
            return resp.status, json.loads(raw_body)
        except ValueError:
            return resp.status, None
