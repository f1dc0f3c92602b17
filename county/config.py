"""The county service's configuration: `county.toml`, checked in full before anything starts.

Mistakes are named as the hall's configuration names them (`file:line: key: what`), with the
same reader (`bianmin.config_reader`).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bianmin.config_reader import ConfigError, ConfigReader, shown
from bianmin.countylink import CENTER_ID, postgres_problem

SECTIONS = ("county", "server", "database", "live", "centers", "staff")
# As the hall's configuration takes them: what `bianmin hash-pin` writes, and an iteration
# count that does not stall every sign-in.
PIN_HASH = re.compile(r"pbkdf2_sha256\$([0-9]{1,8})\$([^$\s]+)\$([0-9a-f]{64})")
PIN_ITERATIONS = (1_000, 5_000_000)


@dataclass(frozen=True, slots=True)
class CenterEntry:
    id: str
    name: str
    login: str | None = None  # the database role its hub must sign in as


@dataclass(frozen=True, slots=True)
class StaffEntry:
    staff_no: str
    name: str
    pin_hash: str


@dataclass(frozen=True, slots=True)
class CountyConfig:
    path: Path
    name: str
    timezone: str
    database: str
    centers: dict[str, CenterEntry]
    staff: dict[str, StaffEntry]
    password_env: str = ""
    pool_size: int = 10
    host: str = "127.0.0.1"
    port: int = 8700
    session_idle_minutes: int = 120
    link_down_minutes: float = 5.0  # a center not heard from this long shows "link down"
    summary_seconds: float = 10.0  # the figures follow new events within about this long

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def password(self) -> str | None:
        return os.environ.get(self.password_env) if self.password_env else None


def load(path: Path | str) -> CountyConfig:
    path = Path(path).absolute()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found (create one with "
                                    "`bianmin county init DIR`)") from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ConfigError(path, "", f"cannot be read: {e}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise ConfigError(path, "", f"TOML syntax error: {e}",
                          int(m.group(1)) if m else None) from None
    except RecursionError:
        raise ConfigError(path, "", "TOML nested too deeply to read") from None
    return parse(path, text, data)


def parse(path: Path, text: str, data: dict[str, Any]) -> CountyConfig:
    r = ConfigReader(path, text)
    r.known(data, "", SECTIONS)
    if "county" not in data:
        raise r.fail("county", "missing [county] table")
    c = r.table(data, "", "county")
    r.known(c, "county", ("name", "timezone"))
    name = r.text(c, "county", "name")
    timezone = r.text(c, "county", "timezone", "Asia/Shanghai")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise r.fail("county.timezone", f"unknown time zone {shown(timezone)}; write e.g. "
                                        "\"Asia/Shanghai\"") from None

    s = r.table(data, "", "server")
    r.known(s, "server", ("host", "port", "session_idle_minutes"))
    host = r.text(s, "server", "host", "127.0.0.1")
    if not host.strip() or any(ch.isspace() for ch in host):
        raise r.fail("server.host", f"must be an address such as \"0.0.0.0\", found "
                                    f"{shown(host)}")

    d = r.table(data, "", "database")
    r.known(d, "database", ("address", "password_env", "pool_size"))
    address = r.text(d, "database", "address")
    problem = postgres_problem(address)
    if problem:
        raise r.fail("database.address", problem)
    env = r.text(d, "database", "password_env", "")
    if env and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", env):
        raise r.fail("database.password_env", "must be the name of an environment variable, "
                                              f"found {shown(env)}")

    live = r.table(data, "", "live")
    r.known(live, "live", ("link_down_minutes", "summary_seconds"))

    return CountyConfig(
        path=path, name=name, timezone=timezone, database=address,
        centers=_centers(r, data), staff=_staff(r, data), password_env=env,
        pool_size=r.number(d, "database", "pool_size", 10, 2, 100),
        host=host, port=r.number(s, "server", "port", 8700, 1, 65535),
        session_idle_minutes=r.number(s, "server", "session_idle_minutes", 120, 5, 24 * 60),
        link_down_minutes=r.number(live, "live", "link_down_minutes", 5.0, 0.1, 24 * 60),
        summary_seconds=r.number(live, "live", "summary_seconds", 10.0, 0.05, 3600))


def _centers(r: ConfigReader, data: dict[str, Any]) -> dict[str, CenterEntry]:
    centers: dict[str, CenterEntry] = {}
    for i, t in enumerate(r.tables(data, "centers")):
        b = f"centers[{i}]"
        r.known(t, b, ("id", "name", "login"))
        center_id = r.text(t, b, "id")
        if not CENTER_ID.fullmatch(center_id):
            raise r.fail(f"{b}.id", "must be 1 to 32 small letters, digits and hyphens, "
                                    f"found {shown(center_id)}")
        if center_id in centers:
            raise r.fail(f"{b}.id", f"center {center_id!r} is listed twice")
        name = r.text(t, b, "name")
        if len(name) > 100:
            raise r.fail(f"{b}.name", "must be at most 100 characters")
        login = r.text(t, b, "login", "") or None
        if login is not None and not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", login):
            raise r.fail(f"{b}.login", "must be a database role name (small letters, digits, "
                                       f"_), found {shown(login)}")
        centers[center_id] = CenterEntry(center_id, name, login)
    if not centers:
        raise r.fail("centers", "at least one [[centers]] table is needed")
    return centers


def _staff(r: ConfigReader, data: dict[str, Any]) -> dict[str, StaffEntry]:
    staff: dict[str, StaffEntry] = {}
    for i, t in enumerate(r.tables(data, "staff")):
        b = f"staff[{i}]"
        r.known(t, b, ("staff_no", "name", "pin_hash"))
        staff_no = r.text(t, b, "staff_no")
        if staff_no in staff:
            raise r.fail(f"{b}.staff_no", f"staff number {staff_no!r} is used twice")
        pin_hash = r.text(t, b, "pin_hash")
        m = PIN_HASH.fullmatch(pin_hash)
        if not m or not PIN_ITERATIONS[0] <= int(m.group(1)) <= PIN_ITERATIONS[1]:
            raise r.fail(f"{b}.pin_hash", "must be a salted hash made by `bianmin hash-pin`, "
                                          "never a plain PIN")
        staff[staff_no] = StaffEntry(staff_no, r.text(t, b, "name"), pin_hash)
    if not staff:
        raise r.fail("staff", "at least one [[staff]] table is needed to sign in")
    return staff
