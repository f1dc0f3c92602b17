"""The county's figures of a center are the center's own: the same pure code, fed from
PostgreSQL, over the same events, gives the same rows, days and hours, to the second."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bench import dayplay
from server.county import COUNTY_LINK
from tests.county.kit import Postgres, RunningCounty, running_county, ships_to
from tests.hubfixture import Clock, RunningHub, running_hub

CENTERS = {"qingxi": "青溪镇便民服务中心", "baishi": "白石镇便民服务中心"}


async def hall_figures(hub: RunningHub, since: date, until: date) -> dict[str, Any]:
    office = hub.client()
    async with office:
        await office.login("9001", "123456")
        data: dict[str, Any] = await office.json("GET", f"/api/figures?from={since}&to={until}")
    return data


async def county_figures(county: RunningCounty, token: str, path: str) -> dict[str, Any]:
    status, data = await county.get(path, token)
    assert status == 200, data
    return dict(data)


def comparable(figures: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in figures.items() if k != "generated_at"}


async def play_days(hub: RunningHub, clock: Clock, days: int, seed: int) -> list[date]:
    async def advance(seconds: float) -> None:
        clock.advance(seconds=seconds)

    played = []
    for n in range(days):
        played.append(hub.hub.hall.today(clock()))
        await dayplay.play(hub.url, advance, residents=25, seed=seed + n)
        if n + 1 < days:
            clock.advance(hours=16)  # the next morning
    return played


async def shipped(hub: RunningHub) -> None:
    assert hub.runner is not None
    await asyncio.wait_for(hub.runner.app[COUNTY_LINK].shipped(hub.hub.seq), 30)


async def test_the_county_reads_each_center_as_its_office_does(tmp_path: Path,
                                                               pg: Postgres) -> None:
    clock = Clock(datetime.fromisoformat("2026-11-30T08:30:00+08:00"))
    async with running_county(tmp_path / "county", pg.dsn, CENTERS, clock) as county, \
            running_hub(tmp_path / "a", clock=clock, edit=ships_to(pg.dsn, "qingxi")) as a, \
            running_hub(tmp_path / "b", clock=clock, edit=ships_to(pg.dsn, "baishi")) as b:
        days = await play_days(a, clock, 2, seed=11)
        # A promise of the first day kept on the second counts on the second, late or not.
        async with a.client() as office:
            await office.login("9001", "123456")
            for promise in (await office.promises())[:2]:
                await office.keep_promise(promise.id, "已办结并通知")
        await play_days(b, clock, 1, seed=40)
        await shipped(a)
        await shipped(b)
        await county.settle()
        token = await county.sign_in()
        since, until = days[0], days[-1]
        for first, last in ((since, until), (since, since), (until, until)):
            mine = await hall_figures(a, first, last)
            theirs = await county_figures(
                county, token, f"/api/centers/qingxi/figures?from={first}&to={last}")
            assert comparable(theirs) == comparable(mine)
            assert mine["rows"] and mine["daily"] and mine["hourly"]
        # The county's own rows: each center's "all", and their sum.
        whole = await county_figures(county, token, f"/api/figures?from={since}&to={until}")
        rows = {(r["dimension"], r["key"]): r for r in whole["rows"]}
        a_all = next(r for r in (await hall_figures(a, since, until))["rows"]
                     if r["dimension"] == "all")
        b_all = next(r for r in (await hall_figures(b, since, until))["rows"]
                     if r["dimension"] == "all")
        # A center's line at the county is its own office's "all" line, times and all.
        named = ("dimension", "key", "label")
        for center, own in (("qingxi", a_all), ("baishi", b_all)):
            line = rows[("center", center)]
            assert {k: v for k, v in line.items() if k not in named} == {
                k: v for k, v in own.items() if k not in named}
        for field in ("issued", "served", "overdue", "complaints", "rating_satisfied"):
            assert rows[("county", "")][field] == a_all[field] + b_all[field]
        assert ("window", "qingxi/1") in rows and ("window", "baishi/8") in rows
        assert rows[("county", "")]["label"] == "清河县政务服务中心"
        assert sum(d["issued"] for d in whole["daily"]) == a_all["issued"] + b_all["issued"]
