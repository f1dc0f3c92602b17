"""The contract between a hall's hub and the county's PostgreSQL: what a hub calls, and how.

A hub never touches the county's tables. The county service (`county/schema.py`) creates three
functions in its schema and lets the role `bianmin_center` run them and nothing else; a hub
calls them with asyncpg:

- `hello`: the hub says who it is (center id, name, time zone, its catalog, its last event)
  and learns the last event the county holds for it, contiguous from 1. It ships from there.
- `ship`: a batch of events in sequence, as column arrays. The county keeps each (center, seq)
  once, so a batch sent twice (its answer lost on the way) changes nothing; it refuses a batch
  that would leave a gap, and answers the last event it now holds.
- `heartbeat`: the hub is alive and says its last event, so the county tells a quiet hall from
  a lost link, and knows how far behind it is.

Both sides import this module, so the names and the order of the arguments are written once.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SCHEMA = "bianmin"
CENTER_ROLE = "bianmin_center"  # the group role a center's login is made a member of
PROTOCOL = 1
NOTIFY_CHANNEL = "bianmin_events"  # `ship` and `heartbeat` notify it with the center's id
CENTER_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")

HELLO = (f"SELECT {SCHEMA}.hello($1::text, $2::text, $3::text, $4::jsonb, $5::bigint,"
         " $6::int)")
# center, first seq, then the arrays (seq, at, day, kind, ticket, window, clerk, data), then
# the hub's own last event.
SHIP = (f"SELECT {SCHEMA}.ship($1::text, $2::bigint[], $3::timestamptz[], $4::date[],"
        " $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::bigint)")
HEARTBEAT = f"SELECT {SCHEMA}.heartbeat($1::text, $2::bigint)"

# Why the county refused a hub, as `ship`, `hello` and `heartbeat` raise it (SQLSTATE).
UNKNOWN_CENTER = "BM001"  # the county's configuration does not list this center
WRONG_LOGIN = "BM002"  # another database role is registered for this center
GAP = "BM003"  # the batch does not follow the last event the county holds


def postgres_problem(address: str) -> str | None:
    """Why `address` is not a PostgreSQL address a hub or the county may keep in its
    configuration (one without its password), or None. Several servers may be named, for a
    standby to take over: `postgresql://u@primary:5432,standby:5432/db?target_session_attrs=
    read-write`."""
    if any(c.isspace() for c in address):
        return "must not contain spaces"
    try:
        url = urlsplit(address)
    except ValueError as err:
        return f"is not a PostgreSQL address ({err})"
    if url.scheme not in ("postgresql", "postgres"):
        return ("must be a PostgreSQL address such as "
                "\"postgresql://bianmin@county.example:5432/bianmin\"")
    user, at, hosts = url.netloc.rpartition("@")
    if at and ":" in user:
        return ("must not hold the password: name the environment variable that does in "
                "`password_env`")
    for host in hosts.split(","):
        name, _, port = (host.rpartition(":") if ":" in host and not host.endswith("]")
                         else (host, "", ""))
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            return f"has a port that is not a number from 1 to 65535: {host!r}"
        if not (name or host) and "host=" not in url.query:
            return ("must name the database server, e.g. "
                    "\"postgresql://bianmin@10.0.0.5/bianmin\"")
    if "password=" in url.query:
        return ("must not hold the password: name the environment variable that does in "
                "`password_env`")
    return None
