"""`bianmin serve` and `bianmin demo` with a configuration that cannot work: one line on
stderr naming file, line and key, a non-zero exit code, and no traceback."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hubfixture import demo_toml, free_port

BIANMIN = [sys.executable, "-m", "bianmin"]
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BIANMIN, *args], capture_output=True, text=True, timeout=60,
                          env=ENV, check=False)


def setting(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


def without_hub_table(text: str) -> str:
    start = text.index("[hub]")
    end = text.index("[rules]")
    return "hub = 5\n" + text[:start] + text[end:]


# (what is wrong, the edit, the key named, the exit code)
CASES = [
    ("hub = 5", without_hub_table, "hub", 2),
    ("the database is a folder", setting('database = "bianmin.db"', 'database = "."'),
     "hub.database", 2),
    ("the database cannot be opened", setting('database = "bianmin.db"',
                                              'database = "/proc/bianmin.db"'), "hub.database", 2),
    ("no such clips folder", setting('# clips_dir = "voice-clips"', 'clips_dir = "nowhere"'),
     "display.voice.clips_dir", 2),
    ("a syntax error", setting("port = 8600", "port = = 8600"), "", 2),
]


@pytest.mark.parametrize(("what", "edit", "key", "code"), CASES, ids=[c[0] for c in CASES])
def test_serve_stops_with_one_line(tmp_path: Path, what: str, edit: Callable[[str], str],
                                   key: str, code: int) -> None:
    if "/proc" in what and not Path("/proc").is_dir():
        pytest.skip("needs /proc, a folder where no file can be made")
    path = tmp_path / "bianmin.toml"
    text = edit(demo_toml()).replace("demo = true", "demo = false")  # no demo warning
    path.write_text(text, encoding="utf-8")
    done = run("serve", "--config", str(path), "--port", str(free_port()))
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"bianmin: configuration error: {path}:")
    if key:
        line = int(lines[0].split(f"{path}:")[1].split(":")[0])
        assert f": {key}: " in lines[0] and key.split(".")[-1] in text.splitlines()[line - 1]


def test_demo_stops_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "bianmin.toml").write_text(without_hub_table(demo_toml()), encoding="utf-8")
    done = run("demo", "--dir", str(tmp_path), "--port", str(free_port()))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"bianmin: configuration error: {tmp_path / 'bianmin.toml'}:1: hub: must be a table "
        "([hub]), found an integer"]


def test_serve_with_no_such_file(tmp_path: Path) -> None:
    done = run("serve", "--config", str(tmp_path / "nope.toml"))
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert "file not found" in done.stderr and "Traceback" not in done.stderr


def test_serve_on_another_programs_database(tmp_path: Path) -> None:
    """A SQLite file of another program opens, then the hub's tables do not fit it."""
    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE events (x)")
    db.close()
    path = tmp_path / "bianmin.toml"
    path.write_text(demo_toml().replace('database = "bianmin.db"', 'database = "other.db"')
                    .replace("demo = true", "demo = false"), encoding="utf-8")
    done = run("serve", "--config", str(path), "--port", str(free_port()))
    assert done.returncode == 2 and "Traceback" not in done.stderr + done.stdout
    [line] = done.stderr.splitlines()
    assert line.startswith(f"bianmin: configuration error: {path}:22: hub.database: cannot use "
                           f"the database {tmp_path / 'other.db'}: ")  # then SQLite's words


def test_serve_on_a_port_in_use(tmp_path: Path) -> None:
    path = tmp_path / "bianmin.toml"
    path.write_text(demo_toml().replace("demo = true", "demo = false"), encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run("serve", "--config", str(path), "--port", str(port))
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    [line] = done.stderr.splitlines()
    assert line.startswith(f"bianmin: cannot listen on 127.0.0.1:{port}: ")
    assert "address already in use" in line


def test_serve_on_a_port_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "bianmin.toml"
    path.write_text(demo_toml().replace("demo = true", "demo = false"), encoding="utf-8")
    done = run("serve", "--config", str(path), "--port", "70000")
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    [line] = done.stderr.splitlines()
    assert line.startswith("bianmin: cannot listen on 127.0.0.1:70000: ")


def test_demo_in_a_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    done = run("demo", "--dir", str(tmp_path / "data"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"bianmin: cannot set up the demo hall in {tmp_path / 'data'}: ")
