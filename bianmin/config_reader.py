"""Reading typed values out of a parsed TOML file, naming the file, line and key of any
mistake: the configuration's checks, shared by every part that reads a section of its own.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
# Characters that would break a line on a screen or printer, or hide text: control
# characters (an ESC reaches the receipt printer as a command), format marks, line breaks.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class ConfigError(Exception):
    def __init__(self, path: Path, key: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")
        self.path, self.key, self.line, self.message = path, key, line, message


def kind_of(value: Any) -> str:
    """A value's type as TOML names it, for messages."""
    for kind, name in ((bool, "a boolean"), (int, "an integer"), (float, "a float"),
                       (str, "a string"), (list, "an array"), (dict, "a table"),
                       (datetime, "a date-time"), (date, "a date"), (time, "a time")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


WANTED = {bool: "true or false", int: "an integer", float: "a number", str: "a string in quotes",
          list: "an array [...]", dict: "a table"}


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message quotes it: on one line, and not too long."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def key_name(key: str) -> str:
    """A key as written in TOML: bare when it can be, else quoted (and on one line)."""
    return key if _BARE_KEY.fullmatch(key) else repr(key)


def hidden_character(text: str) -> str | None:
    """The first character of `text` that must not be in a name or label, if any."""
    if text.isprintable():  # the quick answer: every hidden character is unprintable
        return None
    return next((c for c in text if unicodedata.category(c) in _HIDDEN), None)


def _figure(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


class ConfigReader:
    """Reads typed values out of the parsed TOML, naming the key and line of any mistake."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def _region_end(self, start: int) -> int:
        for i in range(start, len(self.lines)):
            if self.lines[i].lstrip().startswith("["):
                return i
        return len(self.lines)

    def line_of(self, key: str) -> int | None:
        """Best effort: the line where `key` (like `windows[2].matters` or
        `display.voice.repeat`) is written, else the line of the nearest table that holds it."""
        parts = [re.fullmatch(r"(.*?)(?:\[(\d+)\])?", p) for p in key.split(".")]
        names = [m.group(1) if m else p for m, p in zip(parts, key.split("."), strict=True)]
        found: int | None = None  # index of the line found so far
        lo, hi = 0, self._region_end(0)  # the lines of the table found so far
        for n, m in enumerate(parts):
            index = int(m.group(2)) if m and m.group(2) else None
            dotted = r"\s*\.\s*".join(re.escape(p) for p in names[: n + 1])
            header = re.compile(rf"^\s*\[\[?\s*{dotted}\s*\]")
            seen, at = -1, None
            for i in range(lo if n else 0, len(self.lines)):
                if header.match(self.lines[i]):
                    seen += 1
                    if seen == (index or 0):
                        at = i
                        break
            if at is not None:
                found, lo, hi = at, at + 1, self._region_end(at + 1)
                continue
            leaf = re.compile(rf"^\s*(?:{re.escape(names[n])}|{dotted})\s*[=.]")
            at = next((i for i in range(lo, hi) if leaf.match(self.lines[i])), None)
            if at is not None:
                found = at  # written inline: what it holds is on this line
            break
        return None if found is None else found + 1

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, key, message, self.line_of(key))

    @staticmethod
    def key(base: str, name: str) -> str:
        return f"{base}.{key_name(name)}" if base else key_name(name)

    def known(self, table: dict[str, Any], base: str, keys: Iterable[str]) -> None:
        """A misspelt key would otherwise be ignored and its default used without a word."""
        allowed = set(keys)
        for key in table:
            if key not in allowed:
                near = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"; did you mean `{near[0]}`?" if near else (
                    f"; known: {', '.join(sorted(allowed))}")
                raise self.fail(self.key(base, key), f"unknown key{hint}")

    def get(self, table: dict[str, Any], base: str, name: str, kind: type, default: Any = ...,
            ) -> Any:
        if name not in table:
            if default is ...:
                raise self.fail(base or self.key(base, name), f"missing required key `{name}`")
            return default
        value = table[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(self.key(base, name), f"must be {WANTED.get(kind, kind.__name__)}, "
                                                  f"found {kind_of(value)}")
        return value

    def number(self, table: dict[str, Any], base: str, name: str, default: Any,
               low: float, high: float, kind: type | None = None) -> Any:
        """An int (or float, by the default's type or `kind`) between `low` and `high`."""
        value = self.get(table, base, name, kind or type(default), default)
        if not low <= value <= high:  # NaN is never between
            raise self.fail(self.key(base, name),
                            f"must be between {_figure(low)} and {_figure(high)}, "
                            f"found {shown(value)}")
        return value

    def text(self, table: dict[str, Any], base: str, name: str, default: Any = ...) -> str:
        """A string on one line; a required one must not be blank."""
        value: str = self.get(table, base, name, str, default)
        if default is ... and not value.strip():
            raise self.fail(self.key(base, name), "must not be empty")
        self.clean(base, name, value)
        return value

    def clean(self, base: str, name: str, value: str) -> None:
        bad = hidden_character(value)
        if bad is not None:
            raise self.fail(self.key(base, name), "must not contain control characters or line "
                                                  f"breaks; found {bad!r} in {shown(value)}")

    def texts(self, table: dict[str, Any], base: str, name: str, default: Any = ...,
              *, empty: bool = False) -> tuple[str, ...]:
        """An array of non-empty one-line strings; `empty`: the array itself may be []."""
        value = self.get(table, base, name, list, default)
        if not value and not empty:
            raise self.fail(self.key(base, name), "must list at least one text")
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(self.key(base, name), "must be an array of non-empty strings, "
                                                      f"found {shown(item)} ({kind_of(item)})")
            self.clean(base, name, item)
        return tuple(value)

    def dates(self, table: dict[str, Any], base: str, name: str) -> frozenset[date]:
        """An optional array of days, written as TOML dates (2026-10-01) or as "2026-10-01"."""
        value = self.get(table, base, name, list, [])
        found: set[date] = set()
        for item in value:
            day = item if isinstance(item, date) and not isinstance(item, datetime) else None
            if isinstance(item, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
                try:
                    day = date.fromisoformat(item)
                except ValueError:
                    day = None
            if day is None or not 2000 <= day.year <= 2199:
                raise self.fail(self.key(base, name), "must be an array of days such as "
                                f"[2026-10-01, 2026-10-02], found {shown(item)} ({kind_of(item)})")
            if day in found:
                raise self.fail(self.key(base, name), f"lists {day} twice")
            found.add(day)
        return frozenset(found)

    def choice(self, table: dict[str, Any], base: str, name: str, choices: Iterable[str],
               default: Any = ...) -> str:
        value = self.text(table, base, name, default)
        allowed = tuple(choices)
        if value not in allowed:
            raise self.fail(self.key(base, name),
                            f"must be one of {', '.join(allowed)}; found {shown(value)}")
        return value

    def table(self, data: dict[str, Any], base: str, name: str) -> dict[str, Any]:
        """An optional table (`[name]` or `name = { ... }`); {} when it is left out."""
        value = data.get(name, {})
        if not isinstance(value, dict):
            key = self.key(base, name)
            raise self.fail(key, f"must be a table ([{key}]), found {kind_of(value)}")
        return value

    def tables(self, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
        value = data.get(name, [])
        if not isinstance(value, list):
            raise self.fail(name, f"must be an array of tables ([[{name}]]), found "
                                  f"{kind_of(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.fail(f"{name}[{i}]", f"must be a table ([[{name}]]), found "
                                                f"{kind_of(item)}")
        return value

    def folder(self, key: str, path: Path, *, create: bool) -> None:
        """`path` is a folder; `create`: or one this user may make."""
        problem = folder_problem(path, create=create)
        if problem:
            raise self.fail(key, problem)


PICTURE_TYPES = (".jpg", ".jpeg", ".png", ".webp")
PICTURE_BYTES = 2 * 1024 * 1024


def picture_problem(path: Path) -> str | None:
    """Why `path` cannot be shown as a picture on a screen, or None."""
    if path.suffix.lower() not in PICTURE_TYPES:
        return f"{path.name} is not a picture the screens show ({', '.join(PICTURE_TYPES)})"
    try:
        if not path.is_file():
            return f"{path} does not exist" if not path.exists() else f"{path} is not a file"
        if not os.access(path, os.R_OK):
            return f"{path} cannot be read by this user"
        size = path.stat().st_size
    except OSError as err:
        return f"{path} cannot be used: {err.strerror or err}"
    if not 0 < size <= PICTURE_BYTES:
        return f"{path} is {size} bytes; a photo must be at most 2 MB, and not empty"
    return None


def folder_problem(path: Path, *, create: bool) -> str | None:
    """Why `path` cannot serve as a folder to write in, or None; nothing is made or changed."""
    try:
        if path.exists():
            if not path.is_dir():
                return f"{path} is not a folder"
            if create and not os.access(path, os.W_OK | os.X_OK):
                return f"the folder {path} is not writable by this user"
            return None
        if not create:
            return f"the folder {path} does not exist"
        above = next(p for p in path.parents if p.exists())
        if not above.is_dir():
            return f"{above} is a file, so no folder can be made under it"
        if not os.access(above, os.W_OK | os.X_OK):
            return f"{path} cannot be made: the folder {above} is not writable by this user"
    except OSError as err:
        return f"{path} cannot be used: {err.strerror or err}"
    return None


def database_problem(path: Path) -> str | None:
    """Why the hub could not keep its SQLite database at `path`, or None."""
    try:
        if path.is_dir():
            return f"{path} is a folder; name a file in it, e.g. {path / 'bianmin.db'}"
        if path.exists():
            if not path.is_file():
                return f"{path} is not a regular file"
            if not os.access(path, os.R_OK | os.W_OK):
                return f"{path} cannot be read and written by this user"
            with path.open("rb") as f:
                head = f.read(len(SQLITE_MAGIC))
            if head and head != SQLITE_MAGIC:
                return f"{path} is not an SQLite database; name a new file or the hub's own"
    except OSError as err:
        return f"{path} cannot be used: {err.strerror or err}"
    # SQLite keeps its journal beside the file: the folder must be writable too.
    return folder_problem(path.parent, create=True)
