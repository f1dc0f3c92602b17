"""The county's schema on a real PostgreSQL: migrated by the service once, versioned; what a
hub may do there (call three functions as its own role), and what `ship` keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime

import asyncpg
import pytest

from bianmin.countylink import GAP, HELLO, SHIP, UNKNOWN_CENTER, WRONG_LOGIN
from county.config import CenterEntry
from county.db import register
from county.schema import VERSION, SchemaTooNew, migrate
from tests.county.kit import Postgres


def batch(center: str, first: int, count: int) -> list[object]:
    at = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    seqs = list(range(first, first + count))
    return [center, seqs, [at] * count, [date(2026, 11, 30)] * count, ["ticket-expired"] * count,
            [f"t{s}" for s in seqs], [None] * count, [None] * count,
            [f'{{"at": "{at.isoformat()}", "ticket": "t{s}"}}' for s in seqs], first + count]


async def test_migrated_once_and_versioned(pg: Postgres) -> None:
    conn = await pg.connect()
    try:
        assert await migrate(conn) == (0, VERSION)
        assert await migrate(conn) == (VERSION, VERSION)
        await conn.execute("INSERT INTO bianmin.schema_version (version) VALUES ($1)",
                           VERSION + 1)
        with pytest.raises(SchemaTooNew, match="newer than this county service"):
            await migrate(conn)
    finally:
        await conn.close()


async def test_ship_keeps_each_event_once_and_refuses_a_gap(pg: Postgres) -> None:
    conn = await pg.connect()
    try:
        await migrate(conn)
        await register(conn, [CenterEntry("qingxi", "青溪镇")])
        assert await conn.fetchval(HELLO, "qingxi", "青溪镇", "Asia/Shanghai", "{}", 9, 1) == 0
        assert await conn.fetchval(SHIP, *batch("qingxi", 1, 5)) == 5
        assert await conn.fetchval(SHIP, *batch("qingxi", 1, 5)) == 5  # sent again: no double
        assert await conn.fetchval(SHIP, *batch("qingxi", 4, 4)) == 7  # overlapping
        with pytest.raises(asyncpg.PostgresError) as gap:
            await conn.fetchval(SHIP, *batch("qingxi", 9, 2))
        assert gap.value.sqlstate == GAP
        seqs = [r[0] for r in await conn.fetch("SELECT seq FROM bianmin.events ORDER BY seq")]
        assert seqs == list(range(1, 8))
        assert await conn.fetchval("SELECT count(*) FROM bianmin.dirty_days") == 1
        with pytest.raises(asyncpg.PostgresError) as unknown:
            await conn.fetchval(SHIP, *batch("nowhere", 1, 1))
        assert unknown.value.sqlstate == UNKNOWN_CENTER
    finally:
        await conn.close()


async def test_a_center_role_ships_as_itself_and_reads_nothing(pg: Postgres) -> None:
    owner = await pg.connect()
    try:
        await migrate(owner)
        await register(owner, [CenterEntry("qingxi", "青溪镇", "center_qingxi"),
                               CenterEntry("baishi", "白石镇", "center_baishi")])
        for role in ("center_qingxi", "center_baishi"):
            await owner.execute(f"DROP ROLE IF EXISTS {role}")
            await owner.execute(f"CREATE ROLE {role} LOGIN IN ROLE bianmin_center")
        database = pg.dsn.rsplit("/", 1)[1]
        hub = await asyncpg.connect(pg.cluster.url(database, "center_qingxi"))
        try:
            await hub.fetchval(HELLO, "qingxi", "青溪镇", "Asia/Shanghai", "{}", 0, 1)
            assert await hub.fetchval(SHIP, *batch("qingxi", 1, 3)) == 3
            with pytest.raises(asyncpg.PostgresError) as other:
                await hub.fetchval(SHIP, *batch("baishi", 1, 1))
            assert other.value.sqlstate == WRONG_LOGIN
            for sql in ("SELECT count(*) FROM bianmin.events",
                        "UPDATE bianmin.centers SET shipped_seq = 0",
                        "DELETE FROM bianmin.events"):
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await hub.execute(sql)
        finally:
            await hub.close()
        assert await owner.fetchval("SELECT count(*) FROM bianmin.events") == 3
    finally:
        for role in ("center_qingxi", "center_baishi"):
            await owner.execute(f"DROP OWNED BY {role}")
            await owner.execute(f"DROP ROLE IF EXISTS {role}")
        await owner.close()
