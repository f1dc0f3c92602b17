"""The hall's configuration: one TOML file, checked in full before anything starts.

A mistake stops start-up with `ConfigError`, which names the file, the line where it can be
found, the key and what is wrong. Whatever the file holds, no other exception comes out of
`load`: every value is checked for its type and range before it is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bianmin.config_reader import ConfigError as ConfigError
from bianmin.config_reader import ConfigReader as ConfigReader
from bianmin.config_reader import database_problem, key_name, picture_problem, shown
from bianmin.countylink import CENTER_ID, postgres_problem
from bianmin.domain.bundles import Bundle, check_plan
from bianmin.domain.catalog import Catalog, Matter, OfficeRules, Rules, Slot, Window
from bianmin.domain.types import OUTCOME_NAMES, Outcome
from bianmin.domain.workdays import SATURDAY, WorkCalendar

PRINTER_KINDS = ("none", "usb", "network", "serial", "file")
DEVICE_KINDS = ("kiosk", "display", "rating")
ROLES = ("clerk", "office")
DAY_MINUTES = 24 * 60
MAX_WORKING_DAYS = 60
# What `bianmin hash-pin` writes; a huge iteration count would stall every sign-in.
_PIN_HASH = re.compile(r"pbkdf2_sha256\$([0-9]{1,8})\$([^$\s]+)\$([0-9a-f]{64})")
PIN_ITERATIONS = (1_000, 5_000_000)


@dataclass(frozen=True, slots=True)
class Center:
    name: str
    name_en: str = ""
    timezone: str = "Asia/Shanghai"
    english: bool = False
    public_url: str = ""  # how phones reach the hub, for the code printed on tickets
    complaint_phone: str = ""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Staff:
    staff_no: str
    name: str
    pin_hash: str
    role: str = "clerk"
    window: int | None = None  # the window the clerk usually sits at
    departments: tuple[str, ...] = ()  # an office account: the departments it heads (负责人)
    photo: Path | None = None  # for the window screen (挂牌上岗), when there is one


@dataclass(frozen=True, slots=True)
class Device:
    id: str
    kind: str
    token: str
    name: str = ""
    printer: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class County:
    """[county]: the county's PostgreSQL this hub ships its events to (see server/county.py)."""

    database: str  # a PostgreSQL address, without its password
    center_id: str  # this center, as the county's configuration lists it
    center_name: str
    password_env: str = ""  # the environment variable that holds the password, if any
    personal_data: bool = False  # names, phones and free text go unmasked
    batch: int = 500  # events per batch when catching up
    retry_seconds: float = 30.0  # the longest wait between two tries while the link is down
    heartbeat_seconds: float = 30.0  # how often an idle hub tells the county it is there
    timeout_seconds: float = 10.0  # a connection or call that takes longer has failed

    def password(self) -> str | None:
        return os.environ.get(self.password_env) if self.password_env else None


@dataclass(frozen=True, slots=True)
class Config:
    path: Path
    center: Center
    catalog: Catalog
    staff: dict[str, Staff]
    devices: dict[str, Device]  # by token
    database: Path
    host: str = "127.0.0.1"
    port: int = 8600
    outcome_names: dict[Outcome, str] = field(default_factory=lambda: dict(OUTCOME_NAMES))
    window_printers: dict[int, dict[str, Any]] = field(default_factory=dict)
    display: dict[str, Any] = field(default_factory=dict)
    demo: bool = False
    session_idle_minutes: int = 120  # a staff session unused this long has ended
    county: County | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # for parts that read their own sections
    text: str = ""  # the file as read, so those parts can name the line of a mistake too

    def reader(self) -> ConfigReader:
        """For a part that checks its own section, with the same messages as the rest."""
        return ConfigReader(self.path, self.text)

    @property
    def tz(self) -> ZoneInfo:
        return self.center.tz


def load(path: Path | str) -> Config:
    path = Path(path).absolute()
    try:
        path = path.resolve()
        # utf-8-sig: a byte-order mark, as some Windows editors write, is not a mistake
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found (create one with `bianmin init DIR`)") from None
    except UnicodeDecodeError as e:
        before = e.object[: e.start]
        column = e.start - before.rfind(b"\n")
        raise ConfigError(path, "", f"not UTF-8 text: byte {e.object[e.start]:#04x} in column "
                                    f"{column}; save the file as UTF-8",
                          before.count(b"\n") + 1) from None
    except (OSError, RuntimeError, ValueError) as e:  # a folder, no permission, a loop, NUL
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise ConfigError(path, "", f"cannot be read: {reason}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise ConfigError(path, "", f"TOML syntax error: {e}", int(m.group(1)) if m else None
                          ) from None
    except RecursionError:
        raise ConfigError(path, "", "TOML nested too deeply to read") from None
    return parse(path, text, data)


def open_database_once(config: Config) -> None:
    """Open the database once before the hub does, so what fails is named with its line: a
    failure inside the hub's start also leaves aiosqlite's thread printing a traceback.
    Makes the file (and its folder) when missing, as the hub would."""
    try:
        config.database.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(config.database, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")  # reads the file's header and takes the write lock
            db.execute("ROLLBACK")
    except (OSError, sqlite3.Error) as err:
        raise _database_error(config, err) from None


def database_failure(config: Config, err: BaseException) -> ConfigError | None:
    """`err`, raised while the hub started, as a mistake of `hub.database`, if it is one."""
    db = config.database
    if isinstance(err, sqlite3.Error) or (
            isinstance(err, OSError) and err.filename is not None
            and Path(os.fsdecode(err.filename)) in (db, *db.parents)):
        return _database_error(config, err)
    return None


def _database_error(config: Config, err: BaseException) -> ConfigError:
    why = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    return config.reader().fail("hub.database",
                                f"cannot use the database {config.database}: {why}")


SECTIONS = ("center", "hub", "rules", "outcome_names", "office_rules", "calendar", "matters",
            "windows", "bundles", "clerks", "office", "devices", "display", "county")


def parse(path: Path, text: str, data: dict[str, Any]) -> Config:
    r = ConfigReader(path, text)
    r.known(data, "", SECTIONS)
    if "center" not in data:
        raise r.fail("center", "missing [center] table")
    center = _center(r, r.table(data, "", "center"))
    rules = _rules(r, r.table(data, "", "rules"))
    matters = _matters(r, data)
    windows, window_printers = _windows(r, data, matters)
    bundles = _bundles(r, data, matters)
    staff = _staff(r, data, windows)
    devices = _devices(r, data)
    outcome_names = _outcome_names(r, r.table(data, "", "outcome_names"))
    office = _office_rules(r, r.table(data, "", "office_rules"), matters)
    calendar = _calendar(r, r.table(data, "", "calendar"))
    display = r.table(data, "", "display")  # read by the display, with this reader
    county = _county(r, data, center) if "county" in data else None

    hub_t = r.table(data, "", "hub")
    r.known(hub_t, "hub", ("host", "port", "database", "demo", "session_idle_minutes"))
    host = r.text(hub_t, "hub", "host", "127.0.0.1")
    if not host or any(c.isspace() for c in host):
        raise r.fail("hub.host", f"must be an address such as \"0.0.0.0\", found {shown(host)}")
    port = r.number(hub_t, "hub", "port", 8600, 1, 65535)
    name = r.text(hub_t, "hub", "database", "bianmin.db")
    if not name.strip():
        raise r.fail("hub.database", "must name a file, e.g. \"bianmin.db\"")
    database = path.parent / name  # an absolute name stays as it is
    problem = database_problem(database)
    if problem:
        raise r.fail("hub.database", problem)
    demo = r.get(hub_t, "hub", "demo", bool, False)
    idle = r.number(hub_t, "hub", "session_idle_minutes", 120, 5, 24 * 60)

    catalog = Catalog(matters=matters, windows=windows, rules=rules,
                      clerks={s.staff_no: s.name for s in staff.values() if s.role == "clerk"},
                      office=office, calendar=calendar,
                      heads={d: s.staff_no for s in staff.values() for d in s.departments},
                      photos={s.staff_no: _version(s.photo) for s in staff.values()
                              if s.photo is not None},
                      bundles=bundles)
    return Config(path=path, center=center, catalog=catalog, staff=staff, devices=devices,
                  database=database, host=host, port=port, outcome_names=outcome_names,
                  window_printers=window_printers, display=display, demo=demo,
                  session_idle_minutes=idle, county=county, raw=data, text=text)


def _version(path: Path) -> str:
    """A tag that changes when the file does, so a screen never keeps an old photo."""
    stat = path.stat()
    return hashlib.sha1(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:10]


def _center(r: ConfigReader, t: dict[str, Any]) -> Center:
    b = "center"
    r.known(t, b, ("name", "name_en", "timezone", "english", "public_url", "complaint_phone"))
    center = Center(
        name=r.text(t, b, "name"),
        name_en=r.text(t, b, "name_en", ""),
        timezone=r.text(t, b, "timezone", "Asia/Shanghai"),
        english=r.get(t, b, "english", bool, False),
        public_url=r.text(t, b, "public_url", "").strip().rstrip("/"),
        complaint_phone=r.text(t, b, "complaint_phone", ""),
    )
    try:
        ZoneInfo(center.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise r.fail("center.timezone", f"unknown time zone {shown(center.timezone)}; "
                                        "write e.g. \"Asia/Shanghai\"") from None
    if center.public_url and not _web_address(center.public_url):
        raise r.fail("center.public_url", "must be an address such as "
                     f"\"http://192.168.1.10:8600\", found {shown(center.public_url)}")
    return center


def _web_address(text: str) -> bool:
    try:
        url = urlsplit(text)
        url.port  # noqa: B018 -- raises for a port that is not a number from 0 to 65535
    except ValueError:
        return False
    return url.scheme in ("http", "https") and bool(url.hostname) and " " not in text


def _county(r: ConfigReader, data: dict[str, Any], center: Center) -> County:
    b = "county"
    t = r.table(data, "", b)
    r.known(t, b, ("database", "center_id", "center_name", "password_env", "personal_data",
                   "batch", "retry_seconds", "heartbeat_seconds", "timeout_seconds"))
    database = r.text(t, b, "database")
    problem = postgres_problem(database)
    if problem:
        raise r.fail(f"{b}.database", problem)
    center_id = r.text(t, b, "center_id")
    if not CENTER_ID.fullmatch(center_id):
        raise r.fail(f"{b}.center_id", "must be 1 to 32 small letters, digits and hyphens "
                                       f"(as the county lists it), found {shown(center_id)}")
    env = r.text(t, b, "password_env", "")
    if env and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", env):
        raise r.fail(f"{b}.password_env", "must be the name of an environment variable, "
                                          f"e.g. \"BIANMIN_COUNTY_PASSWORD\", found {shown(env)}")
    name = r.text(t, b, "center_name", center.name)
    if not name.strip() or len(name) > 100:
        raise r.fail(f"{b}.center_name", "must be 1 to 100 characters")
    return County(
        database=database, center_id=center_id, center_name=name, password_env=env,
        personal_data=r.get(t, b, "personal_data", bool, False),
        batch=r.number(t, b, "batch", 500, 1, 10_000),
        retry_seconds=r.number(t, b, "retry_seconds", 30.0, 0.1, 3600),
        heartbeat_seconds=r.number(t, b, "heartbeat_seconds", 30.0, 0.1, 3600),
        timeout_seconds=r.number(t, b, "timeout_seconds", 10.0, 0.5, 600))


def _rules(r: ConfigReader, t: dict[str, Any]) -> Rules:
    b = "rules"
    r.known(t, b, ("immediate_limit_minutes", "recalls_before_no_show", "stall_minutes",
                   "promised_warn_days"))
    return Rules(
        immediate_limit_minutes=r.number(t, b, "immediate_limit_minutes", 30, 1, DAY_MINUTES),
        recalls_before_no_show=r.number(t, b, "recalls_before_no_show", 2, 0, 10),
        stall_minutes=r.number(t, b, "stall_minutes", 20, 1, DAY_MINUTES),
        promised_warn_days=r.number(t, b, "promised_warn_days", 1, 0, 365),
    )


def _matters(r: ConfigReader, data: dict[str, Any]) -> dict[str, Matter]:
    matters: dict[str, Matter] = {}
    for i, m in enumerate(r.tables(data, "matters")):
        b = f"matters[{i}]"
        r.known(m, b, ("prefix", "name", "name_en", "handling", "time_limit_minutes",
                       "materials", "wait_hint"))
        prefix = r.text(m, b, "prefix")
        if not re.fullmatch(r"[A-Z]", prefix):
            raise r.fail(f"{b}.prefix", f"must be one capital letter A-Z, found {shown(prefix)}")
        if prefix in matters:
            raise r.fail(f"{b}.prefix", f"prefix {prefix!r} is used by two matters")
        matters[prefix] = Matter(
            prefix=prefix,
            name=r.text(m, b, "name"),
            name_en=r.text(m, b, "name_en", ""),
            handling=Outcome(r.choice(m, b, "handling", Outcome, "immediate")),
            time_limit_minutes=r.number(m, b, "time_limit_minutes", 30, 1, DAY_MINUTES),
            materials=r.texts(m, b, "materials", [], empty=True),
            wait_hint=r.text(m, b, "wait_hint", ""),
        )
    if not matters:
        raise r.fail("matters", "at least one [[matters]] table is needed")
    return matters


def _windows(r: ConfigReader, data: dict[str, Any], matters: dict[str, Matter]
             ) -> tuple[dict[int, Window], dict[int, dict[str, Any]]]:
    windows: dict[int, Window] = {}
    printers: dict[int, dict[str, Any]] = {}
    for i, w in enumerate(r.tables(data, "windows")):
        b = f"windows[{i}]"
        r.known(w, b, ("number", "department", "matters", "strict_matter_order", "name",
                       "printer"))
        number = r.number(w, b, "number", ..., 1, 999, kind=int)
        if number in windows:
            raise r.fail(f"{b}.number", f"window {number} is defined twice")
        served = r.texts(w, b, "matters")
        for prefix in served:
            if prefix not in matters:
                raise r.fail(f"{b}.matters",
                             f"unknown matter {shown(prefix)}; known: {', '.join(matters)}")
        if len(set(served)) < len(served):
            raise r.fail(f"{b}.matters", "lists a matter twice")
        windows[number] = Window(
            number=number,
            department=r.text(w, b, "department"),
            matters=served,
            strict_matter_order=r.get(w, b, "strict_matter_order", bool, False),
            name=r.text(w, b, "name", ""),
        )
        if "printer" in w:
            printers[number] = _printer(r, w["printer"], f"{b}.printer")
    if not windows:
        raise r.fail("windows", "at least one [[windows]] table is needed")
    for prefix, matter in matters.items():
        if not any(prefix in w.matters for w in windows.values()):
            raise r.fail("matters", f"no window serves matter {prefix} ({matter.name})")
    return windows, printers


def _bundles(r: ConfigReader, data: dict[str, Any], matters: dict[str, Matter]
             ) -> dict[str, Bundle]:
    """一件事: each bundle's matters must exist, and every matter is served by a window (the
    windows' check above), so no bundle can send a resident where nobody calls."""
    bundles: dict[str, Bundle] = {}
    for i, t in enumerate(r.tables(data, "bundles")):
        b = f"bundles[{i}]"
        r.known(t, b, ("id", "name", "name_en", "matters", "any_order", "materials",
                       "time_limit_minutes", "summary"))
        bundle_id = r.text(t, b, "id")
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,31}", bundle_id):
            raise r.fail(f"{b}.id", "must be a short name in lower-case letters, digits and -, "
                                    f"such as \"newborn\", found {shown(bundle_id)}")
        if bundle_id in bundles:
            raise r.fail(f"{b}.id", f"bundle {bundle_id!r} is defined twice")
        steps = r.texts(t, b, "matters")
        for prefix in steps:
            if prefix not in matters:
                raise r.fail(f"{b}.matters",
                             f"unknown matter {shown(prefix)}; known: {', '.join(matters)}")
        any_order = r.texts(t, b, "any_order", [], empty=True)
        problem = check_plan(steps, any_order)
        if problem:
            raise r.fail(f"{b}.any_order" if "any_order" in problem else f"{b}.matters",
                         problem)
        bundles[bundle_id] = Bundle(
            id=bundle_id,
            name=r.text(t, b, "name"),
            name_en=r.text(t, b, "name_en", ""),
            matters=steps,
            any_order=any_order,
            materials=r.texts(t, b, "materials", [], empty=True),
            time_limit_minutes=r.number(t, b, "time_limit_minutes", 120, 1, DAY_MINUTES),
            summary=r.text(t, b, "summary", ""),
        )
    return bundles


def _staff(r: ConfigReader, data: dict[str, Any], windows: dict[int, Window]
           ) -> dict[str, Staff]:
    staff: dict[str, Staff] = {}
    for table in ("clerks", "office"):
        for i, c in enumerate(r.tables(data, table)):
            b = f"{table}[{i}]"
            r.known(c, b, ("staff_no", "name", "pin_hash", "window",
                           *(("departments",) if table == "office" else ("photo",))))
            staff_no = r.text(c, b, "staff_no")
            if staff_no in staff:
                raise r.fail(f"{b}.staff_no", f"staff number {staff_no!r} is used twice")
            pin_hash = r.text(c, b, "pin_hash")
            m = _PIN_HASH.fullmatch(pin_hash)
            if not m or not PIN_ITERATIONS[0] <= int(m.group(1)) <= PIN_ITERATIONS[1]:
                raise r.fail(f"{b}.pin_hash",
                             "must be a salted hash made by `bianmin hash-pin`, never a plain PIN")
            window = r.get(c, b, "window", int, None)
            if window is not None and window not in windows:
                raise r.fail(f"{b}.window", f"no window {window} is defined")
            photo = None
            if "photo" in c:
                photo = r.path.parent / r.text(c, b, "photo")  # an absolute name stays as is
                problem = picture_problem(photo)
                if problem:
                    raise r.fail(f"{b}.photo", problem)
            staff[staff_no] = Staff(staff_no=staff_no, name=r.text(c, b, "name"),
                                    pin_hash=pin_hash, window=window, photo=photo,
                                    role="clerk" if table == "clerks" else "office",
                                    departments=_headed(r, c, b, windows, staff))
    return staff


def _headed(r: ConfigReader, t: dict[str, Any], b: str, windows: dict[int, Window],
            staff: dict[str, Staff]) -> tuple[str, ...]:
    """The departments an office account heads: each one a window's, and one head each."""
    headed = r.texts(t, b, "departments", [], empty=True)
    known = sorted({w.department for w in windows.values()})
    for department in headed:
        if department not in known:
            raise r.fail(f"{b}.departments", f"no window belongs to {shown(department)}; "
                         f"departments: {', '.join(known)}")
        other = next((s for s in staff.values() if department in s.departments), None)
        if other is not None or headed.count(department) > 1:
            raise r.fail(f"{b}.departments", f"{shown(department)} has two heads")
    return headed


def _devices(r: ConfigReader, data: dict[str, Any]) -> dict[str, Device]:
    devices: dict[str, Device] = {}
    ids: set[str] = set()
    for i, d in enumerate(r.tables(data, "devices")):
        b = f"devices[{i}]"
        r.known(d, b, ("id", "kind", "token", "name", "printer"))
        kind = r.choice(d, b, "kind", DEVICE_KINDS)
        token = r.text(d, b, "token")
        if len(token) < 8:
            raise r.fail(f"{b}.token", "must be at least 8 characters")
        if not re.fullmatch(r"[!-~]+", token):  # it travels in an HTTP header
            raise r.fail(f"{b}.token", "must be ASCII letters, digits and punctuation, "
                                       "without spaces")
        dev_id = r.text(d, b, "id")
        if token in devices or dev_id in ids:
            raise r.fail(b, f"device {dev_id!r} or its token is defined twice")
        ids.add(dev_id)
        printer = _printer(r, d["printer"], f"{b}.printer") if "printer" in d else {}
        devices[token] = Device(id=dev_id, kind=kind, token=token,
                                name=r.text(d, b, "name", ""), printer=printer)
    return devices


def _outcome_names(r: ConfigReader, t: dict[str, Any]) -> dict[Outcome, str]:
    r.known(t, "outcome_names", Outcome)
    names = {o: r.text(t, "outcome_names", o, name) for o, name in OUTCOME_NAMES.items()}
    for outcome, name in names.items():
        if not name.strip():
            raise r.fail(f"outcome_names.{outcome}", "must not be empty")
    return names


def _office_rules(r: ConfigReader, t: dict[str, Any], matters: dict[str, Matter]) -> OfficeRules:
    b = "office_rules"
    r.known(t, b, ("slots", "capacity", "capacity_by_matter", "days_ahead", "early_minutes",
                   "late_minutes", "rating_minutes", "phone_rating_minutes",
                   "complaint_reasons", "unsatisfied_reasons", "case_working_days",
                   "complaint_working_days", "due_soon_working_days"))
    default = OfficeRules()
    slots = default.slots
    if "slots" in t:
        parsed = []
        for label in r.texts(t, b, "slots"):
            m = re.fullmatch(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", label.strip())
            if not m:
                raise r.fail(f"{b}.slots",
                             f"a slot is written like \"09:00-10:00\", found {shown(label)}")
            h1, m1, h2, m2 = (int(g) for g in m.groups())
            if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60) or (h1, m1) >= (h2, m2):
                raise r.fail(f"{b}.slots", f"slot {label!r} must end after it starts")
            slot = Slot(time(h1, m1), time(h2, m2))
            if slot in parsed:
                raise r.fail(f"{b}.slots", f"slot {label!r} is listed twice")
            parsed.append(slot)
        slots = tuple(parsed)
    by_matter = r.table(t, b, "capacity_by_matter")
    for prefix in by_matter:
        if prefix not in matters:
            raise r.fail(f"{b}.capacity_by_matter",
                         f"{key_name(prefix)}: unknown matter; known: {', '.join(matters)}")
        r.number(by_matter, f"{b}.capacity_by_matter", prefix, ..., 0, 1000, kind=int)

    def whole(key: str, high: int) -> int:
        value: int = r.number(t, b, key, getattr(default, key), 0, high)
        return value

    return OfficeRules(
        slots=slots, capacity=whole("capacity", 1000), capacity_by_matter=dict(by_matter),
        days_ahead=whole("days_ahead", 365), early_minutes=whole("early_minutes", DAY_MINUTES),
        late_minutes=whole("late_minutes", DAY_MINUTES),
        rating_minutes=whole("rating_minutes", DAY_MINUTES),
        phone_rating_minutes=whole("phone_rating_minutes", 7 * DAY_MINUTES),
        complaint_reasons=r.texts(t, b, "complaint_reasons", list(default.complaint_reasons)),
        unsatisfied_reasons=_points(r, t, b, default),
        case_working_days=r.number(t, b, "case_working_days", default.case_working_days, 1,
                                   MAX_WORKING_DAYS),
        complaint_working_days=r.number(t, b, "complaint_working_days",
                                        default.complaint_working_days, 1, MAX_WORKING_DAYS),
        due_soon_working_days=whole("due_soon_working_days", MAX_WORKING_DAYS))


def _points(r: ConfigReader, t: dict[str, Any], b: str, default: OfficeRules
            ) -> tuple[str, ...]:
    """What a bad rating picks from: touch buttons, so short, and each once."""
    points = r.texts(t, b, "unsatisfied_reasons", list(default.unsatisfied_reasons))
    for point in points:
        if len(point) > 20:
            raise r.fail(f"{b}.unsatisfied_reasons", f"{shown(point)} is longer than 20 "
                         "characters: each is a button the resident touches")
    if len(set(points)) < len(points):
        raise r.fail(f"{b}.unsatisfied_reasons", "lists a point twice")
    if len(points) > 12:
        raise r.fail(f"{b}.unsatisfied_reasons", "at most 12 points fit on the pad")
    return points


def _calendar(r: ConfigReader, t: dict[str, Any]) -> WorkCalendar:
    """Public holidays, and the weekend days worked instead (调休), as the State Council
    announces them each year."""
    b = "calendar"
    r.known(t, b, ("holidays", "workdays"))
    holidays, workdays = r.dates(t, b, "holidays"), r.dates(t, b, "workdays")
    for day in sorted(workdays):
        if day.weekday() < SATURDAY:
            raise r.fail(f"{b}.workdays", f"{day} is a weekday; list here only the Saturdays "
                         "and Sundays worked instead of a holiday (调休)")
        if day in holidays:
            raise r.fail(f"{b}.workdays", f"{day} is also listed as a holiday")
    return WorkCalendar(holidays=holidays, workdays=workdays)


def _printer(r: ConfigReader, table: Any, b: str) -> dict[str, Any]:
    """A printer table. Only strings and numbers pass, so it goes to the kiosk as JSON."""
    if not isinstance(table, dict):
        raise r.fail(b, "must be a table, e.g. { kind = \"network\", host = \"192.168.1.50\" }")
    r.known(table, b, ("kind", "columns", "timeout", "host", "port", "vendor", "product",
                       "in_ep", "out_ep", "device", "baudrate"))
    kind = r.choice(table, b, "kind", PRINTER_KINDS, "none")
    required = {"usb": ("vendor", "product"), "network": ("host",), "serial": ("device",),
                "file": ("device",)}.get(kind, ())
    for key in required:
        if key not in table:
            raise r.fail(b, f"a {kind} printer needs `{key}`")
    columns = r.get(table, b, "columns", int, 48)
    if columns not in (32, 42, 48):
        raise r.fail(f"{b}.columns", "must be 32 (58 mm paper), 42 or 48 (80 mm paper)")
    r.number(table, b, "timeout", 10.0, 0.5, 600)
    r.number(table, b, "port", 9100, 1, 65535)
    r.number(table, b, "baudrate", 9600, 50, 10_000_000)
    for key in ("host", "device"):
        value = r.text(table, b, key, "")
        if key in table and (not value or any(c.isspace() for c in value)):
            raise r.fail(f"{b}.{key}", f"must be a {key} name without spaces, "
                                       f"found {shown(value)}")
    for key, high in (("vendor", 0xFFFF), ("product", 0xFFFF), ("in_ep", 0xFF),
                      ("out_ep", 0xFF)):
        _usb_id(r, table, b, key, high)
    return dict(table)


def _usb_id(r: ConfigReader, table: dict[str, Any], b: str, key: str, high: int) -> None:
    """A USB id: a number, or a string like "0x0416" as printer manuals write it."""
    if key not in table:
        return
    value = table[key]
    if isinstance(value, str):
        try:
            value = int(value, 0)
        except ValueError:
            raise r.fail(f"{b}.{key}", f"must be a number such as 0x0416, found {shown(value)}"
                         ) from None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= high:
        raise r.fail(f"{b}.{key}", f"must be a number from 0 to {high:#x}, found "
                                   f"{shown(table[key])}")
