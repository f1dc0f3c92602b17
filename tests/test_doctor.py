"""`bianmin doctor` per role, against a real hub on loopback and a printer on a local socket:
what it finds, the words it says to fix it, and its exit code."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest

from bianmin import doctor
from bianmin.doctor import FIX, LOOK, OK, Finding, Machine, Options
from bianmin.wire.devices import PrinterSettings
from server.migrations import APPLICATION_ID, LATEST
from tests.fakeprinter import FakePrinter
from tests.hubfixture import (
    DISPLAY,
    KIOSK,
    Clock,
    RunningHub,
    demo_config,
    demo_toml,
    free_port,
)
from tests.test_cli_operations import run

RELEASE_DB = Path(__file__).parent / "fixtures" / "release-4bddf39.db"
CARDS = " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH\n"


def finding(found: list[Finding], subject: str) -> Finding:
    (one,) = [f for f in found if f.subject == subject]
    return one


def on_port(port: int, more: Callable[[str], str] | None = None) -> Callable[[str], str]:
    def edit(toml: str) -> str:
        toml = toml.replace("port = 8600", f"port = {port}")
        return more(toml) if more else toml

    return edit


async def hub_at(folder: Path, *, clock: Clock | None = None,
                 edit: Callable[[str], str] | None = None) -> RunningHub:
    """A running hub whose configuration names the port it listens on, as a hall's does."""
    port = free_port()
    config = demo_config(folder, on_port(port, edit))
    hub = RunningHub(config, port, clock or Clock(datetime.now(config.tz)), 3600.0)
    await hub.start()
    return hub


@pytest.fixture
async def hall(tmp_path: Path) -> AsyncIterator[RunningHub]:
    hub = await hub_at(tmp_path / "hall")
    try:
        yield hub
    finally:
        await hub.stop()


@pytest.fixture
def no_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fontconfig reading a configuration with no font folders: a machine without fonts."""
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><fontconfig></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))


# ----- hub ------------------------------------------------------------------------------------


async def test_hub_running_well(hall: RunningHub, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "bianmin-20261127-230000.db").write_bytes(b"")
    found = await doctor.examine(Options("hub", config=hall.config.path, backups=backups))
    assert finding(found, "Configuration").level == LOOK  # the demo's credentials
    assert "DEMO" in finding(found, "Configuration").words
    assert finding(found, "Database") == Finding(
        OK, "Database", f"{hall.config.database}: whole, schema version {LATEST}")
    assert finding(found, "Hub") == Finding(OK, "Hub", f"answers at {hall.url} (event 0)")
    assert finding(found, "Disk").level == OK
    assert finding(found, "Backup").level == OK
    voice = finding(found, "Voice")
    assert voice.level == (OK if shutil.which("espeak-ng") else LOOK)
    lines, code = doctor.report("hub", found)
    assert code == 0 and lines[0] == "bianmin doctor: this machine as the hub"


async def test_hub_stopped_with_an_old_backup_and_no_time_server(
        hall: RunningHub, tmp_path: Path) -> None:
    await hall.stop()
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "bianmin-20261120-230000.db"
    old.write_bytes(b"")
    three_days_ago = time.time() - 3 * 86400
    os.utime(old, (three_days_ago, three_days_ago))
    timedatectl = tmp_path / "timedatectl"
    timedatectl.write_text("#!/bin/sh\necho no\n")
    timedatectl.chmod(0o755)
    machine = Machine(timedatectl=str(timedatectl), espeak="no-such-espeak")
    found = await doctor.examine(Options("hub", config=hall.config.path, backups=backups,
                                         machine=machine))
    hub = finding(found, "Hub")
    assert hub.level == LOOK and "the hub is not running" in hub.words
    assert "systemctl start bianmin-hub" in hub.words
    assert finding(found, "Backup").level == LOOK and "3 days old" in finding(found, "Backup").words
    clock = finding(found, "Clock")
    assert clock.level == LOOK and "sudo timedatectl set-ntp true" in clock.words
    assert finding(found, "Voice").level == LOOK
    assert "apt install espeak-ng" in finding(found, "Voice").words
    assert doctor.report("hub", found)[1] == 0  # all worth a look, nothing stops the hall


async def test_hub_with_a_database_it_must_not_use(tmp_path: Path) -> None:
    config = demo_config(tmp_path, on_port(free_port()))
    shutil.copyfile(RELEASE_DB, config.database)
    found = await doctor.examine(Options("hub", config=config.path))
    old = finding(found, "Database")
    assert old.level == LOOK and f"upgrades it to {LATEST}" in old.words
    assert "bianmin backup" in old.words

    with sqlite3.connect(config.database) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    found = await doctor.examine(Options("hub", config=config.path))
    newer = finding(found, "Database")
    assert newer.level == FIX and "newer Bianmin" in newer.words
    lines, code = doctor.report("hub", found)
    assert code == 1 and lines[-1].startswith("1 to fix before this hub can work")

    config.database.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    found = await doctor.examine(Options("hub", config=config.path))
    assert finding(found, "Database").level == FIX


async def test_hub_with_a_broken_configuration(tmp_path: Path) -> None:
    path = tmp_path / "bianmin.toml"
    path.write_text(demo_toml().replace("port = 8600", "port = 'eighty'"), encoding="utf-8")
    found = await doctor.examine(Options("hub", config=path))
    assert found == [Finding(FIX, "Configuration", found[0].words)]
    assert str(path) in found[0].words and "hub.port" in found[0].words
    assert doctor.report("hub", found)[1] == 1


# ----- kiosk ----------------------------------------------------------------------------------


async def test_kiosk_with_its_printer_from_the_hub(tmp_path: Path) -> None:
    async with FakePrinter() as printer:
        kiosk_printer = (f'printer = {{ kind = "network", host = "127.0.0.1", '
                         f'port = {printer.port}, columns = 48 }}')
        hub = await hub_at(tmp_path, edit=lambda t: t.replace(
            'printer = { kind = "none", columns = 48 }', kiosk_printer, 1))
        try:
            found = await doctor.examine(Options("kiosk", hub=hub.url, token=KIOSK))
        finally:
            await hub.stop()
    assert [f.level for f in found] == [OK] * 5, found
    assert finding(found, "Chinese font").words.endswith("(monospaced, for the terminal)")
    assert finding(found, "Hub").words == (
        f"{hub.url} takes this kiosk's token (kiosk-1, 大厅取号机)")
    assert finding(found, "Printer").words == (
        f"network 127.0.0.1:{printer.port} (the hub's configuration) answers: ready")
    assert printer.queries >= 2  # it asked the printer for its status
    assert printer.jobs == []  # and printed nothing


@pytest.mark.parametrize(("state", "level", "words"), [
    ({"paper": "out"}, FIX, "is out of paper"),
    ({"cover_open": True}, FIX, "has its cover open"),
    ({"paper": "low"}, LOOK, "paper is running low"),
    ({"mode": "silent"}, LOOK, "does not answer status requests"),
])
async def test_kiosk_printer_faults(hall: RunningHub, state: dict[str, object], level: str,
                                    words: str) -> None:
    async with FakePrinter(**state) as printer:  # type: ignore[arg-type]
        found = await doctor.examine(Options("kiosk", hub=hall.url, token=KIOSK,
                                             printer=printer.settings))
    printed = finding(found, "Printer")
    assert printed.level == level and words in printed.words


async def test_kiosk_printer_switched_off(hall: RunningHub) -> None:
    settings = PrinterSettings(kind="network", host="127.0.0.1", port=free_port(), timeout=1)
    found = await doctor.examine(Options("kiosk", hub=hall.url, token=KIOSK, printer=settings))
    printed = finding(found, "Printer")
    assert printed.level == FIX and "cannot be reached, or is switched off" in printed.words
    assert "Check the printer is switched on" in printed.words


async def test_kiosk_with_a_wrong_token_or_no_hub(hall: RunningHub) -> None:
    found = await doctor.examine(Options("kiosk", hub=hall.url, token="not-a-token"))
    hub = finding(found, "Hub")
    assert hub.level == FIX and "refused the token (401)" in hub.words
    assert "BIANMIN_KIOSK_TOKEN" in hub.words
    assert [f.subject for f in found] == ["Chinese font", "Hub", "Disk"]  # no clock, no printer

    found = await doctor.examine(Options("kiosk", hub=hall.url, token=DISPLAY))
    assert "the token is display-1's, a display, not a kiosk" in finding(found, "Hub").words

    found = await doctor.examine(Options("kiosk", hub=hall.url, token=""))
    assert finding(found, "Hub").level == FIX and "--token" in finding(found, "Hub").words

    nobody = f"http://127.0.0.1:{free_port()}"
    found = await doctor.examine(Options("kiosk", hub=nobody, token=KIOSK))
    hub = finding(found, "Hub")
    assert hub.level == FIX and f"cannot reach the hub at {nobody}" in hub.words
    assert doctor.report("kiosk", found)[1] == 1


@pytest.mark.parametrize(("ahead", "level"), [(0, OK), (8, LOOK), (3600, LOOK)])
async def test_kiosk_clock_against_the_hubs(tmp_path: Path, ahead: int, level: str) -> None:
    clock = Clock(datetime.now().astimezone())
    clock.advance(seconds=ahead)
    hub = await hub_at(tmp_path, clock=clock)
    try:
        found = await doctor.examine(Options("kiosk", hub=hub.url, token=KIOSK))
    finally:
        await hub.stop()
    checked = finding(found, "Clock")
    assert checked.level == level, checked
    if ahead:
        assert f"{ahead - 1}." in checked.words or f"{ahead}." in checked.words
        assert "behind the hub's clock" in checked.words
        assert "sudo timedatectl set-ntp true" in checked.words


async def test_kiosk_without_a_chinese_font(hall: RunningHub, no_fonts: None) -> None:
    found = await doctor.examine(Options("kiosk", hub=hall.url, token=KIOSK))
    font = finding(found, "Chinese font")
    assert font.level == FIX and "sudo apt install fonts-wqy-microhei" in font.words


# ----- counter and display --------------------------------------------------------------------


async def test_counter(hall: RunningHub) -> None:
    async with FakePrinter() as printer:
        found = await doctor.examine(Options("counter", hub=hall.url, window=3,
                                             printer=printer.settings))
    assert [f.level for f in found] == [OK] * 5, found
    assert finding(found, "Hub").words == f"{hall.url} answers; window 3 is known to it"
    found = await doctor.examine(Options("counter", hub=hall.url, window=42))
    window = finding(found, "Window")
    assert window.level == FIX and "no window 42" in window.words
    assert finding(found, "Printer") == Finding(OK, "Printer", "none configured (--printer)")


async def test_display(hall: RunningHub, tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text(CARDS)
    found = await doctor.examine(Options("display", hub=hall.url, token=DISPLAY,
                                         machine=Machine(sound_cards=cards)))
    assert finding(found, "Sound") == Finding(OK, "Sound", "sound card: HDA-Intel - HDA Intel PCH")
    assert finding(found, "Hub").words == (
        f"{hall.url} takes this display's token (display-1, 大厅显示屏)")
    assert finding(found, "Browser").level == (OK if shutil.which("chromium") else FIX)
    assert finding(found, "Clock").level == OK
    assert finding(found, "Voice").level == (OK if shutil.which("espeak-ng") else LOOK)

    cards.write_text("--- no soundcards ---\n")
    found = await doctor.examine(Options("display", hub=hall.url, token=DISPLAY,
                                         machine=Machine(sound_cards=cards)))
    sound = finding(found, "Sound")
    assert sound.level == FIX and "cannot speak the calls" in sound.words


async def test_display_whose_hub_cannot_speak(tmp_path: Path) -> None:
    hub = await hub_at(tmp_path, edit=lambda t: t.replace(
        '# espeak = "espeak-ng"', 'espeak = "no-such-espeak"', 1))
    try:
        found = await doctor.examine(Options("display", hub=hub.url, token=DISPLAY))
    finally:
        await hub.stop()
    voice = finding(found, "Voice")
    assert voice.level == LOOK and "the browser's own voice" in voice.words


# ----- the command ----------------------------------------------------------------------------


async def test_the_command_prints_and_exits(hall: RunningHub) -> None:
    code, out, err = await run("doctor", "--role", "counter", "--hub", hall.url, "--window", "42")
    assert code == 1 and err == ""
    assert out.splitlines()[0] == "bianmin doctor: this machine as the counter"
    assert "  FIX   Window: the hub has no window 42" in out
    code, out, err = await run("doctor", "--role", "counter", "--window", "1")
    assert code == 2 and out == "" and "--hub" in err and len(err.splitlines()) == 1
    code, out, err = await run("doctor", "--role", "kiosk", "--hub", hall.url,
                               "--printer", "bogus:1")
    assert code == 2 and "cannot read printer" in err
