"""The files in deploy/ as far as a machine without its own systemd can check them: every
unit passes `systemd-analyze verify`, every `bianmin` command a unit or script runs is one the
command line takes, the hub's sandbox is there, the counter's session starts the terminal
again after a crash and not after Ctrl+Q, and the udev rules and desktop entry are well formed.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bianmin.cli import parser

ROOT = Path(__file__).parents[1]
DEPLOY = ROOT / "deploy"
UNITS = sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".service", ".timer"))
BIANMIN = "/opt/bianmin/venv/bin/bianmin"
ENV_FILES = {"/etc/bianmin/kiosk.env": DEPLOY / "env" / "kiosk.env",
             "/etc/bianmin/display.env": DEPLOY / "env" / "display.env"}


def unit(path: Path) -> configparser.ConfigParser:
    """A unit file's sections and keys (a key given twice keeps its last value)."""
    parsed = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read_string(path.read_text(encoding="utf-8"))
    return parsed


def test_there_are_units_for_every_machine() -> None:
    assert {p.name for p in UNITS} == {
        "bianmin-hub.service", "bianmin-backup.service", "bianmin-backup.timer",
        "bianmin-kiosk-serve.service", "bianmin-kiosk-screen.service",
        "bianmin-kiosk-terminal.service", "bianmin-display.service"}


def stand_in(program: str) -> str:
    """The program, or one that is executable here when it is not installed (cage, xterm):
    verify checks that each command exists."""
    if program == BIANMIN:
        return str(Path(sys.executable).parent / "bianmin")
    return program if os.access(program, os.X_OK) else "/usr/bin/env"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed (.ci/run installs it)")
def test_every_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    for path in UNITS:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^(Exec\w+=[-@+!:]*)(/\S+)",
                      lambda m: m.group(1) + stand_in(m.group(2)), text, flags=re.M)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    assert verify(tmp_path) == (0, "")
    # and it would say so of a mistake:
    hub = tmp_path / "bianmin-hub.service"
    hub.write_text(hub.read_text().replace("ProtectSystem=", "ProtectSytem="))
    assert "Unknown key 'ProtectSytem'" in verify(tmp_path)[1]  # a warning: exit code 0


def verify(folder: Path) -> tuple[int, str]:
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in folder.iterdir())],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "SYSTEMD_UNIT_PATH": f"{folder}:", "SYSTEMD_LOG_COLOR": "0"})
    return done.returncode, done.stdout + done.stderr


def environment(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def expand(word: str, env: dict[str, str]) -> str:
    """`${NAME}` as systemd replaces it from the unit's environment file."""
    return re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], word)


def test_every_bianmin_command_in_deploy_is_one_the_command_line_takes() -> None:
    commands = []
    for path in UNITS:
        service = unit(path)
        if not service.has_section("Service"):
            continue
        env = environment(ENV_FILES[service["Service"]["EnvironmentFile"]]) \
            if "EnvironmentFile" in service["Service"] else {}
        for key in ("ExecStart", "ExecStartPre"):
            words = shlex.split(service["Service"].get(key, ""))
            if BIANMIN in words:
                commands.append([expand(a, env) for a in words[words.index(BIANMIN) + 1:]])
    assert len(commands) == 5
    for args in commands:
        parsed = parser().parse_args(args)  # exits (failing the test) on an unknown option
        assert parsed.func is not None
        if parsed.command in ("kiosk", "counter", "display"):
            assert parsed.hub == "http://192.168.1.10:8600"


def test_the_hub_runs_sandboxed_as_its_own_user() -> None:
    hub = unit(DEPLOY / "hub" / "bianmin-hub.service")["Service"]
    assert hub["User"] == "bianmin" and hub["Restart"] == "on-failure"
    assert hub["RestartPreventExitStatus"] == "2"  # a configuration mistake: no restart loop
    assert hub["ProtectSystem"] == "strict" and hub["StateDirectory"] == "bianmin"
    for key in ("ProtectHome", "PrivateTmp", "PrivateDevices", "NoNewPrivileges"):
        assert hub[key] == "yes", key
    assert hub["CapabilityBoundingSet"] == ""
    backup = unit(DEPLOY / "hub" / "bianmin-backup.service")["Service"]
    assert backup["ReadWritePaths"] == "/var/backups/bianmin"
    assert backup["ExecStart"].split()[1:3] == ["backup", "/var/backups/bianmin"]
    timer = unit(DEPLOY / "hub" / "bianmin-backup.timer")
    assert timer["Timer"]["Persistent"] == "true"


def test_screens_come_back_after_a_crash() -> None:
    for name in ("kiosk/bianmin-kiosk-serve.service", "kiosk/bianmin-kiosk-screen.service",
                 "kiosk/bianmin-kiosk-terminal.service", "display/bianmin-display.service"):
        service = unit(DEPLOY / name)
        assert service["Service"]["Restart"] == "always", name
        assert service["Install"]["WantedBy"] == "multi-user.target", name
        if "TTYPath" in service["Service"]:
            assert service["Service"]["PAMName"] == "bianmin-screen"
            assert "getty@tty1.service" in service["Unit"]["Conflicts"]
    assert (DEPLOY / "pam" / "bianmin-screen").exists()


def fake_bianmin(folder: Path, exits: list[int]) -> Path:
    """A stand-in `bianmin` that records its arguments and exits with each code in turn."""
    script = folder / "bianmin"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{folder}/calls"\n'
        f'n=$(wc -l < "{folder}/calls")\n'
        f'set -- {" ".join(map(str, exits))}\n'
        'shift $((n - 1))\n'
        'exit "$1"\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def session(tmp_path: Path, exits: list[int], env_text: str
            ) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    env_file = tmp_path / "counter.env"
    env_file.write_text(env_text, encoding="utf-8")
    done = subprocess.run(
        [str(DEPLOY / "counter" / "bianmin-counter-session")], capture_output=True, text=True,
        timeout=30, check=False,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "BIANMIN_ENV": str(env_file),
             "BIANMIN": str(fake_bianmin(tmp_path, exits)), "BIANMIN_TERMINAL": "",
             "BIANMIN_RETRY_SECONDS": "0"})
    calls = tmp_path / "calls"
    return done, calls.read_text().splitlines() if calls.exists() else []


def test_the_counter_session_starts_again_after_a_crash(tmp_path: Path) -> None:
    done, calls = session(tmp_path, [1, 1, 0], environment_text(DEPLOY / "env" / "counter.env"))
    assert done.returncode == 0
    log = tmp_path / ".local" / "state" / "bianmin" / "counter.log"
    assert calls == [f"counter --hub http://192.168.1.10:8600 --window 3 --log {log}"] * 3
    assert done.stdout.count("窗口终端意外退出") == 2
    assert parser().parse_args(calls[0].split()).window == 3


def test_the_counter_session_without_its_settings(tmp_path: Path) -> None:
    done, calls = session(tmp_path, [0], "BIANMIN_HUB=http://192.168.1.10:8600\n")
    assert done.returncode == 2 and calls == []
    assert "set BIANMIN_HUB and BIANMIN_WINDOW" in done.stderr


def environment_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_counter_starts_with_the_desktop() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DEPLOY / "counter" / "bianmin-counter.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    installed = Path(desktop["Exec"])
    assert installed.parts[:4] == ("/", "opt", "bianmin", "src")
    script = ROOT.joinpath(*installed.parts[4:])
    assert script == DEPLOY / "counter" / "bianmin-counter-session"
    assert os.access(script, os.X_OK)


RULE_TOKEN = re.compile(r'(SUBSYSTEM|ATTR\{\w+\}|ENV\{\w+\}|MODE|GROUP|TAG)(==|=|\+=)"[^"]*"')


def test_the_udev_rules_are_well_formed() -> None:
    rules = [line for line in (DEPLOY / "udev" / "60-bianmin-printers.rules")
             .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(rules) == 3
    for rule in rules:
        tokens = rule.split(", ")
        assert all(RULE_TOKEN.fullmatch(t) for t in tokens), rule
        assert 'GROUP="lp"' in tokens and 'MODE="0660"' in tokens
        assert re.search(r'ATTR\{idVendor\}=="[0-9a-f]{4}"', rule)
