"""`bianmin doctor`: checks a machine for its part in the hall and says what to fix.

Each check gives findings: `ok`, `look` (worth a look; the hall works without) or `fix` (that
part will not work until it is fixed), each in plain words with what to do. What a role needs:

- hub: its configuration, its database (Bianmin's, whole, a schema this version runs,
  writable), free disk, the hub answering on its port, the clock kept by a time server,
  espeak-ng for the display's voice, a recent backup;
- kiosk: a Chinese font (a monospaced one for the terminal), the hub reachable and taking this
  kiosk's token, the clock against the hub's (worth a look only: the screens show the hub's
  time), its printer answering, free disk;
- counter: a Chinese font, the hub reachable, the window known to it, the clock, a printer
  given with `--printer`, free disk;
- display: a Chinese font, a sound card, Chromium, the hub taking the display's token and
  serving voice clips, the clock.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path

import aiohttp

from bianmin.client import HubClient, HubError, HubUnavailable
from bianmin.config import Config, ConfigError, load
from bianmin.wire.devices import Device, PrinterSettings
from bianmin.wire.display import DisplayPage
from bianmin.wire.hall import HallPublic
from bianmin.wire.office import ComplaintOptions

OK, LOOK, FIX = "ok", "look", "fix"
ROLES = ("hub", "kiosk", "counter", "display")
FREE_FIX, FREE_LOOK = 200 * 2**20, 1 * 2**30  # bytes free on the disk that is written
CLOCK_LOOK = 2.0  # seconds off the hub's clock
BACKUP_HOURS = 48  # the newest backup older than this is worth a look


@dataclass(frozen=True, slots=True)
class Finding:
    level: str  # ok, look, fix
    subject: str
    words: str


@dataclass(frozen=True, slots=True)
class Machine:
    """Where the doctor looks at this machine (tests point it elsewhere)."""

    sound_cards: Path = Path("/proc/asound/cards")
    timedatectl: str = "timedatectl"
    espeak: str = "espeak-ng"


@dataclass(frozen=True, slots=True)
class Options:
    role: str
    hub: str = ""  # the hub's address, for the kiosk, counter and display
    token: str = ""  # the device token, for the kiosk and display
    window: int | None = None  # the counter's window
    printer: PrinterSettings | None = None  # a printer to check in place of the hub's
    config: Path | None = None  # the hub's configuration, for the hub
    backups: Path | None = None  # where the hub's backups go
    machine: Machine = field(default_factory=Machine)


def ok(subject: str, words: str) -> Finding:
    return Finding(OK, subject, words)


def look(subject: str, words: str) -> Finding:
    return Finding(LOOK, subject, words)


def fix(subject: str, words: str) -> Finding:
    return Finding(FIX, subject, words)


# ----- this machine ---------------------------------------------------------------------------


def _run(*command: str) -> tuple[int, str] | None:
    """A command's exit code and output, or None when it is not installed."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except (FileNotFoundError, PermissionError):
        return None
    except subprocess.TimeoutExpired:
        return (124, "")
    return done.returncode, done.stdout + done.stderr


def fonts(*, terminal: bool) -> Finding:
    """A Chinese font, and for a terminal a monospaced one (double-width columns line up)."""
    found = _run("fc-list", "-f", "%{family[0]}\n", ":lang=zh")
    if found is None:
        return fix("Chinese font", "fontconfig is not installed, so no font can be found: "
                   "sudo apt install fontconfig fonts-wqy-microhei")
    families = sorted({line.strip() for line in found[1].splitlines() if line.strip()})
    if not families:
        return fix("Chinese font", "no Chinese font is installed: Chinese text would show as "
                   "empty boxes. Install one: sudo apt install fonts-wqy-microhei "
                   "(or fonts-noto-cjk)")
    mono = [f for f in families if "mono" in f.lower()]
    if terminal and not mono:
        return look("Chinese font", f"{', '.join(families)} found, but no monospaced Chinese "
                    "font for the terminal: columns may not line up. Install "
                    "fonts-wqy-microhei (WenQuanYi Micro Hei Mono) and choose it in the terminal")
    if terminal:
        return ok("Chinese font", f"{mono[0]} (monospaced, for the terminal)")
    return ok("Chinese font", ", ".join(families[:3]))


def sound(machine: Machine) -> Finding:
    try:
        cards = machine.sound_cards.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        cards = ""
    if not cards or "no soundcards" in cards:
        return fix("Sound", "no sound card found: the display cannot speak the calls. Connect "
                   "the television by HDMI or a speaker, and check the box's sound driver")
    first = cards.splitlines()[0].split(":", 1)[-1].strip()
    return ok("Sound", f"sound card: {first}")


def browser() -> Finding:
    from display.launch import find_browser

    found = find_browser()
    if found is None:
        return fix("Browser", "Chromium is not installed; the display page needs it "
                   "(sudo apt install chromium)")
    return ok("Browser", found)


def disk(folder: Path, what: str) -> Finding:
    where = folder
    while not where.exists() and where != where.parent:
        where = where.parent
    try:
        free = shutil.disk_usage(where).free
    except OSError as err:
        return fix("Disk", f"cannot tell the free space for {what} at {folder}: {err}")
    text = f"{free / 2**30:.1f} GiB free for {what} ({where})"
    if free < FREE_FIX:
        return fix("Disk", f"only {text}: free some space before the disk fills up")
    if free < FREE_LOOK:
        return look("Disk", f"only {text}: free some space soon")
    return ok("Disk", text)


def time_server(machine: Machine) -> Finding:
    answer = _run(machine.timedatectl, "show", "--property=NTPSynchronized", "--value")
    if answer is None or answer[0] != 0:
        return look("Clock", "cannot tell whether the clock follows a time server (no "
                    "timedatectl here); the hall's day and every time shown follow this clock")
    if answer[1].strip() == "yes":
        return ok("Clock", "kept by a time server")
    return look("Clock", "not synchronised with a time server: the hall's day and every time "
                "shown follow this clock. Turn it on: sudo timedatectl set-ntp true")


def espeak(machine: Machine) -> Finding:
    answer = _run(machine.espeak, "--voices=cmn")
    if answer is None or answer[0] != 0 or "cmn" not in answer[1]:
        return look("Voice", "espeak-ng with its Mandarin voice is not installed: the display "
                    "will use the browser's own voice. Install it: sudo apt install espeak-ng")
    return ok("Voice", "espeak-ng speaks Mandarin (cmn) for the display")


# ----- the hub's own machine ------------------------------------------------------------------


def configuration(path: Path) -> tuple[Config | None, Finding]:
    try:
        config = load(path)
    except ConfigError as err:
        return None, fix("Configuration", str(err))
    if config.demo:
        return config, look("Configuration", f"{config.path} runs on the DEMO credentials: "
                            "make a real one with `bianmin init DIR` before the hall opens")
    return config, ok("Configuration", str(config.path))


def database(path: Path) -> list[Finding]:
    from server import migrations
    from server.backup import integrity

    if not path.exists():
        return [ok("Database", f"{path} does not exist yet; the hub makes it when it starts")]
    found: list[Finding] = []
    if not os.access(path, os.R_OK | os.W_OK) or not os.access(path.parent, os.W_OK):
        found.append(fix("Database", f"{path} (or its folder) cannot be written by this user "
                         f"({_user()}); the hub's user must own both: "
                         f"sudo chown -R bianmin: {path.parent}"))
    elif os.geteuid() == 0 and path.stat().st_uid != 0:
        found.append(look("Database", "checked as root, who may write anything: run the "
                          "doctor as the hub's user for a true answer "
                          "(sudo -u bianmin bianmin doctor --role hub ...)"))
    try:
        with sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True) as db:
            db.execute("PRAGMA busy_timeout=5000")
            seen = migrations.inspect(db)
            why = migrations.problem(seen, path)
            damage = "" if why else integrity(db, quick=True)
    except sqlite3.Error as err:
        return [*found, fix("Database", f"{path} cannot be read: {err}")]
    if why:
        return [*found, fix("Database", why)]
    if damage:
        return [*found, fix("Database", f"{path} is damaged ({damage}): restore the newest "
                            "backup with `bianmin restore`")]
    if seen.version < migrations.LATEST:
        found.append(look("Database", f"schema version {seen.version}: the hub upgrades it to "
                          f"{migrations.LATEST} when it next starts; take a backup first "
                          "(bianmin backup DIR)"))
    else:
        found.append(ok("Database", f"{path}: whole, schema version {seen.version}"))
    return found


def backups(folder: Path, now: float) -> Finding:
    newest = max((p.stat().st_mtime for p in folder.glob("bianmin-*.db")), default=None) \
        if folder.is_dir() else None
    if newest is None:
        return look("Backup", f"no backup in {folder}: turn on the nightly one "
                    "(sudo systemctl enable --now bianmin-backup.timer)")
    hours = (now - newest) / 3600
    if hours > BACKUP_HOURS:
        return look("Backup", f"the newest backup in {folder} is {hours / 24:.0f} days old: "
                    "check the timer (systemctl status bianmin-backup.timer)")
    return ok("Backup", f"the newest backup in {folder} is {hours:.0f} hours old")


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        return str(os.geteuid())


def _local_url(config: Config) -> str:
    host = "127.0.0.1" if config.host in ("0.0.0.0", "::", "") else config.host
    return f"http://{host}:{config.port}" if ":" not in host else f"http://[{host}]:{config.port}"


async def hub_answers(config: Config, holding: str | None) -> Finding:
    tokens = [d.token for d in config.devices.values() if d.kind == "display"]
    url = _local_url(config)
    async with HubClient(url, tokens[0] if tokens else None, timeout=5) as client:
        try:
            hall = await client.hall(HallPublic)
        except HubUnavailable:
            if holding:
                return look("Hub", f"{holding} holds the database, but nothing answers at "
                            f"{url}: was it started with another --host or --port?")
            return look("Hub", f"nothing answers at {url}: the hub is not running. Start it: "
                        "sudo systemctl start bianmin-hub (its log: journalctl -u bianmin-hub)")
        except HubError as err:
            return look("Hub", f"{url} answers, but not as this configuration's hub: "
                        f"{err.message}")
    return ok("Hub", f"answers at {url} (event {hall.seq})")


# ----- the hub, from another machine ----------------------------------------------------------


def unreachable(hub: str, err: HubUnavailable) -> Finding:
    return fix("Hub", f"cannot reach the hub at {hub} ({err.detail or 'no answer'}): check the "
               "address, the network cable, and that the hub runs (on the hub: systemctl "
               "status bianmin-hub)")


async def device(client: HubClient, kind: str, variable: str) -> tuple[Device | None, Finding]:
    if not client.token:
        return None, fix("Hub", f"no {kind} token given: pass --token, or set {variable} "
                         "(the token of this machine's [[devices]] entry in bianmin.toml)")
    try:
        found = await client.device()
    except HubUnavailable as err:
        return None, unreachable(client.base_url, err)
    except HubError as err:
        return None, fix("Hub", f"the hub at {client.base_url} refused the token "
                         f"({err.status}): {err.message} Check {variable} against the "
                         "[[devices]] tokens in the hub's bianmin.toml")
    if found.kind != kind:
        return None, fix("Hub", f"the token is {found.id}'s, a {found.kind}, not a {kind}: "
                         f"use this {kind}'s own token")
    return found, ok("Hub", f"{client.base_url} takes this {kind}'s token ({found.id}"
                     f"{', ' + found.name if found.name else ''})")


async def window(client: HubClient, number: int) -> Finding:
    try:
        options = await client.request("GET", "/api/complaints/options", ComplaintOptions)
    except HubUnavailable as err:
        return unreachable(client.base_url, err)
    except HubError as err:
        return fix("Hub", f"{client.base_url} answers, but not as a Bianmin hub: {err.message}")
    known = sorted(w.number for w in options.windows)
    if number not in known:
        return fix("Window", f"the hub has no window {number} (it has {known}): check "
                   "--window against [[windows]] in the hub's bianmin.toml")
    return ok("Hub", f"{client.base_url} answers; window {number} is known to it")


def _skew(offset: float, spread: float, against: str) -> Finding:
    """The kiosk, the counter and the display page show the hub's time whatever this clock
    says (`bianmin/hubclock.py`), so a clock that is off is worth a look, never a stop."""
    ahead = "behind" if offset > 0 else "ahead of"
    words = f"{abs(offset):.1f} s {ahead} {against} (measured to ±{spread:.1f} s)"
    if abs(offset) - spread > CLOCK_LOOK:
        return look("Clock", f"{words}. The hall's screens show the hub's time anyway, but "
                    "this machine's logs will not match the hub's: let both follow the same "
                    "time server (sudo timedatectl set-ntp true)")
    return ok("Clock", f"within {max(abs(offset), spread):.1f} s of {against}")


async def clock_by_hall(client: HubClient) -> Finding:
    """The hub's `now` in its hall view against this machine's clock at mid-request."""
    sent = time.time()
    try:
        hall = await client.hall(HallPublic)
    except HubError as err:
        return look("Clock", f"cannot read the hub's clock: {err.message}")
    back = time.time()
    return _skew(hall.now.timestamp() - (sent + back) / 2, (back - sent) / 2, "the hub's clock")


async def clock_by_date(client: HubClient) -> Finding:
    """Without a token: the hub's `Date` header, to the second."""
    sent = time.time()
    try:
        async with client.session.get(client.base_url + "/api/openapi.json") as resp:
            stamp = resp.headers.get("Date", "")
    except (aiohttp.ClientError, TimeoutError, OSError) as err:
        return look("Clock", f"cannot read the hub's clock: {err}")
    back = time.time()
    try:
        hub_now = parsedate_to_datetime(stamp).replace(tzinfo=UTC).timestamp() + 0.5
    except (TypeError, ValueError):
        return look("Clock", "cannot read the hub's clock: its answer carries no date")
    return _skew(hub_now - (sent + back) / 2, (back - sent) / 2 + 0.5, "the hub's clock")


FAULTS = {
    "offline": "cannot be reached, or is switched off",
    "paper-out": "is out of paper",
    "cover-open": "has its cover open",
    "reset": "dropped the connection",
    "timeout": "does not answer",
    "error": "reports a fault",
}


async def printer(settings: PrinterSettings | None, source: str) -> Finding:
    from bianmin.printing.device import open_printer

    if settings is None or settings.kind == "none":
        return ok("Printer", f"none configured ({source})")
    try:
        device = open_printer(settings)
    except ValueError as err:
        return fix("Printer", f"its settings ({source}) cannot work: {err}")
    if device is None:
        return ok("Printer", f"none configured ({source})")
    status = await device.status()
    name = f"{device.name} ({source})"
    if status != "ok":
        detail = device.last_fault
        hint = _printer_hint(settings, detail)
        return fix("Printer", f"{name} {FAULTS.get(status, status)} ({detail}){hint}")
    if device.answers_status is not True:  # cannot answer, or did not this time
        return look("Printer", f"{name} takes jobs but does not answer status requests: a "
                    "missing paper roll or an open cover cannot be seen before printing")
    if device.paper_low:
        return look("Printer", f"{name} answers; its paper is running low")
    return ok("Printer", f"{name} answers: ready")


def _printer_hint(settings: PrinterSettings, detail: str) -> str:
    denied = any(w in detail for w in ("Access denied", "Permission denied", "Errno 13"))
    if settings.kind == "usb" and denied:
        return (". This user may not use the USB printer: install "
                "deploy/udev/60-bianmin-printers.rules, or add the user to the lp group")
    if settings.kind == "serial" and denied:
        return ". This user may not use the serial port: add it to the dialout group"
    if settings.kind == "network":
        return ". Check the printer is switched on and its address (print its self-test page)"
    return ""


# ----- the roles ------------------------------------------------------------------------------


async def examine(options: Options) -> list[Finding]:
    role, m = options.role, options.machine
    if role == "hub":
        return await _hub(options)
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    found = [fonts(terminal=role in ("kiosk", "counter"))]
    if role == "display":
        found += [sound(m), browser()]
    async with HubClient(options.hub, options.token or None, timeout=5) as client:
        if role == "counter":
            found.append(await window(client, options.window or 1))
            if found[-1].level == OK:
                found.append(await clock_by_date(client))
            found.append(await printer(options.printer, "--printer"))
        else:
            variable = f"BIANMIN_{role.upper()}_TOKEN"
            dev, finding = await device(client, role, variable)
            found.append(finding)
            if dev is not None:
                found.append(await clock_by_hall(client))
            if role == "kiosk" and options.printer is not None:
                found.append(await printer(options.printer, "--printer"))
            elif role == "kiosk" and dev is not None:
                found.append(await printer(dev.printer, "the hub's configuration"))
            if role == "display" and dev is not None:
                found.append(await voice_clips(client))
    found.append(disk(state, "logs"))
    return found


async def voice_clips(client: HubClient) -> Finding:
    try:
        page = await client.request("GET", "/api/display/settings", DisplayPage)
    except HubError as err:
        return look("Voice", f"cannot read the display's settings: {err.message}")
    missing = sorted(k for k, v in page.clips.items() if v is None)
    if missing:
        return look("Voice", f"the hub has no voice clip for {len(missing)} of {len(page.clips)} "
                    "words (espeak-ng missing on the hub?): the display will use the "
                    "browser's own voice, which on Linux needs speech-dispatcher and espeak-ng "
                    "on this box (sudo apt install speech-dispatcher espeak-ng); better, "
                    "install espeak-ng on the hub")
    return ok("Voice", f"the hub serves all {len(page.clips)} voice clips")


async def _hub(options: Options) -> list[Finding]:
    path = options.config or Path("bianmin.toml")
    config, finding = configuration(path)
    found = [finding]
    if config is None:
        return found
    from server.hublock import holder

    found += database(config.database)
    found.append(disk(config.database.parent, "the database"))
    found.append(await hub_answers(config, holder(config.database)))
    found.append(time_server(options.machine))
    found.append(espeak(options.machine))
    if options.backups is not None:
        found.append(backups(options.backups, time.time()))
    return found


def report(role: str, findings: list[Finding]) -> tuple[list[str], int]:
    """The lines to print and the exit code: 1 when anything must be fixed."""
    mark = {OK: "ok  ", LOOK: "LOOK", FIX: "FIX "}
    lines = [f"bianmin doctor: this machine as the {role}"]
    lines += [f"  {mark[f.level]}  {f.subject}: {f.words}" for f in findings]
    fixes = sum(f.level == FIX for f in findings)
    looks = sum(f.level == LOOK for f in findings)
    if fixes:
        lines.append(f"{fixes} to fix before this {role} can work"
                     f"{f', {looks} worth a look' if looks else ''}.")
    elif looks:
        lines.append(f"Nothing to fix; {looks} worth a look.")
    else:
        lines.append("All is well.")
    return lines, 1 if fixes else 0


def run(options: Options, echo: Callable[[str], object] = print) -> int:
    lines, code = report(options.role, asyncio.run(examine(options)))
    for line in lines:
        echo(line)
    return code
