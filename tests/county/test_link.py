"""The county link on a real PostgreSQL: whatever breaks (PostgreSQL stopped mid-stream, the
link cut or stalled, an answer lost, the hub restarted), the hall works on, and the county ends
up holding exactly each center's events, as the county may see them: no gap, no double."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest

from bench import dayplay
from bianmin.client import new_request_id
from server.county import COUNTY_LINK, CountyLink
from tests.county.kit import (
    Link,
    Postgres,
    county_events,
    county_ready,
    hall_events,
    ships_to,
)
from tests.hubfixture import KIOSK, Clock, RunningHub, running_hub

TIMEOUT = 30.0


def link_of(hub: RunningHub) -> CountyLink:
    assert hub.runner is not None
    return hub.runner.app[COUNTY_LINK]


async def issue(hub: RunningHub, count: int, clock: Clock) -> None:
    async with hub.client(KIOSK) as kiosk:
        for i in range(count):
            await kiosk.issue_ticket("ABCDEFGHJ"[i % 9], new_request_id())
            clock.advance(seconds=20)


async def all_shipped(hub: RunningHub) -> None:
    await asyncio.wait_for(link_of(hub).shipped(hub.hub.seq), TIMEOUT)


async def same_events(hub: RunningHub, dsn: str, center: str = "qingxi") -> int:
    """The county holds exactly the hall's events, masked; returns how many."""
    held = await county_events(dsn, center)
    assert [e[0] for e in held] == list(range(1, len(held) + 1))  # no gap, no double
    assert held == hall_events(hub)
    return len(held)


def clock_for(hub_folder: Path) -> Clock:
    return Clock(datetime.fromisoformat("2026-11-30T09:00:00+08:00"))


async def test_a_played_day_reaches_the_county_masked(tmp_path: Path, pg: Postgres) -> None:
    await county_ready(pg.dsn, "qingxi")
    clock = clock_for(tmp_path)
    async with running_hub(tmp_path, clock=clock, edit=ships_to(pg.dsn, "qingxi")) as hub:

        async def advance(seconds: float) -> None:
            clock.advance(seconds=seconds)

        played = await dayplay.play(hub.url, advance, residents=12, seed=3)
        await all_shipped(hub)
        count = await same_events(hub, pg.dsn)
    assert count > 12 * 4 and played.complaints == 1 and played.booked == 1
    text = str(await county_events(pg.dsn, "qingxi"))
    assert "13812345678" not in text and "13900001111" not in text  # phones masked
    assert "王小明" not in text and "王**" in text  # the booked resident's name masked
    assert "330102199001011234" not in text  # an ID number in free text masked
    assert '"request_id": ""' in text.replace("'", '"')  # ids that prove nothing leave empty


async def test_postgres_stopped_mid_stream(tmp_path: Path, pg: Postgres) -> None:
    await county_ready(pg.dsn, "qingxi")
    clock = clock_for(tmp_path)
    async with running_hub(tmp_path, clock=clock, edit=ships_to(pg.dsn, "qingxi")) as hub:
        await issue(hub, 10, clock)
        await all_shipped(hub)
        link = link_of(hub)
        await pg.stop()
        await issue(hub, 25, clock)  # the hall works on while the county is away
        await asyncio.wait_for(link.until(lambda link: not link.up), TIMEOUT)
        async with hub.client() as office:
            await office.login("9001", "123456")
            seen = await office.request("GET", "/api/county", type(link.view()))
        assert not seen.up and "无法连接县级平台" in seen.message
        assert seen.behind is not None and seen.behind >= 25
        await pg.start()
        await all_shipped(hub)
        assert await same_events(hub, pg.dsn) == hub.hub.seq


async def test_link_cut_stalled_and_mended(tmp_path: Path, pg: Postgres) -> None:
    await county_ready(pg.dsn, "qingxi")
    clock = clock_for(tmp_path)
    async with Link(pg.cluster.port) as wire:
        edit = ships_to(wire.dsn(pg.dsn), "qingxi", timeout_seconds=1.0, batch=7)
        async with running_hub(tmp_path, clock=clock, edit=edit) as hub:
            link = link_of(hub)
            await issue(hub, 10, clock)
            await all_shipped(hub)
            wire.cut()
            await issue(hub, 10, clock)
            await asyncio.wait_for(link.until(lambda link: not link.up), TIMEOUT)
            wire.heal()
            await all_shipped(hub)
            wire.stall()  # no reset, no answer: only the link's own time limit sees it
            await issue(hub, 10, clock)
            await asyncio.wait_for(link.until(lambda link: not link.up), TIMEOUT)
            wire.heal()
            await all_shipped(hub)
            assert await same_events(hub, pg.dsn) == hub.hub.seq
    assert wire.connections >= 3


async def test_an_answer_lost_after_the_county_committed(tmp_path: Path,
                                                        pg: Postgres) -> None:
    """The county commits a batch and its answer never arrives: the link gives the call up,
    asks the county where it stands, and goes on from there; nothing is doubled."""
    await county_ready(pg.dsn, "qingxi")
    clock = clock_for(tmp_path)
    async with Link(pg.cluster.port) as wire:
        edit = ships_to(wire.dsn(pg.dsn), "qingxi", timeout_seconds=1.0)
        async with running_hub(tmp_path, clock=clock, edit=edit) as hub:
            link = link_of(hub)
            await issue(hub, 5, clock)
            await all_shipped(hub)
            before = hub.hub.seq
            wire.deafen()
            await issue(hub, 5, clock)
            await asyncio.wait_for(link.until(lambda link: not link.up), TIMEOUT)
            conn = await pg.connect()
            held = await conn.fetchval("SELECT shipped_seq FROM bianmin.centers")
            await conn.close()
            assert held > before == link.county_seq  # committed, and never heard of
            assert wire.answers_lost > 0
            wire.heal()
            await all_shipped(hub)
            assert await same_events(hub, pg.dsn) == hub.hub.seq == before + 5


async def test_hub_restarted_while_catching_up(tmp_path: Path, pg: Postgres) -> None:
    await county_ready(pg.dsn, "qingxi")
    clock = clock_for(tmp_path)
    await pg.stop()
    edit = ships_to(pg.dsn, "qingxi", batch=20)
    async with running_hub(tmp_path, clock=clock, edit=edit) as hub:
        await issue(hub, 120, clock)  # the county has been down since the hub started
        assert link_of(hub).county_seq is None
        await pg.start()
        await asyncio.wait_for(
            link_of(hub).until(lambda link: (link.county_seq or 0) >= 20), TIMEOUT)
        await hub.restart()  # mid-way through the backlog
        resumed = link_of(hub).county_seq
        assert resumed is None or resumed < hub.hub.seq
        await issue(hub, 5, clock)
        await all_shipped(hub)
        assert await same_events(hub, pg.dsn) == hub.hub.seq >= 125


async def test_two_centers_each_hold_their_own(tmp_path: Path, pg: Postgres) -> None:
    await county_ready(pg.dsn, "qingxi", "baishi")
    clock = clock_for(tmp_path)
    async with running_hub(tmp_path / "a", clock=clock,
                           edit=ships_to(pg.dsn, "qingxi")) as a, running_hub(
            tmp_path / "b", clock=clock, edit=ships_to(pg.dsn, "baishi")) as b:
        await asyncio.gather(issue(a, 15, clock), issue(b, 9, clock))
        await all_shipped(a)
        await all_shipped(b)
        assert await same_events(a, pg.dsn, "qingxi") == a.hub.seq
        assert await same_events(b, pg.dsn, "baishi") == b.hub.seq


@pytest.mark.parametrize(("listed", "message"), [
    (False, "县级平台未登记本中心"),
    (True, "县级平台存有本中心第"),
])
async def test_the_county_refuses_and_says_why(tmp_path: Path, pg: Postgres, listed: bool,
                                               message: str) -> None:
    """A center the county does not list, or a hall with fewer events than the county holds
    for it (its database restored from an old backup): nothing is shipped, the office is
    told, and the hall works on."""
    await county_ready(pg.dsn, *(["qingxi"] if listed else []))
    if listed:
        conn = await pg.connect()
        await conn.execute("UPDATE bianmin.centers SET shipped_seq = 1000")
        await conn.close()
    clock = clock_for(tmp_path)
    async with running_hub(tmp_path, clock=clock, edit=ships_to(pg.dsn, "qingxi")) as hub:
        await issue(hub, 3, clock)
        link = link_of(hub)
        await asyncio.wait_for(link.until(lambda link: message in link.message), TIMEOUT)
        assert not link.up
    assert await county_events(pg.dsn, "qingxi") == []


async def test_a_county_that_lost_its_latest_events_gets_them_again(
        tmp_path: Path, pg: Postgres) -> None:
    """A standby promoted without the primary's last commits, or the county restored from
    last night's backup: the halls still hold every event, and send again what it lacks."""
    await county_ready(pg.dsn, "qingxi")
    clock = clock_for(tmp_path)
    async with Link(pg.cluster.port) as wire:
        edit = ships_to(wire.dsn(pg.dsn), "qingxi")
        async with running_hub(tmp_path, clock=clock, edit=edit) as hub:
            link = link_of(hub)
            await issue(hub, 20, clock)
            await all_shipped(hub)
            wire.cut()
            await asyncio.wait_for(link.until(lambda link: not link.up), TIMEOUT)
            conn = await pg.connect()
            await conn.execute("DELETE FROM bianmin.events WHERE seq > 7")
            await conn.execute("UPDATE bianmin.centers SET shipped_seq = 7")
            await conn.close()
            wire.heal()
            await asyncio.wait_for(link.until(lambda link: link.up), TIMEOUT)
            await all_shipped(hub)
            assert await same_events(hub, pg.dsn) == hub.hub.seq >= 20
