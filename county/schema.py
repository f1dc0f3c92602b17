"""The county's database: its schema, created and migrated by the county service itself.

`MIGRATIONS[i]` takes the schema from version i to i + 1. At start the service applies the
missing ones in one transaction, holding an advisory lock so that two instances starting at
once do not both migrate, and records each in `schema_version`. A database whose schema is
newer than this program refuses it, rather than being half understood.

What a hub may do here is call three functions (`bianmin/countylink.py`), as a member of the
role `bianmin_center`: it cannot read or change a table. The functions run as the schema's
owner and check that the center is listed and, when the county names a login for it, that the
hub signed in as that login, so one town cannot write as another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from bianmin.countylink import (
    CENTER_ROLE,
    GAP,
    NOTIFY_CHANNEL,
    SCHEMA,
    UNKNOWN_CENTER,
    WRONG_LOGIN,
)

if TYPE_CHECKING:
    import asyncpg
    from asyncpg.pool import PoolConnectionProxy

# A connection of its own, or one lent by the pool.
Conn: TypeAlias = "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"

S = SCHEMA
LOCK = 0x62696D6E  # "bimn": the advisory lock held while migrating


class SchemaTooNew(Exception):
    """The database was migrated by a newer county service than this one."""


_V1 = f"""
CREATE TABLE {S}.centers (
    id text PRIMARY KEY,
    name text NOT NULL,                     -- as the county's configuration names it
    login text,                             -- the role it must ship as (NULL: any center role)
    active boolean NOT NULL DEFAULT true,   -- false once left out of the configuration
    hall_name text NOT NULL DEFAULT '',     -- as the hall names itself
    timezone text NOT NULL DEFAULT 'Asia/Shanghai',
    catalog jsonb,                          -- its matters, windows, clerks' names, rules
    protocol int,
    shipped_seq bigint NOT NULL DEFAULT 0,  -- every event from 1 to this one is here
    hub_seq bigint NOT NULL DEFAULT 0,      -- the hall's own last event, as it last said
    last_contact timestamptz,
    last_event_at timestamptz
);

-- Every event of every hall, as the hall let it leave (see server/present/county.py).
-- No foreign key to centers: `ship` checks the center once per batch, not once per row.
CREATE TABLE {S}.events (
    center text NOT NULL,
    seq bigint NOT NULL,
    at timestamptz NOT NULL,
    day date NOT NULL,                      -- the hall's local day
    kind text NOT NULL,
    ticket text,
    win int,
    clerk text,
    data jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (center, seq)
);
CREATE INDEX events_day ON {S}.events (center, day, seq);
CREATE INDEX events_ticket ON {S}.events (center, ticket) WHERE ticket IS NOT NULL;
CREATE INDEX events_complaint ON {S}.events (center, (data->>'number'))
    WHERE kind LIKE 'complaint-%';
CREATE INDEX events_lodged ON {S}.events (day) WHERE kind = 'complaint-lodged';
CREATE INDEX events_printer ON {S}.events (center, seq) WHERE kind = 'printer-status';

-- The figures of each center's day, folded by bianmin/domain/figures.py: one row per
-- dimension and key; a range of days is the sum of its days (county/summaries.py).
CREATE TABLE {S}.tallies (
    day date NOT NULL,
    center text NOT NULL,
    dimension text NOT NULL,
    key text NOT NULL,
    counts jsonb NOT NULL,                  -- {{"issued": 40, "outcome-immediate": 31, ...}}
    waits bytea NOT NULL,                   -- seconds, sorted, as little-endian float64
    services bytea NOT NULL,
    PRIMARY KEY (day, center, dimension, key)
);
-- Seconds with microseconds do not compress: keep them out of line, uncompressed. (Raw
-- float64, not float8[]: reading a month of them must not make a million objects.)
ALTER TABLE {S}.tallies ALTER COLUMN waits SET STORAGE EXTERNAL,
                        ALTER COLUMN services SET STORAGE EXTERNAL;
CREATE TABLE {S}.days (
    day date NOT NULL,
    center text NOT NULL,
    counts jsonb NOT NULL,                  -- issued, served, complaints, rating-...
    hours jsonb NOT NULL,                   -- tickets issued per hour of the day
    summarized_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, center)
);
-- Days with events not yet in their tallies.
CREATE TABLE {S}.dirty_days (
    center text NOT NULL,
    day date NOT NULL,
    PRIMARY KEY (center, day)
);

CREATE TABLE {S}.staff_sessions (
    token_hash text PRIMARY KEY,
    staff_no text NOT NULL,
    created_at timestamptz NOT NULL,
    last_seen timestamptz NOT NULL
);

CREATE FUNCTION {S}.check_center(p_center text) RETURNS void
LANGUAGE plpgsql SET search_path = {S}, pg_temp AS $$
DECLARE
    v_login text;
BEGIN
    SELECT login INTO v_login FROM centers WHERE id = p_center AND active;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '{UNKNOWN_CENTER}',
            MESSAGE = format('the county does not list center %s', p_center);
    END IF;
    IF v_login IS NOT NULL AND v_login <> session_user THEN
        RAISE EXCEPTION USING ERRCODE = '{WRONG_LOGIN}',
            MESSAGE = format('center %s ships as %s, not as %s', p_center, v_login,
                             session_user);
    END IF;
END $$;

CREATE FUNCTION {S}.hello(p_center text, p_name text, p_timezone text, p_catalog jsonb,
                          p_hub_seq bigint, p_protocol int) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {S}, pg_temp AS $$
DECLARE
    v_have bigint;
BEGIN
    PERFORM check_center(p_center);
    UPDATE centers SET hall_name = p_name, timezone = p_timezone, catalog = p_catalog,
                       protocol = p_protocol, hub_seq = p_hub_seq, last_contact = now()
     WHERE id = p_center RETURNING shipped_seq INTO v_have;
    PERFORM pg_notify('{NOTIFY_CHANNEL}', p_center);
    RETURN v_have;
END $$;

CREATE FUNCTION {S}.ship(p_center text, p_seq bigint[], p_at timestamptz[], p_day date[],
                         p_kind text[], p_ticket text[], p_win int[], p_clerk text[],
                         p_data text[], p_hub_seq bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {S}, pg_temp AS $$
DECLARE
    v_have bigint;
    v_n int := coalesce(array_length(p_seq, 1), 0);
BEGIN
    PERFORM check_center(p_center);
    -- The row lock puts two hubs claiming one center (a mistake) one after the other.
    SELECT shipped_seq INTO v_have FROM centers WHERE id = p_center FOR UPDATE;
    IF v_n > 0 AND (p_seq[1] > v_have + 1 OR EXISTS (
            SELECT FROM unnest(p_seq) WITH ORDINALITY AS u(s, i) WHERE s <> p_seq[1] + i - 1))
    THEN
        RAISE EXCEPTION USING ERRCODE = '{GAP}',
            MESSAGE = format('center %s: the county holds events 1 to %s; a batch from %s '
                             'would leave a gap', p_center, v_have, p_seq[1]);
    END IF;
    IF v_n > 0 AND p_seq[v_n] > v_have THEN
        INSERT INTO events (center, seq, at, day, kind, ticket, win, clerk, data)
        SELECT p_center, s, a, d, k, t, w, c, x::jsonb
          FROM unnest(p_seq, p_at, p_day, p_kind, p_ticket, p_win, p_clerk, p_data)
               AS u(s, a, d, k, t, w, c, x)
         WHERE s > v_have
        ON CONFLICT DO NOTHING;
        INSERT INTO dirty_days (center, day)
        SELECT DISTINCT p_center, d FROM unnest(p_seq, p_day) AS u(s, d) WHERE s > v_have
        ON CONFLICT DO NOTHING;
        v_have := p_seq[v_n];
        UPDATE centers SET shipped_seq = v_have, last_event_at = p_at[v_n]
         WHERE id = p_center;
    END IF;
    UPDATE centers SET hub_seq = greatest(p_hub_seq, v_have), last_contact = now()
     WHERE id = p_center;
    PERFORM pg_notify('{NOTIFY_CHANNEL}', p_center);
    RETURN v_have;
END $$;

CREATE FUNCTION {S}.heartbeat(p_center text, p_hub_seq bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {S}, pg_temp AS $$
DECLARE
    v_have bigint;
BEGIN
    PERFORM check_center(p_center);
    UPDATE centers SET hub_seq = greatest(p_hub_seq, shipped_seq), last_contact = now()
     WHERE id = p_center RETURNING shipped_seq INTO v_have;
    PERFORM pg_notify('{NOTIFY_CHANNEL}', p_center);
    RETURN v_have;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{CENTER_ROLE}') THEN
        CREATE ROLE {CENTER_ROLE} NOLOGIN;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'the county''s database user may not create roles: have an administrator '
        'run "CREATE ROLE {CENTER_ROLE} NOLOGIN;" once, then start the county service again';
END $$;
REVOKE ALL ON SCHEMA {S} FROM PUBLIC;
GRANT USAGE ON SCHEMA {S} TO {CENTER_ROLE};
REVOKE ALL ON FUNCTION {S}.check_center(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION {S}.hello(text, text, text, jsonb, bigint, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION {S}.ship(text, bigint[], timestamptz[], date[], text[], text[], int[],
                                text[], text[], bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION {S}.heartbeat(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {S}.hello(text, text, text, jsonb, bigint, int) TO {CENTER_ROLE};
GRANT EXECUTE ON FUNCTION {S}.ship(text, bigint[], timestamptz[], date[], text[], text[],
                                   int[], text[], text[], bigint) TO {CENTER_ROLE};
GRANT EXECUTE ON FUNCTION {S}.heartbeat(text, bigint) TO {CENTER_ROLE};
"""

MIGRATIONS: list[str] = [_V1]
VERSION = len(MIGRATIONS)


async def migrate(conn: Conn) -> tuple[int, int]:
    """Bring the schema to `VERSION`; returns (the version found, the version now)."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", LOCK)
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {S}")
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {S}.schema_version ("
            " version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        found = int(await conn.fetchval(
            f"SELECT coalesce(max(version), 0) FROM {S}.schema_version"))
        if found > VERSION:
            raise SchemaTooNew(
                f"the database's schema is version {found}, newer than this county service "
                f"(version {VERSION}): run the newer service, or restore a matching backup")
        for version in range(found, VERSION):
            await conn.execute(MIGRATIONS[version])
            await conn.execute(f"INSERT INTO {S}.schema_version (version) VALUES ($1)",
                               version + 1)
    return found, VERSION
