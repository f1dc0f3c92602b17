"""Every key of the configuration, given every kind of TOML value: a `ConfigError` that names
file, line and key, or a hub that starts, never any other exception.

The sweep takes the demo configuration, puts each value at each key path (and in place of
each whole section), writes the result back as TOML and reads it as the hub does.
"""

from __future__ import annotations

import functools
import json
import math
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bianmin.config import SECTIONS, Config, ConfigError, load, parse
from bianmin.domain.hall import Hall
from bianmin.wire.base import encode
from bianmin.wire.devices import printer_settings
from display.settings import DisplaySettings
from display.settings import parse as parse_display
from server.present.hall import hall_office
from server.views.display import page
from tests.hubfixture import demo_toml

Key = tuple[str | int, ...]

# Every kind of TOML value, and some that are meant to hurt.
VALUES: list[Any] = [
    "", " ", "A", "Z", "09:00-10:00", "\x1b[2J", "名\n字", "\u202eevil", "a" * 2000,
    "../../etc/passwd", "0x0416", "http://[::1",
    0, -1, 1, 32, 65536, 2**63 - 1, -(2**63),
    0.5, -0.0, math.nan, math.inf, 1e300,
    True, False,
    datetime(2026, 12, 1, 9, 30, tzinfo=timezone(timedelta(hours=8))), datetime(2026, 12, 1),
    date(2026, 12, 1), time(9, 30),
    [], [1], ["A", "A"], [[]], [{}], [{"x": 1}, {"y": [2]}],
    {}, {"a": 1}, {"a": {"b": []}},
]

# Keys the demo file leaves out, so the sweep tries them too.
OPTIONAL: dict[Key, tuple[str, ...]] = {
    ("matters", 0): ("wait_hint",),
    ("windows", 0): ("name", "printer", "strict_matter_order"),
    ("devices", 0): ("timeout", "host", "port", "vendor", "product", "in_ep", "out_ep",
                     "device", "baudrate"),  # of its printer
    ("display", "voice"): ("espeak", "espeak_voice", "clips_dir", "cache_dir"),
    ("office", 0): ("window",),
    ("clerks", 0): ("photo",),
}


_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f]')


def basic_string(text: str) -> str:
    return '"' + _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + '"'


@functools.cache
def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else basic_string(key)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return basic_string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def dump(data: dict[str, Any]) -> str:
    """TOML for `data`, laid out as a person writes it: sections as [headers]."""
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in data.items()
             if not isinstance(v, dict) and not is_tables(v)]
    for name, value in data.items():
        if isinstance(value, dict):
            _table(lines, [name], value)
        elif is_tables(value):
            for item in value:
                lines += ["", f"[[{toml_key(name)}]]"]
                lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


def _table(lines: list[str], path: list[str], table: dict[str, Any]) -> None:
    lines += ["", "[" + ".".join(toml_key(p) for p in path) + "]"]
    lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()
              if not isinstance(v, dict)]
    for name, value in table.items():
        if isinstance(value, dict):
            _table(lines, [*path, name], value)


# The demo hall ships nowhere: this [county] section is added so the sweep tries its keys too.
COUNTY = """
[county]
database = "postgresql://qingxi@127.0.0.1:5432/bianmin"
center_id = "qingxi"
center_name = "青溪镇"
password_env = "BIANMIN_COUNTY_PASSWORD"
personal_data = false
batch = 500
retry_seconds = 30.0
heartbeat_seconds = 30.0
timeout_seconds = 10.0
"""


@functools.cache
def demo() -> dict[str, Any]:
    """The demo configuration as parsed; never changed (`put` copies what it changes)."""
    return tomllib.loads(demo_toml() + COUNTY)


def key_paths(data: dict[str, Any]) -> Iterator[Key]:
    """Every key in the demo (for arrays of tables: of the first element, and of the last
    that has each key), and the optional keys it leaves out."""
    def walk(table: dict[str, Any], base: Key) -> Iterator[Key]:
        for name, value in table.items():
            yield (*base, name)
            if isinstance(value, dict):
                yield from walk(value, (*base, name))
            elif is_tables(value):
                last = {k: i for i, item in enumerate(value) for k in item}
                for i in sorted({0, *last.values()}):
                    yield from walk(value[i], (*base, name, i))
    yield from walk(data, ())
    for (section, sub), names in OPTIONAL.items():
        base: Key = (section, sub, "printer") if section == "devices" else (section, sub)
        yield from ((*base, name) for name in names)


def put(data: Any, key: Key, value: Any) -> Any:
    """A copy of `data` with `key` set to `value` (`...` deletes it); only the tables and
    arrays on the way to the key are copied."""
    first, *rest = key
    copied = data.copy()
    if rest:
        copied[first] = put(data[first], tuple(rest), value)
    elif value is ...:
        copied.pop(first, None)
    else:
        copied[first] = value
    return copied


def dotted(key: Key) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in key).lstrip(".")


def outcome(path: Path, text: str, data: dict[str, Any]) -> str | None:
    """None when the hub would start; else the ConfigError's message. Anything else raised
    by the reading fails the test that asked."""
    try:
        config = parse(path, text, data)
        display = parse_display(config)
    except ConfigError as err:
        return str(err)
    usable(config, display)
    return None


def usable(config: Config, display: DisplaySettings) -> None:
    """What the hub does first with a configuration it accepted: the hall's first view and
    the printers' settings go out as JSON, the rules' periods are added to today's date."""
    now = datetime.now(config.tz)
    hall = Hall(config.catalog, config.tz)
    printers = [printer_settings(table) for table in (
        *(d.printer for d in config.devices.values()), *config.window_printers.values())]
    for sent in (hall_office(hall, config, 0, now), printers, page(display, "", {})):
        json.loads(encode(sent))  # what goes out is valid JSON (no NaN, no lone surrogate)
    rules, office = config.catalog.rules, config.catalog.office
    for minutes in (rules.immediate_limit_minutes, rules.stall_minutes, office.early_minutes,
                    office.late_minutes, office.rating_minutes,
                    *(m.time_limit_minutes for m in config.catalog.matters.values())):
        assert now - timedelta(minutes=minutes) <= now <= now + timedelta(minutes=minutes)
    assert now.date() + timedelta(days=office.days_ahead + rules.promised_warn_days)
    # deadlines in working days, by the calendar read (ratings and complaints)
    calendar = config.catalog.calendar
    for days in (office.case_working_days, office.complaint_working_days):
        due = calendar.add(now.date(), days)
        assert calendar.status(due, now.date(), office.due_soon_working_days)
    assert now + timedelta(minutes=office.phone_rating_minutes)


def check_message(message: str, path: Path, text: str, data: dict[str, Any]) -> str | None:
    """What is wrong with an error message, or None: one line, `file:line: key: what`."""
    if "\n" in message or "\r" in message:
        return "more than one line"
    m = re.fullmatch(rf"{re.escape(str(path))}(?::(\d+))?: ([^:\s][^:]*): .+", message)
    if not m:
        return "not `file:line: key: what`"
    if m.group(1) is None:  # only for a section the file leaves out: no line holds it
        return "no line" if m.group(2).split(".")[0].split("[")[0] in data else None
    if not 1 <= int(m.group(1)) <= len(text.splitlines()):
        return f"line {m.group(1)} is not in the file"
    return None


def sweep(tmp_path: Path, cases: Iterator[tuple[Key, Any]]) -> tuple[int, int, list[str]]:
    """(cases tried, refused, what went wrong)."""
    path = tmp_path / "bianmin.toml"
    tried = refused = 0
    wrong: list[str] = []
    for key, value in cases:
        data = put(demo(), key, value)
        text = dump(data)
        tried += 1
        try:
            message = outcome(path, text, data)
        except Exception as err:  # the point of the sweep: say which case and carry on
            wrong.append(f"{dotted(key)} = {value!r:.40}: {type(err).__name__}: {err}")
            continue
        if message is not None:
            refused += 1
            problem = check_message(message, path, text, data)
            if problem:
                wrong.append(f"{dotted(key)} = {value!r:.40}: {problem}: {message}")
    return tried, refused, wrong


def test_the_dump_reads_back_as_the_demo() -> None:
    data = demo()
    assert tomllib.loads(dump(data)) == data


@pytest.mark.parametrize("section", SECTIONS)
def test_every_value_at_every_key(tmp_path: Path, section: str) -> None:
    keys = [k for k in key_paths(demo()) if k[0] == section]
    assert keys
    cases = ((k, v) for k in keys for v in [*VALUES, ...])
    tried, refused, wrong = sweep(tmp_path, cases)
    assert not wrong, "\n".join(wrong)
    assert refused > tried // 2  # most of these values are wrong where they are put


@pytest.mark.parametrize("section", [*SECTIONS, "nonsense"])
def test_every_value_in_place_of_a_section(tmp_path: Path, section: str) -> None:
    values = [*VALUES, ..., [{"prefix": "Q"}], {"prefix": "Q", "name": "x"}]
    _, _, wrong = sweep(tmp_path, (((section,), v) for v in values))
    assert not wrong, "\n".join(wrong)


def test_hostile_key_names_are_named_on_one_line(tmp_path: Path) -> None:
    names = ["", " ", "a\nb", "\x1b", "名字", "a.b", "[x]", "\u2028", "x" * 500]
    cases = ((key, 1) for name in names
             for key in [(name,), ("hub", name), ("matters", 0, name), ("display", "voice", name)])
    tried, refused, wrong = sweep(tmp_path, cases)
    assert not wrong, "\n".join(wrong)
    assert refused == tried


def toml_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.text(max_size=12), st.integers(), st.floats(), st.booleans(), st.dates(),
        st.times(), st.datetimes(), st.datetimes(timezones=st.just(UTC)),
        st.sampled_from(["A", "J", "#fff", "digits", "network", "kiosk", "09:00-10:00"]))
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
            st.sampled_from(["kind", "host", "a", "voice", "prefix", "名"]), inner, max_size=3),
        max_leaves=6)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(list(key_paths(demo())) + [(s,) for s in SECTIONS]),
       value=toml_values())
def test_any_value_read_from_the_file(tmp_path: Path, key: Key, value: Any) -> None:
    """As above, but through the file as the hub reads it, with values hypothesis makes."""
    data = put(demo(), key, value)
    path = tmp_path / "bianmin.toml"
    text = dump(data)
    path.write_text(text, encoding="utf-8")
    try:
        parse_display(load(path))
    except ConfigError as err:
        problem = check_message(str(err), path, text, data)
        assert problem is None, f"{problem}: {err}"
