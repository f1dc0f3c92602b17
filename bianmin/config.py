"""The hall's configuration: one TOML file, checked in full before anything starts.

A mistake stops start-up with `ConfigError`, which names the file, the line where it can be
found, the key and what is wrong.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bianmin.domain.catalog import Catalog, Matter, OfficeRules, Rules, Slot, Window
from bianmin.domain.types import OUTCOME_NAMES, Outcome
from bianmin.pins import is_pin_hash

PRINTER_KINDS = ("none", "usb", "network", "serial", "file")
DEVICE_KINDS = ("kiosk", "display", "rating")
ROLES = ("clerk", "office")


class ConfigError(Exception):
    def __init__(self, path: Path, key: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")
        self.path, self.key, self.line, self.message = path, key, line, message


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


@dataclass(frozen=True, slots=True)
class Device:
    id: str
    kind: str
    token: str
    name: str = ""
    printer: dict[str, Any] = field(default_factory=dict)


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
    raw: dict[str, Any] = field(default_factory=dict)  # for parts that read their own sections
    text: str = ""  # the file as read, so those parts can name the line of a mistake too

    def reader(self) -> ConfigReader:
        """For a part that checks its own section, with the same messages as the rest."""
        return ConfigReader(self.path, self.text)

    @property
    def tz(self) -> ZoneInfo:
        return self.center.tz


class ConfigReader:
    """Reads typed values out of the parsed TOML, naming the key and line of any mistake."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, key: str) -> int | None:
        """Best effort: the line where `key` (like `windows[2].matters` or
        `display.voice.repeat`) is written, else the line of its table."""
        start, found = 0, False
        parts = key.split(".")
        for n, part in enumerate(parts):
            indexed = re.fullmatch(r"(\w+)\[(\d+)\]", part)
            if indexed:
                header = re.compile(rf"^\s*\[\[\s*{indexed.group(1)}\s*\]\]")
                wanted = int(indexed.group(2))
            elif n < len(parts) - 1:
                dotted = r"\s*\.\s*".join(re.escape(p) for p in parts[: n + 1])
                header, wanted = re.compile(rf"^\s*\[\s*(?:{dotted}|{re.escape(part)})\s*\]"), 0
            else:
                leaf = re.compile(
                    rf"^\s*(?:{re.escape(part)}\s*=|\[\[?\s*{re.escape(part)}\s*[\].])")
                for i in range(start + found, len(self.lines)):
                    if found and self.lines[i].lstrip().startswith("["):
                        break  # the table ends: the key is not written in it
                    if leaf.match(self.lines[i]):
                        return i + 1
                break
            seen = -1
            for i in range(start, len(self.lines)):
                if header.match(self.lines[i]):
                    seen += 1
                    if seen == wanted:
                        start, found = i, True
                        break
        return start + 1 if found else None

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, key, message, self.line_of(key))

    def known(self, table: dict[str, Any], base: str, keys: Iterable[str]) -> None:
        """A misspelt key would otherwise be ignored and its default used without a word."""
        allowed = set(keys)
        for key in table:
            if key not in allowed:
                near = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"; did you mean `{near[0]}`?" if near else (
                    f"; known: {', '.join(sorted(allowed))}")
                raise self.fail(f"{base}.{key}" if base else key, f"unknown key{hint}")

    def get(self, table: dict[str, Any], base: str, name: str, kind: type, default: Any = ...,
            ) -> Any:
        key = f"{base}.{name}" if base else name
        if name not in table:
            if default is ...:
                raise self.fail(base or name, f"missing required key `{name}`")
            return default
        value = table[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"must be {kind.__name__}, found {type(value).__name__}")
        return value

    def number(self, table: dict[str, Any], base: str, name: str, default: float,
               low: float, high: float) -> Any:
        """An int (or float, by the default's type) between `low` and `high`."""
        value = self.get(table, base, name, type(default), default)
        if not low <= value <= high:
            raise self.fail(f"{base}.{name}", f"must be between {low:g} and {high:g}")
        return value

    def text(self, table: dict[str, Any], base: str, name: str, default: Any = ...) -> str:
        value: str = self.get(table, base, name, str, default)
        if default is ... and not value.strip():
            raise self.fail(f"{base}.{name}" if base else name, "must not be empty")
        return value

    def tables(self, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(name, f"must be an array of tables ([[{name}]])")
        return value


def load(path: Path | str) -> Config:
    path = Path(path).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found (create one with `bianmin init DIR`)") from None
    except UnicodeDecodeError as e:
        raise ConfigError(path, "", f"not UTF-8 text: {e}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise ConfigError(path, "", f"TOML syntax error: {e}", int(m.group(1)) if m else None
                          ) from None
    return parse(path, text, data)


SECTIONS = ("center", "hub", "rules", "outcome_names", "office_rules", "matters", "windows",
            "clerks", "office", "devices", "display")
PRINTER_KEYS = ("kind", "columns", "timeout", "host", "port", "vendor", "product", "in_ep",
                "out_ep", "device", "baudrate")


def parse(path: Path, text: str, data: dict[str, Any]) -> Config:
    r = ConfigReader(path, text)
    r.known(data, "", SECTIONS)
    center_t = data.get("center")
    if not isinstance(center_t, dict):
        raise r.fail("center", "missing [center] table")
    r.known(center_t, "center", ("name", "name_en", "timezone", "english", "public_url",
                                 "complaint_phone"))
    center = Center(
        name=r.text(center_t, "center", "name"),
        name_en=r.text(center_t, "center", "name_en", ""),
        timezone=r.text(center_t, "center", "timezone", "Asia/Shanghai"),
        english=r.get(center_t, "center", "english", bool, False),
        public_url=r.text(center_t, "center", "public_url", "").rstrip("/"),
        complaint_phone=r.text(center_t, "center", "complaint_phone", ""),
    )
    try:
        ZoneInfo(center.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise r.fail("center.timezone", f"unknown time zone {center.timezone!r}") from None

    rules_t = data.get("rules", {})
    r.known(rules_t, "rules", ("immediate_limit_minutes", "recalls_before_no_show",
                               "stall_minutes", "promised_warn_days"))
    rules = Rules(
        immediate_limit_minutes=r.get(rules_t, "rules", "immediate_limit_minutes", int, 30),
        recalls_before_no_show=r.get(rules_t, "rules", "recalls_before_no_show", int, 2),
        stall_minutes=r.get(rules_t, "rules", "stall_minutes", int, 20),
        promised_warn_days=r.get(rules_t, "rules", "promised_warn_days", int, 1),
    )
    for name in ("immediate_limit_minutes", "stall_minutes"):
        if getattr(rules, name) <= 0:
            raise r.fail(f"rules.{name}", "must be a positive number of minutes")
    if rules.recalls_before_no_show < 0:
        raise r.fail("rules.recalls_before_no_show", "must be 0 or more")

    matters: dict[str, Matter] = {}
    for i, m in enumerate(r.tables(data, "matters")):
        base = f"matters[{i}]"
        r.known(m, base, ("prefix", "name", "name_en", "handling", "time_limit_minutes",
                          "materials", "wait_hint"))
        prefix = r.text(m, base, "prefix")
        if not re.fullmatch(r"[A-Z]", prefix):
            raise r.fail(f"{base}.prefix", f"must be one capital letter A-Z, found {prefix!r}")
        if prefix in matters:
            raise r.fail(f"{base}.prefix", f"prefix {prefix!r} is used by two matters")
        handling = r.text(m, base, "handling", "immediate")
        if handling not in Outcome.__members__.values():
            raise r.fail(f"{base}.handling",
                         f"unknown handling class {handling!r}; one of {', '.join(Outcome)}")
        materials = r.get(m, base, "materials", list, [])
        if not all(isinstance(x, str) and x.strip() for x in materials):
            raise r.fail(f"{base}.materials", "must be a list of non-empty strings")
        limit = r.get(m, base, "time_limit_minutes", int, 30)
        if limit <= 0:
            raise r.fail(f"{base}.time_limit_minutes", "must be a positive number of minutes")
        matters[prefix] = Matter(
            prefix=prefix,
            name=r.text(m, base, "name"),
            name_en=r.text(m, base, "name_en", ""),
            handling=Outcome(handling),
            time_limit_minutes=limit,
            materials=tuple(materials),
            wait_hint=r.text(m, base, "wait_hint", ""),
        )
    if not matters:
        raise r.fail("matters", "at least one [[matters]] table is needed")

    windows: dict[int, Window] = {}
    window_printers: dict[int, dict[str, Any]] = {}
    for i, w in enumerate(r.tables(data, "windows")):
        base = f"windows[{i}]"
        r.known(w, base, ("number", "department", "matters", "strict_matter_order", "name",
                          "printer"))
        number = r.get(w, base, "number", int)
        if number <= 0:
            raise r.fail(f"{base}.number", "must be a positive whole number")
        if number in windows:
            raise r.fail(f"{base}.number", f"window {number} is defined twice")
        served = r.get(w, base, "matters", list)
        for prefix in served:
            if prefix not in matters:
                raise r.fail(f"{base}.matters",
                             f"unknown matter {prefix!r}; known: {', '.join(matters)}")
        if not served:
            raise r.fail(f"{base}.matters", "a window must serve at least one matter")
        windows[number] = Window(
            number=number,
            department=r.text(w, base, "department"),
            matters=tuple(served),
            strict_matter_order=r.get(w, base, "strict_matter_order", bool, False),
            name=r.text(w, base, "name", ""),
        )
        if "printer" in w:
            window_printers[number] = _printer(r, w["printer"], f"{base}.printer")
    if not windows:
        raise r.fail("windows", "at least one [[windows]] table is needed")
    for prefix, matter in matters.items():
        if not any(prefix in w.matters for w in windows.values()):
            raise r.fail("matters", f"no window serves matter {prefix} ({matter.name})")

    staff: dict[str, Staff] = {}
    for table in ("clerks", "office"):
        for i, c in enumerate(r.tables(data, table)):
            base = f"{table}[{i}]"
            r.known(c, base, ("staff_no", "name", "pin_hash", "window"))
            staff_no = r.text(c, base, "staff_no")
            if staff_no in staff:
                raise r.fail(f"{base}.staff_no", f"staff number {staff_no!r} is used twice")
            pin_hash = r.text(c, base, "pin_hash")
            if not is_pin_hash(pin_hash):
                raise r.fail(f"{base}.pin_hash",
                             "must be a salted hash made by `bianmin hash-pin`, never a plain PIN")
            window = r.get(c, base, "window", int, None)
            if window is not None and window not in windows:
                raise r.fail(f"{base}.window", f"no window {window} is defined")
            staff[staff_no] = Staff(staff_no=staff_no, name=r.text(c, base, "name"),
                                    pin_hash=pin_hash, window=window,
                                    role="clerk" if table == "clerks" else "office")

    devices: dict[str, Device] = {}
    ids: set[str] = set()
    for i, d in enumerate(r.tables(data, "devices")):
        base = f"devices[{i}]"
        r.known(d, base, ("id", "kind", "token", "name", "printer"))
        kind = r.text(d, base, "kind")
        if kind not in DEVICE_KINDS:
            raise r.fail(f"{base}.kind", f"must be one of {', '.join(DEVICE_KINDS)}")
        token = r.text(d, base, "token")
        if len(token) < 8:
            raise r.fail(f"{base}.token", "must be at least 8 characters")
        dev_id = r.text(d, base, "id")
        if token in devices or dev_id in ids:
            raise r.fail(base, f"device {dev_id!r} or its token is defined twice")
        ids.add(dev_id)
        printer = _printer(r, d["printer"], f"{base}.printer") if "printer" in d else {}
        devices[token] = Device(id=dev_id, kind=kind, token=token,
                                name=r.text(d, base, "name", ""), printer=printer)

    names_t = data.get("outcome_names", {})
    outcome_names = dict(OUTCOME_NAMES)
    for key, value in names_t.items():
        if key not in Outcome.__members__.values():
            raise r.fail(f"outcome_names.{key}", f"unknown outcome; one of {', '.join(Outcome)}")
        outcome_names[Outcome(key)] = str(value)

    hub_t = data.get("hub", {})
    r.known(hub_t, "hub", ("host", "port", "database", "demo", "session_idle_minutes"))
    db = Path(r.text(hub_t, "hub", "database", "bianmin.db"))
    port = r.get(hub_t, "hub", "port", int, 8600)
    if not 0 < port < 65536:
        raise r.fail("hub.port", "must be between 1 and 65535")
    catalog = Catalog(matters=matters, windows=windows, rules=rules,
                      clerks={s.staff_no: s.name for s in staff.values() if s.role == "clerk"},
                      office=_office_rules(r, data.get("office_rules", {}), matters))
    return Config(
        path=path,
        center=center,
        catalog=catalog,
        staff=staff,
        devices=devices,
        database=db if db.is_absolute() else path.parent / db,
        host=r.text(hub_t, "hub", "host", "127.0.0.1"),
        port=port,
        outcome_names=outcome_names,
        window_printers=window_printers,
        display=data.get("display", {}),
        demo=r.get(hub_t, "hub", "demo", bool, False),
        session_idle_minutes=r.number(hub_t, "hub", "session_idle_minutes", 120, 5, 24 * 60),
        raw=data,
        text=text,
    )


def _office_rules(r: ConfigReader, t: dict[str, Any], matters: dict[str, Matter]) -> OfficeRules:
    base = "office_rules"
    r.known(t, base, ("slots", "capacity", "capacity_by_matter", "days_ahead", "early_minutes",
                      "late_minutes", "rating_minutes", "complaint_reasons",
                      "unsatisfied_reasons"))
    default = OfficeRules()
    slots = default.slots
    if "slots" in t:
        labels = r.get(t, base, "slots", list)
        parsed = []
        for label in labels:
            m = re.fullmatch(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", str(label))
            if not m:
                raise r.fail(f"{base}.slots",
                             f"a slot is written like \"09:00-10:00\", found {label!r}")
            h1, m1, h2, m2 = (int(g) for g in m.groups())
            if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60) or (h1, m1) >= (h2, m2):
                raise r.fail(f"{base}.slots", f"slot {label!r} must end after it starts")
            parsed.append(Slot(time(h1, m1), time(h2, m2)))
        if not parsed:
            raise r.fail(f"{base}.slots", "at least one slot is needed")
        slots = tuple(parsed)
    by_matter = r.get(t, base, "capacity_by_matter", dict, {})
    for prefix, value in by_matter.items():
        if prefix not in matters or not isinstance(value, int) or value < 0:
            raise r.fail(f"{base}.capacity_by_matter",
                         f"{prefix} = {value!r}: a known matter and a whole number are needed")
    def number(key: str) -> int:
        value: int = r.get(t, base, key, int, getattr(default, key))
        if value < 0:
            raise r.fail(f"{base}.{key}", "must be 0 or more")
        return value

    def texts(key: str) -> tuple[str, ...]:
        value = r.get(t, base, key, list, list(getattr(default, key)))
        if not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise r.fail(f"{base}.{key}", "must be a list of non-empty texts")
        return tuple(value)

    return OfficeRules(
        slots=slots, capacity=number("capacity"), capacity_by_matter=dict(by_matter),
        days_ahead=number("days_ahead"), early_minutes=number("early_minutes"),
        late_minutes=number("late_minutes"), rating_minutes=number("rating_minutes"),
        complaint_reasons=texts("complaint_reasons"),
        unsatisfied_reasons=texts("unsatisfied_reasons"))


def _printer(r: ConfigReader, table: Any, base: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise r.fail(base, "must be a table, e.g. { kind = \"network\", host = \"192.168.1.50\" }")
    r.known(table, base, PRINTER_KEYS)
    kind = table.get("kind", "none")
    if kind not in PRINTER_KINDS:
        raise r.fail(f"{base}.kind", f"must be one of {', '.join(PRINTER_KINDS)}")
    required = {"usb": ("vendor", "product"), "network": ("host",), "serial": ("device",),
                "file": ("device",)}.get(kind, ())
    for key in required:
        if key not in table:
            raise r.fail(base, f"a {kind} printer needs `{key}`")
    width = table.get("columns", 48)
    if width not in (32, 42, 48):
        raise r.fail(f"{base}.columns", "must be 32 (58 mm paper), 42 or 48 (80 mm paper)")
    return dict(table)
