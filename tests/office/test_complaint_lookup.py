"""Looking a complaint up: only with its query code, the same answer for a wrong code as for
no such complaint, limited per address and per complaint, and the code never on a live feed.
Against a real hub on a clock the tests move; requests from several loopback addresses."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from server.views.complaints import GUESSES_PER_COMPLAINT, LOOKUPS_PER_ADDRESS
from tests.hubfixture import DISPLAY, KIOSK, PIN, Clock, JsonClient, RunningHub, running_hub

PHONE = "13812345678"


@pytest.fixture
async def hub(tmp_path: Path) -> AsyncIterator[RunningHub]:
    clock = Clock(datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    async with running_hub(tmp_path, clock=clock) as running:
        yield running


class From:
    """Anonymous lookups from one loopback address."""

    def __init__(self, hub: RunningHub, address: str) -> None:
        self.base = hub.url
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=(address, 0)))

    async def look(self, number: str, code: str | None = None) -> tuple[int, dict[str, Any]]:
        query = "" if code is None else f"?code={code}"
        async with self.session.get(f"{self.base}/api/complaints/{number}{query}") as resp:
            return resp.status, await resp.json()

    async def close(self) -> None:
        await self.session.close()


async def lodge(hub: RunningHub, reason: str = "服务态度不好") -> dict[str, Any]:
    async with hub.client(KIOSK) as kiosk:
        lodged: dict[str, Any] = await kiosk.json(
            "POST", "/api/complaints", {"window": 2, "reason": reason, "phone": PHONE})
    return lodged


async def office(hub: RunningHub) -> JsonClient:
    c = hub.client()
    await c.login("9001", PIN)
    return c


async def test_only_the_number_and_its_code_show_a_complaint(hub: RunningHub) -> None:
    first, second = await lodge(hub), await lodge(hub, "等候时间过长")
    assert first["number"] == "TS20261201001" and second["number"] == "TS20261201002"
    assert first["code"] != second["code"]
    o = await office(hub)
    await o.json("POST", f"/api/complaints/{first['number']}/answer",
                    {"result": f"已联系您（{PHONE}）并致歉"})
    anyone = From(hub, "127.0.0.2")
    try:
        status, mine = await anyone.look(first["number"], first["code"].lower())
        assert status == 200 and mine["state"] == "answered"
        assert "致歉" in mine["result"] and PHONE not in mine["result"]
        assert {"reason", "phone", "clerk", "window", "code"}.isdisjoint(mine)
        # A guessed number, the next number, a wrong code, another complaint's code, none:
        # one answer, which tells nothing about whether the number exists.
        answers = [await anyone.look(n, c) for n, c in [
            ("TS20261201009", first["code"]), (second["number"], first["code"]),
            (first["number"], "ABCDEF"), (first["number"], None), (first["number"], "国")]]
        assert {s for s, _ in answers} == {404}
        assert len({json.dumps(body, ensure_ascii=False) for _, body in answers}) == 1
        assert "受理编号和查询码" in answers[0][1]["error"]["message"]
        full = await o.json("GET", f"/api/complaints/{second['number']}")
        assert full["code"] == second["code"] and full["phone"] == PHONE
    finally:
        await anyone.close()
        await o.close()


async def test_lookups_from_one_address_are_limited(hub: RunningHub) -> None:
    lodged = await lodge(hub)
    a, b = From(hub, "127.0.0.3"), From(hub, "127.0.0.4")
    try:
        for _ in range(LOOKUPS_PER_ADDRESS):
            assert (await a.look(lodged["number"], lodged["code"]))[0] == 200
        status, body = await a.look(lodged["number"], lodged["code"])
        assert status == 429 and body["error"]["code"] == "too-many"
        assert "10 分钟后再试" in body["error"]["message"]
        assert (await b.look(lodged["number"], lodged["code"]))[0] == 200
        hub.clock.advance(minutes=10)
        assert (await a.look(lodged["number"], lodged["code"]))[0] == 200
    finally:
        await a.close()
        await b.close()


async def test_wrong_codes_for_one_complaint_are_limited_from_every_address(
        hub: RunningHub) -> None:
    lodged = await lodge(hub)
    number = lodged["number"]
    guessers = [From(hub, f"127.0.1.{n}") for n in range(1, GUESSES_PER_COMPLAINT + 2)]
    try:
        for n, g in enumerate(guessers[:GUESSES_PER_COMPLAINT]):
            assert (await g.look(number, f"WRONG{n}"))[0] == 404
        status, body = await guessers[-1].look(number, lodged["code"])
        assert status == 429 and "60 分钟后再试" in body["error"]["message"]
        assert "监督电话" in body["error"]["message"]
        other = await lodge(hub, "其他问题")
        assert (await guessers[-1].look(other["number"], other["code"]))[0] == 200
        hub.clock.advance(hours=1)
        assert (await guessers[-1].look(number, lodged["code"]))[0] == 200
    finally:
        for g in guessers:
            await g.close()


async def test_seven_thousand_tries_in_a_row_get_almost_nowhere(hub: RunningHub) -> None:
    """The attack the issue found, from one address: sequential numbers and guessed codes."""
    await lodge(hub)
    attacker = From(hub, "127.0.0.5")
    try:
        statuses = await asyncio.gather(*(
            attacker.look(f"TS20261201{n % 999 + 1:03d}", f"{n:06d}") for n in range(7000)))
    finally:
        await attacker.close()
    counted = [s for s, _ in statuses]
    assert counted.count(404) == LOOKUPS_PER_ADDRESS and 200 not in counted
    assert counted.count(429) == 7000 - LOOKUPS_PER_ADDRESS


async def test_a_complaint_lodged_before_codes_shows_its_state_alone(hub: RunningHub) -> None:
    lodged = await lodge(hub)
    o = await office(hub)
    await o.json("POST", f"/api/complaints/{lodged['number']}/answer", {"result": "已致歉"})
    await hub.stop()
    with sqlite3.connect(hub.config.database) as db:  # as an older hub stored it
        (data,) = db.execute("SELECT data FROM records WHERE kind = 'complaint'").fetchone()
        record = json.loads(data)
        del record["code"]
        db.execute("UPDATE records SET data = ? WHERE kind = 'complaint'", (json.dumps(record),))
    await hub.start()
    anyone = From(hub, "127.0.0.6")
    try:
        for code in (None, lodged["code"], "ABCDEF"):
            status, body = await anyone.look(lodged["number"], code)
            assert status == 200
            assert body == {"number": lodged["number"], "state": "answered",
                            "state_name": "已答复"}
        full = await o.json("GET", f"/api/complaints/{lodged['number']}")
        assert full["result"] == "已致歉" and full["code"] == ""
    finally:
        await anyone.close()
        await o.close()


async def test_the_code_is_on_no_live_feed(hub: RunningHub) -> None:
    clerk = await hub.clerk(2)
    o = await office(hub)
    ws_url = hub.url.replace("http", "ws") + "/api/ws"
    seen: list[str] = []
    async with aiohttp.ClientSession() as s:
        sockets = [await s.ws_connect(f"{ws_url}?token={t}")
                   for t in (DISPLAY, KIOSK, clerk.token, o.token)]
        lodged = await lodge(hub)
        for ws in sockets:
            while True:
                msg = await asyncio.wait_for(ws.receive(), 5)
                seen.append(msg.data)
                if "complaint-lodged" in msg.data or '"skipped"' in msg.data:
                    break
            await ws.close()
    # the office hears of it; the hall and the clerks only that something happened
    assert len([m for m in seen if "complaint-lodged" in m]) == 1
    assert len([m for m in seen if '"skipped"' in m]) == 3
    assert not any(lodged["code"] in m for m in seen)
    await clerk.close()
    await o.close()
