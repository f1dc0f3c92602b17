"""Wrong PINs lock a staff number from every address, an address guessing across staff numbers
is braked, and the records stay bounded. Requests come from several loopback addresses
(127.0.0.0/8 is all loopback on Linux) to a real hub on a clock the tests move."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bianmin.domain.errors import Unauthorized
from server import lockout
from tests.hubfixture import PIN, Clock, RunningHub, running_hub


class From:
    """Sign-in attempts sent from one loopback address."""

    def __init__(self, hub: RunningHub, address: str) -> None:
        self.url = hub.url + "/api/login"
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=(address, 0)))

    async def login(self, staff_no: str, pin: str, window: int | None = None
                    ) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"staff_no": staff_no, "pin": pin}
        if window is not None:
            body["window"] = window
        async with self.session.post(self.url, json=body) as resp:
            return resp.status, await resp.json()


@asynccontextmanager
async def addresses(hub: RunningHub, *last: int) -> AsyncIterator[list[From]]:
    clients = [From(hub, f"127.0.0.{n}") for n in last]
    try:
        yield clients
    finally:
        for c in clients:
            await c.session.close()


@pytest.fixture
async def hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    clock = Clock(datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    async with running_hub(tmp_path, clock=clock) as running:
        yield running


async def test_a_second_address_gets_no_fresh_guesses(hub: RunningHub) -> None:
    async with addresses(hub, 2, 3) as (first, second):
        answers = [await first.login("1002", "999999") for _ in range(5)]
        assert [status for status, _ in answers] == [401, 401, 401, 401, 409]
        status, body = await second.login("1002", "999998")
        assert status == 409 and body["error"]["code"] == "locked"
        status, body = await second.login("1002", PIN, 2)  # even the right PIN must wait
        message = body["error"]["message"]
        assert status == 409 and "5 分钟后再试" in message and "联系中心办公室" in message
        hub.clock.advance(minutes=5)
        status, body = await second.login("1002", PIN, 2)
        assert status == 200 and body["window"] == 2
        # Another clerk was never affected, from either address.
        assert (await first.login("1003", PIN, 3))[0] == 200


async def test_guessing_on_after_a_lock_costs_a_lock_each_time(hub: RunningHub) -> None:
    async with addresses(hub, 2) as (a,):
        for _ in range(5):
            await a.login("1004", "111111")
        hub.clock.advance(minutes=5)
        assert (await a.login("1004", "222222"))[0] == 409  # one more guess, locked again
        hub.clock.advance(minutes=5)
        assert (await a.login("1004", PIN, 4))[0] == 200  # the right PIN clears it
        assert (await a.login("1004", "333333"))[0] == 401


async def test_an_address_guessing_across_staff_numbers_is_braked(hub: RunningHub) -> None:
    async with addresses(hub, 4, 5) as (guesser, other):
        statuses = [(await guesser.login(f"{1000 + n % 8 + 1}", f"{n:06d}"))[0]
                    for n in range(lockout.ADDRESS_FAILURES)]
        assert statuses[-1] == 409 and statuses.count(401) == lockout.ADDRESS_FAILURES - 1
        status, body = await guesser.login("9001", PIN)
        assert status == 409 and "本终端登录失败次数过多" in body["error"]["message"]
        assert (await other.login("9001", PIN))[0] == 200
        hub.clock.advance(minutes=15)
        assert (await guesser.login("9001", PIN))[0] == 200


async def test_a_burst_at_once_gets_no_more_guesses(hub: RunningHub) -> None:
    """Sent together, the attempts cannot all pass the check before the first is counted."""
    async with addresses(hub, 6) as (a,):
        answers = await asyncio.gather(*(a.login("1005", f"{n:06d}") for n in range(30)))
        assert {status for status, _ in answers} <= {401, 409}
        # Only five got as far as having their PIN checked.
        assert hub.hub.sessions.lockout.staff["1005"].count == lockout.STAFF_FAILURES


async def test_ten_thousand_random_staff_numbers_keep_the_records_bounded(
        hub: RunningHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lockout, "MAX_ADDRESSES", 40)
    records = hub.hub.sessions.lockout
    rng = random.Random(17)
    senders = list(range(10, 110))  # 100 addresses, 100 attempts each
    sizes: list[int] = []

    async def attempts(sender: From) -> None:
        for _ in range(100):
            await sender.login(f"{rng.randrange(10**8):08d}", "000000")
            sizes.append(len(records))

    async with addresses(hub, *senders) as clients:
        await asyncio.gather(*(attempts(c) for c in clients))
    assert len(sizes) == 10_000
    assert max(sizes) <= 40 and records.staff == {}
    hub.clock.advance(hours=1)
    async with addresses(hub, 2) as (a,):
        await a.login("1001", "000000")
    assert len(records) == 2  # the hour-old records were forgotten: this failure's two


def test_the_records_are_capped_and_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten thousand addresses each guessing a made-up staff number, straight at the records."""
    now = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    records = lockout.Lockout({"1001"})
    for n in range(10_000):
        address = f"10.0.{n // 256}.{n % 256}"
        records.begin(f"{n:08d}", address, now)
        with pytest.raises(Unauthorized):
            records.failed(f"{n:08d}", address, now)
    assert len(records.addresses) == lockout.MAX_ADDRESSES and records.staff == {}
    assert "10.0.39.15" in records.addresses and "10.0.0.0" not in records.addresses
    records.begin("1001", "10.9.9.9", now + lockout.FORGET)
    assert list(records.addresses) == ["10.9.9.9"]  # everything an hour old was dropped
