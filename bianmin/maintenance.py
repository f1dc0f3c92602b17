"""The commands that look after a hall's machines: `backup`, `restore` and `doctor`.

Each prints what it did or found in plain words; a failure is one line `bianmin: ...` and a
non-zero exit code (2 for a mistake in what was asked, 1 for what went wrong doing it).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from bianmin.config import Config, ConfigError, load

# Where `bianmin init` is run on a hall's hub (docs/deploy.md), then the demo's folder.
CONFIGS = (Path("/etc/bianmin/bianmin.toml"), Path("bianmin-data/bianmin.toml"))
KEEP = 14


def default_config() -> Path:
    given = os.environ.get("BIANMIN_CONFIG")
    if given:
        return Path(given)
    return next((p for p in CONFIGS if p.exists()), CONFIGS[0])


def _fail(message: str, code: int = 1) -> int:
    print(f"bianmin: {message}", file=sys.stderr)
    return code


def _config(args: argparse.Namespace) -> Config | int:
    try:
        return load(Path(args.config) if args.config else default_config())
    except ConfigError as err:
        return _fail(f"configuration error: {err}", 2)


def cmd_backup(args: argparse.Namespace) -> int:
    from server.backup import BackupError, backup

    config = _config(args)
    if isinstance(config, int):
        return config
    if args.keep < 1:
        return _fail("--keep is how many backups to keep: 1 or more", 2)
    try:
        made = backup(config.database, Path(args.dir), datetime.now(config.tz), args.keep)
    except BackupError as err:
        return _fail(f"backup failed: {err}")
    s = made.summary
    print(f"Backed up {config.database} to {made.path}: {s.events:,} events, {s.tickets:,} "
          f"tickets, schema version {s.version}.")
    for old in made.deleted:
        print(f"Deleted {old.name} (keeping the newest {args.keep}).")
    return 0


def _answering(config: Config) -> str | None:
    """The hub's address if something answers on it: a hub of a release before the lock."""
    host = "127.0.0.1" if config.host in ("0.0.0.0", "::", "") else config.host
    try:
        with socket.create_connection((host, config.port), timeout=1):
            return f"{host}:{config.port}"
    except OSError:
        return None


def cmd_restore(args: argparse.Namespace) -> int:
    from server.backup import BackupError, restore
    from server.hublock import DatabaseInUse

    config = _config(args)
    if isinstance(config, int):
        return config
    if address := _answering(config):
        return _fail(f"something answers on {address}, where this configuration's hub "
                     "listens: stop the hub first (sudo systemctl stop bianmin-hub)")
    try:
        done = restore(Path(args.file), config.database, datetime.now(config.tz))
    except (BackupError, DatabaseInUse) as err:
        return _fail(f"restore refused: {err}")
    s = done.summary
    print(f"Restored {config.database} from {args.file}: {s.events:,} events, {s.tickets:,} "
          f"tickets, the last at {s.last_event or 'none'}, schema version {s.version}.")
    if done.replaced is not None:
        print(f"The database it replaced is kept as {done.replaced}.")
    print("Start the hub again: sudo systemctl start bianmin-hub")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from bianmin import doctor

    printer = None
    if args.printer:
        from kiosk.options import parse_printer

        try:
            printer = parse_printer(args.printer)
        except ValueError as err:
            return _fail(str(err), 2)
    if args.role != "hub" and not args.hub:
        return _fail(f"--hub is the hub's address (or set BIANMIN_HUB), e.g. "
                     f"http://192.168.1.10:8600; the {args.role} is checked against it", 2)
    if args.role == "counter" and args.window is None:
        return _fail("--window is the number of the window this counter serves", 2)
    token = args.token or os.environ.get(f"BIANMIN_{args.role.upper()}_TOKEN", "")
    options = doctor.Options(
        role=args.role, hub=args.hub or "", token=token, window=args.window, printer=printer,
        config=Path(args.config) if args.config else default_config(),
        backups=Path(args.backups) if args.backups else None)
    return doctor.run(options)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    config_help = ("the hub's bianmin.toml (default: $BIANMIN_CONFIG, else "
                   f"{CONFIGS[0]} if it exists, else {CONFIGS[1]})")
    s = sub.add_parser("backup", help="copy the hub's database into DIR, also while it runs")
    s.add_argument("dir", help="folder for the copies (made if missing)")
    s.add_argument("--config", help=config_help)
    s.add_argument("--keep", type=int, default=KEEP,
                   help=f"how many copies to keep in DIR, newest first (default {KEEP})")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="put a backup back as the hub's database (hub stopped)")
    s.add_argument("file", help="the backup to put back")
    s.add_argument("--config", help=config_help)
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("doctor", help="check this machine for its part in the hall")
    s.add_argument("--role", required=True, choices=("hub", "kiosk", "counter", "display"))
    s.add_argument("--config", help=f"with --role hub: {config_help}")
    s.add_argument("--backups", help="with --role hub: the folder the nightly backup fills")
    s.add_argument("--hub", default=os.environ.get("BIANMIN_HUB"),
                   help="the hub's address, e.g. http://192.168.1.10:8600 (or $BIANMIN_HUB)")
    s.add_argument("--token", help="the kiosk's or display's device token (or "
                   "$BIANMIN_KIOSK_TOKEN / $BIANMIN_DISPLAY_TOKEN)")
    s.add_argument("--window", type=int, help="with --role counter: this counter's window")
    s.add_argument("--printer", help="a printer to check: none | network:HOST[:PORT] | "
                   "usb:VENDOR:PRODUCT | serial:DEVICE[:BAUD] | file:PATH (a kiosk's default: "
                   "the one the hub gives it)")
    s.set_defaults(func=cmd_doctor)
