"""The county's database: a pool of connections, opened once PostgreSQL answers, the schema
migrated, and the centers of the configuration listed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

import asyncpg

from county.config import CenterEntry, CountyConfig
from county.schema import Conn, S, migrate

log = logging.getLogger("county")


async def register(conn: Conn, centers: Iterable[CenterEntry]) -> None:
    """The configuration's centers, as the database lists them. A center left out of the
    configuration may no longer ship; what it shipped stays."""
    entries = list(centers)
    async with conn.transaction():
        await conn.executemany(
            f"INSERT INTO {S}.centers (id, name, login, active) VALUES ($1, $2, $3, true) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, login = excluded.login, "
            "active = true",
            [(c.id, c.name, c.login) for c in entries])
        await conn.execute(f"UPDATE {S}.centers SET active = false WHERE NOT id = ANY($1)",
                           [c.id for c in entries])


async def open_pool(config: CountyConfig, *, attempts: int = 30,
                    wait: float = 2.0) -> asyncpg.Pool:
    """A pool on the county's database, the schema brought to this version. Waits for
    PostgreSQL for a while (it may still be starting with the machine), then gives up."""
    for attempt in range(1, attempts + 1):
        try:
            pool = await asyncpg.create_pool(
                config.database, password=config.password(), min_size=1,
                max_size=config.pool_size, command_timeout=60,
                server_settings={"application_name": "bianmin-county"})
            break
        except (OSError, asyncpg.CannotConnectNowError, TimeoutError) as err:
            if attempt == attempts:
                raise
            log.warning("the county database does not answer yet (%s); trying again", err)
            await asyncio.sleep(wait)
    try:
        async with pool.acquire() as conn:
            found, now = await migrate(conn)
            if found != now:
                log.info("county database schema migrated from version %d to %d", found, now)
            await register(conn, config.centers.values())
    except BaseException:
        await pool.close()
        raise
    return pool
