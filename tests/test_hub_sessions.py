"""Staff sessions end at the end of the hall's day and after an idle time, even across a
restart; ended ones leave the table. Against a real hub on a clock the tests move."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp

from bianmin.client import HubClient
from bianmin.domain.hall import DAY_ENDED
from server.sessions import Sessions, token_hash
from server.store import SessionRow
from tests.hubfixture import PIN, Clock, RunningHub, demo_config, refused, running_hub

TZ = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0) -> Clock:
    return Clock(datetime(2026, 12, 1, hour, minute, tzinfo=TZ))


def stored_sessions(hub: RunningHub) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(hub.config.database) as db:
        return db.execute("SELECT staff_no, created_at, last_seen FROM sessions").fetchall()


async def office(hub: RunningHub) -> HubClient:
    c = hub.client()
    await c.login("9001", PIN)
    return c


async def test_a_session_dated_long_ago_is_refused_after_a_restart(tmp_path: Path) -> None:
    async with running_hub(tmp_path, clock=at(10)) as hub:
        o = await office(hub)
        await hub.stop()
        # A session stored before sessions ended, dated 2000 and with no zone, as they were.
        with sqlite3.connect(hub.config.database) as db:
            db.execute("UPDATE sessions SET created_at = '2000-01-01T09:00:00'")
        await hub.start()
        err = await refused(o.me())
        assert err.status == 401
        assert stored_sessions(hub) == []  # the start-up sweep deleted it
        await o.close()


async def test_a_database_from_before_sessions_ended_opens_and_keeps_todays(
        tmp_path: Path) -> None:
    """The sessions table had no last use, and times were written without a zone."""
    clock = at(10)
    config = demo_config(tmp_path)
    with sqlite3.connect(config.database) as db:
        db.execute("CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, staff_no TEXT NOT NULL,"
                   " role TEXT NOT NULL, window INTEGER, created_at TEXT NOT NULL)")
        db.executemany("INSERT INTO sessions VALUES (?, '9001', 'office', NULL, ?)", [
            (token_hash("from-this-morning"), "2026-12-01T09:30:00"),
            (token_hash("from-yesterday"), "2026-11-30T16:00:00")])
    async with running_hub(tmp_path, clock=clock) as hub:
        async with HubClient(hub.url, "from-this-morning") as kept:
            assert (await kept.me()).id == "9001"
        async with HubClient(hub.url, "from-yesterday") as old:
            assert (await refused(old.me())).status == 401
        assert [s[0] for s in stored_sessions(hub)] == ["9001"]


async def test_a_session_ends_at_local_midnight(tmp_path: Path) -> None:
    clock = at(23, 50)
    async with running_hub(tmp_path, clock=clock) as hub:
        o = await office(hub)
        clerk = await hub.clerk(2)
        assert (await o.me()).id == "9001"
        clock.advance(minutes=9, seconds=59)  # 23:59:59
        assert (await clerk.me()).window == 2
        clock.advance(seconds=1)  # 00:00 in Asia/Shanghai (16:00 UTC)
        for c in (o, clerk):
            err = await refused(c.me())
            assert err.status == 401 and err.code == "session-expired"
            assert "当日结束时失效" in err.message
        await hub.hub.tick()
        assert stored_sessions(hub) == []
        err = await refused(o.me())  # swept, and still told why
        assert err.code == "session-expired" and "当日结束时失效" in err.message
        # The day's closing signed the clerk out of the window, saying why.
        assert hub.hub.hall.windows[2].clerk is None
        history = await hub.hub.store.events(limit=100)
        (out,) = [s.event for s in history if s.event.kind == "clerk-signed-out"]
        assert out.window_number == 2 and out.reason == DAY_ENDED  # type: ignore[attr-defined]
        fresh = await office(hub)  # a new day, a new sign-in
        assert (await fresh.me()).id == "9001"
        for c in (o, clerk, fresh):
            await c.close()


async def test_a_session_ends_after_the_idle_time_and_use_keeps_it(tmp_path: Path) -> None:
    clock = at(9)
    async with running_hub(tmp_path, clock=clock) as hub:
        o = await office(hub)
        for _ in range(3):  # used every 119 minutes: holds for six hours
            clock.advance(minutes=119)
            await o.me()
        clock.advance(minutes=120)
        err = await refused(o.me())
        assert err.status == 401 and err.code == "session-expired"
        assert "120 分钟未操作" in err.message
        await o.close()


async def test_the_idle_time_is_configurable(tmp_path: Path) -> None:
    clock = at(9)
    async with running_hub(tmp_path, clock=clock, edit=lambda t: t.replace(
            "[hub]\n", "[hub]\nsession_idle_minutes = 30\n")) as hub:
        o = await office(hub)
        clock.advance(minutes=29)
        await o.me()
        clock.advance(minutes=30)
        err = await refused(o.me())
        assert err.code == "session-expired" and "30 分钟" in err.message
        await o.close()


async def test_a_restart_neither_forgives_idleness_nor_ends_a_session_in_use(
        tmp_path: Path) -> None:
    clock = at(8)
    async with running_hub(tmp_path, clock=clock) as hub:
        idle, busy = await office(hub), await office(hub)
        clock.advance(minutes=110)
        await busy.me()
        await hub.hub.tick()  # writes back when each session was last used
        assert sorted(s[2] is not None for s in stored_sessions(hub)) == [False, True]
        clock.advance(minutes=20)  # idle: 130 minutes; busy: 20
        await hub.restart()
        assert (await busy.me()).id == "9001"
        err = await refused(idle.me())
        assert err.status == 401
        assert len(stored_sessions(hub)) == 1  # the idle one was swept at start
        for c in (idle, busy):
            await c.close()


async def test_an_open_live_feed_is_use_and_is_closed_when_its_day_ends(tmp_path: Path
                                                                         ) -> None:
    clock = at(9)
    async with running_hub(tmp_path, clock=clock) as hub:
        o = await office(hub)
        ws_url = f"{hub.url.replace('http', 'ws')}/api/ws?token={o.token}"
        async with aiohttp.ClientSession() as s:
            ws = await s.ws_connect(ws_url)
            assert (await ws.receive_json())["type"] == "snapshot"
            clock.advance(hours=5)  # nobody pressed anything, but the console showed the hall
            await hub.hub.tick()
            assert (await o.me()).id == "9001"
            await ws.close()
            clock.advance(minutes=119)
            await o.me()
            ws = await s.ws_connect(ws_url)
            await ws.receive_json()
            clock.advance(hours=10)  # 00:59 the next day
            await hub.hub.tick()
            closed = await asyncio.wait_for(ws.receive(), 5)
            assert closed.type == aiohttp.WSMsgType.CLOSE
            assert closed.data == aiohttp.WSCloseCode.POLICY_VIOLATION
            assert closed.extra == "session-expired"
            async with s.get(ws_url) as resp:
                assert resp.status == 401
        await o.close()


async def test_office_sessions_do_not_pile_up(tmp_path: Path) -> None:
    clock = at(9)
    async with running_hub(tmp_path, clock=clock) as hub:
        consoles = []
        for _ in range(30):  # a console reloaded again and again, never signed out
            consoles.append(await office(hub))
            clock.advance(minutes=3)
        await hub.hub.tick()
        assert len(stored_sessions(hub)) == 30
        clock.advance(minutes=117)  # the last was signed in 120 minutes ago
        await hub.hub.tick()
        assert stored_sessions(hub) == [] and hub.hub.sessions.rows == {}
        for c in consoles:
            await c.close()


async def test_a_sign_out_forgets_the_session(tmp_path: Path) -> None:
    async with running_hub(tmp_path, clock=at(10)) as hub:
        o = await office(hub)
        assert token_hash(o.token or "") in hub.hub.sessions.rows
        token = o.token
        await o.logout()
        o.token = token
        err = await refused(o.me())
        assert err.status == 401 and err.code == "bad-token"
        assert stored_sessions(hub) == []
        await o.close()


async def test_times_are_the_hubs_with_its_zone(tmp_path: Path) -> None:
    clock = at(10)
    async with running_hub(tmp_path, clock=clock) as hub:
        o = await office(hub)
        ((_, created, _),) = stored_sessions(hub)
        assert datetime.fromisoformat(created) == clock() and created.endswith("+08:00")
        await o.close()


def test_a_stored_time_with_no_zone_is_the_halls(tmp_path: Path) -> None:
    """Rows written before sessions carried a zone are read in the hall's, not the machine's
    or UTC's: one signed in at 23:00 local has ended at 00:00 local."""
    config = demo_config(tmp_path)
    row = SessionRow("h", "9001", "office", None, datetime(2026, 12, 1, 23, 0))
    sessions = Sessions(config, [row])
    (kept,) = sessions.rows.values()
    assert kept.created_at == datetime(2026, 12, 1, 23, 0, tzinfo=TZ)
    assert sessions.ended(kept, datetime(2026, 12, 1, 23, 59, tzinfo=TZ)) is None
    assert sessions.ended(kept, datetime(2026, 12, 2, 0, 0, tzinfo=TZ)) is not None
    assert sessions.ended(kept, datetime(2026, 12, 1, 16, 30, tzinfo=ZoneInfo("UTC")))
    assert sessions.ended(kept, datetime(2026, 12, 1, 15, 30, tzinfo=ZoneInfo("UTC"))) is None
    assert timedelta(minutes=config.session_idle_minutes) == sessions.idle
