"""The configuration `bianmin county init` writes: a county with three town centers,
commented, and what each center adds to its own `bianmin.toml` to ship to it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from bianmin.pins import hash_pin

DEMO_PIN = "123456"
STAFF_NO = "8001"
DEMO_DATABASE = "postgresql://bianmin@127.0.0.1:5432/bianmin"
CENTERS = [("qingxi", "青溪镇便民服务中心"), ("baishi", "白石镇便民服务中心"),
           ("lianhua", "莲花镇便民服务中心")]


@dataclass(frozen=True)
class Written:
    path: Path
    pin: str


TEMPLATE = """\
# Bianmin (便民) county service (县政务服务中心): every town center's events, live board,
# figures, rankings and complaints. Start it with:  bianmin county serve --config {path}
# The service creates and migrates its own tables in the database below (schema "bianmin").
{demo_note}
[county]
name = "清河县政务服务中心"
timezone = "Asia/Shanghai"

[server]
host = "127.0.0.1"               # "0.0.0.0" to let the county's staff reach it on the network
port = 8700
session_idle_minutes = 120       # a sign-in unused this long has ended

[database]
# The county's PostgreSQL, without the password: give the environment variable that holds
# it, e.g. password_env = "BIANMIN_COUNTY_DB_PASSWORD". This user owns the schema and needs
# CREATEROLE once, to make the role "bianmin_center" the halls ship as (docs/county.md).
address = "{database}"
# password_env = "BIANMIN_COUNTY_DB_PASSWORD"
pool_size = 10

[live]
link_down_minutes = 5            # a center not heard from this long shows "link down"
summary_seconds = 10             # the figures follow new events within about this long

# ---- The town centers ---------------------------------------------------------------------
# id: as the center's own bianmin.toml says in [county] center_id.
# login: the PostgreSQL role its hub ships as; when given, no other role may ship as it.
#   Make it with:  CREATE ROLE center_qingxi LOGIN PASSWORD '...' IN ROLE bianmin_center;
{centers}
# ---- County staff ---------------------------------------------------------------------------
# PINs are kept only as salted hashes. Make one with:  bianmin hash-pin

[[staff]]
staff_no = "{staff_no}"
name = "县中心管理员"
pin_hash = "{pin_hash}"
"""

DEMO_NOTE = """
# DEMO: staff 8001's PIN is 123456 and the centers ship without logins of their own. Never
# run a county on it: make a fresh file with `bianmin county init DIR` (without --demo).
"""


def render(pin: str, database: str, demo: bool) -> str:
    centers = "\n".join(
        f'[[centers]]\nid = "{cid}"\nname = "{name}"\n'
        + ("" if demo else f'login = "center_{cid}"\n')
        for cid, name in CENTERS)
    return TEMPLATE.format(demo_note=DEMO_NOTE if demo else "", database=database,
                           centers=centers, staff_no=STAFF_NO, pin_hash=hash_pin(pin),
                           path="{path}")


def snippet(center_id: str, database: str, demo: bool) -> str:
    """What a center adds to its own bianmin.toml to ship to this county."""
    lines = ["[county]", f'database = "{database}"', f'center_id = "{center_id}"']
    if not demo:
        lines[1] = f'database = "{database.replace("bianmin@", f"center_{center_id}@", 1)}"'
        lines.append('password_env = "BIANMIN_COUNTY_PASSWORD"')
    lines.append("personal_data = false           # names and phones leave the hall masked")
    return "\n".join(lines)


def write(folder: Path, *, demo: bool, database: str = DEMO_DATABASE) -> Written:
    """Write `folder/county.toml`; refuses to overwrite one that exists."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "county.toml"
    if path.exists():
        raise FileExistsError(path)
    pin = DEMO_PIN if demo else f"{secrets.randbelow(10**6):06d}"
    path.write_text(render(pin, database, demo).replace("{path}", str(path)),
                    encoding="utf-8")
    path.chmod(0o600)
    return Written(path, pin)
