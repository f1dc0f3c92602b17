"""The `bianmin` command line: set up a hall, run the hub, and start each part."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import getpass
import logging
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bianmin import maintenance, sample
from bianmin.config import Config, ConfigError, database_failure, load, open_database_once
from bianmin.pins import hash_pin

if TYPE_CHECKING:  # aiohttp loads only for the commands that serve
    from aiohttp import web


def _load_or_exit(path: Path) -> Config:
    try:
        return load(path)
    except ConfigError as err:
        print(f"bianmin: configuration error: {err}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_init(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    try:
        path, creds = sample.write(folder, demo=args.demo)
    except FileExistsError as err:
        print(f"bianmin: {err} exists already; not overwriting it.", file=sys.stderr)
        return 1
    print(f"Wrote {path}")
    if args.demo:
        print("Demo credentials: clerks 1001..1008 (window N for clerk 100N), office 9001 "
              "and department head 9002, "
              f"PIN {sample.DEMO_PIN}; kiosk token {sample.DEMO_KIOSK_TOKEN}, display token "
              f"{sample.DEMO_DISPLAY_TOKEN}, rating token {sample.DEMO_RATING_TOKEN}.")
    else:
        print("Write these down now; only their hashes are kept:")
        for staff_no, pin in creds.pins.items():
            print(f"  staff {staff_no}: PIN {pin}")
        print(f"  kiosk token:   {creds.kiosk_token}")
        print(f"  display token: {creds.display_token}")
        print(f"  rating token:  {creds.rating_token}")
    print(f"Start the hub with: bianmin serve --config {path}")
    return 0


def _serve(config: Config, host: str, port: int, banner: list[str]) -> int:
    from aiohttp import web

    from server.app import create_app
    from server.hublock import DatabaseInUse
    from server.migrations import SchemaError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    def announce() -> None:
        print(f"Bianmin hub for {config.center.name} on http://{host}:{port}")
        print(f"  configuration: {config.path}")
        print(f"  database:      {config.database}")
        if config.demo:
            print("  WARNING: running on DEMO credentials (PIN 123456, token demo-kiosk). "
                  "Not for a real hall.")
        for line in banner:
            print(line)
        print("Press Ctrl+C to stop.", flush=True)

    if not 0 < port < 65536:
        print(f"bianmin: cannot listen on {host}:{port}: a port is a number from 1 to 65535",
              file=sys.stderr)
        return 1
    try:
        open_database_once(config)
        app = create_app(config)
    except ConfigError as err:
        print(f"bianmin: configuration error: {err}", file=sys.stderr)
        return 2
    try:
        with contextlib.suppress(web.GracefulExit, KeyboardInterrupt):
            asyncio.run(_run(app, host, port, announce))
    except SchemaError as err:
        print(f"bianmin: cannot use the database: {err}", file=sys.stderr)
        return 2
    except DatabaseInUse as err:
        print(f"bianmin: {err}", file=sys.stderr)
        return 1
    except (OSError, OverflowError, sqlite3.Error) as err:  # at start: database or address
        if named := database_failure(config, err):
            print(f"bianmin: configuration error: {named}", file=sys.stderr)
            return 2
        if isinstance(err, OSError) and err.errno == errno.EADDRINUSE:
            print(f"bianmin: cannot listen on {host}:{port}: address already in use (another "
                  "hub may be running); stop it, or choose another port with --port",
                  file=sys.stderr)
        else:
            print(f"bianmin: cannot listen on {host}:{port}: {err}", file=sys.stderr)
        return 1
    except Exception:
        logging.getLogger("bianmin").exception("the hub stopped on an unhandled error")
        _exit_now(1)
    return 0


def _exit_now(code: int) -> NoReturn:
    """End the process at once with `code`. After a failure, a thread it left behind (a
    database connection's is not a daemon) would keep the process alive for ever, and a
    service manager would never start the hub again."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


async def _run(app: web.Application, host: str, port: int, announce: Callable[[], None]
               ) -> None:
    """What `web.run_app` does, but listening through the hub's edge (server/listen.py and
    server/edge.py), which times requests and caps connections. Ctrl+C or SIGTERM ends it."""
    from aiohttp import web

    from server.app import SERVER_OPTIONS
    from server.listen import EdgeSite

    runner = web.AppRunner(app, handle_signals=True, access_log=None, shutdown_timeout=5,
                           keepalive_timeout=75, **SERVER_OPTIONS)
    await runner.setup()
    try:
        await EdgeSite(runner, host, port).start()
        announce()
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def cmd_serve(args: argparse.Namespace) -> int:
    config = _load_or_exit(Path(args.config))
    return _serve(config, args.host or config.host, args.port or config.port, [])


def cmd_demo(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    path = folder / "bianmin.toml"
    if not path.exists():
        try:
            sample.write(folder, demo=True)
        except OSError as err:
            print(f"bianmin: cannot set up the demo hall in {folder}: {err}", file=sys.stderr)
            return 1
        print(f"Set up the demo hall in {folder}/")
    config = _load_or_exit(path)
    host, port = args.host or config.host, args.port or config.port
    hub = f"http://{host}:{port}"
    served = port + 100 if port <= 65435 else port - 100  # the browser kiosk's own port
    me = _this_command()
    banner = [
        "",
        "Open in a browser:",
        f"  hall display (TV):     {hub}/display?token={sample.DEMO_DISPLAY_TOKEN}",
        f"  office console:        {hub}/office   (staff 9001, PIN 123456)",
        f"  window 3's screen:     {hub}/display/window/3?token={sample.DEMO_DISPLAY_TOKEN}",
        f"  rating pad, window 1:  {hub}/rate/1?token={sample.DEMO_RATING_TOKEN}",
        f"  a ticket on a phone:   {hub}/t/TICKET-ID   (the code printed on each ticket)",
        f"  API description:       {hub}/api/openapi.json",
        "Run, each in a terminal of its own:",
        f"  touch kiosk:           {me} kiosk --hub {hub} --token {sample.DEMO_KIOSK_TOKEN}",
        f"  kiosk in a browser:    {me} kiosk --hub {hub} --token {sample.DEMO_KIOSK_TOKEN}"
        f" --serve {served}   (then open http://127.0.0.1:{served})",
        f"  counter at window 1:   {me} counter --hub {hub} --window 1   (clerk 1001, PIN 123456;"
        " clerk 100N sits at window N)",
        f"  display, full screen:  {me} display --hub {hub}",
    ]
    return _serve(config, host, port, banner)


def _this_command() -> str:
    """How to run this program again from here: `bianmin` when it is on PATH, else its path
    (after `make demo`, `.venv/bin/bianmin`)."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "bianmin" and shutil.which("bianmin") != str(argv0.resolve()):
        return os.path.relpath(argv0) if argv0.is_absolute() else str(argv0)
    if argv0.name == "__main__.py":
        return f"{os.path.relpath(sys.executable)} -m bianmin"
    return "bianmin"


def cmd_counter(args: argparse.Namespace) -> int:
    from counter.app import CounterApp

    if args.window < 1:
        print("bianmin: --window is the window's number, 1 or more.", file=sys.stderr)
        return 2
    if args.log:  # a terminal UI owns the screen: log lines go to a file or nowhere
        logging.basicConfig(filename=args.log, level=logging.INFO,
                            format="%(asctime)s %(name)s %(message)s")
    app = CounterApp(args.hub, args.window, staff_no=args.staff or "")
    app.run()
    return app.return_code or 0  # 1 after an unhandled error: a service manager restarts it


def cmd_display(args: argparse.Namespace) -> int:
    from display.launch import run

    token = args.token or os.environ.get("BIANMIN_DISPLAY_TOKEN")
    if not token:
        token = sample.DEMO_DISPLAY_TOKEN
        print(f"No --token given: using the demo display token {token}.")
    return run(args.hub, token, print_only=args.print_only, window=args.window)


def cmd_hash_pin(args: argparse.Namespace) -> int:
    pin = args.pin or getpass.getpass("PIN: ")
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        print("bianmin: a PIN is 4 to 12 digits.", file=sys.stderr)
        return 2
    print(hash_pin(pin))
    return 0


def cmd_kiosk(args: argparse.Namespace) -> int:
    from kiosk.cli import run

    return run(args)


def cmd_county(args: argparse.Namespace) -> int:
    from county.cli import run

    return run(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bianmin", description="Bianmin (便民) queue-ticket system")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("init", help="write a sample configuration for a town center")
    s.add_argument("dir", help="folder to write bianmin.toml into")
    s.add_argument("--demo", action="store_true", help="use the fixed demo PINs and tokens")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("serve", help="run the hub")
    s.add_argument("--config", required=True, help="path to bianmin.toml")
    s.add_argument("--host", help="address to listen on (default: from the configuration)")
    s.add_argument("--port", type=int, help="port (default: from the configuration)")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("demo", help="set up the demo hall if needed and run the hub")
    s.add_argument("--dir", default="bianmin-data", help="data folder (default: bianmin-data)")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("kiosk", help="run the touch kiosk that issues and prints tickets")
    from kiosk.cli import add_arguments as kiosk_arguments

    kiosk_arguments(s)
    s.set_defaults(func=cmd_kiosk)

    s = sub.add_parser("counter", help="run the counter terminal at a window")
    s.add_argument("--hub", required=True, help="the hub's address, e.g. http://127.0.0.1:8600")
    s.add_argument("--window", type=int, required=True, help="this window's number")
    s.add_argument("--staff", help="staff number to fill in on the sign-in page")
    s.add_argument("--log", help="write the terminal's log to this file")
    s.set_defaults(func=cmd_counter)

    s = sub.add_parser("display", help="open the hall display full screen (Chromium kiosk)")
    s.add_argument("--hub", default="http://127.0.0.1:8600", help="the hub's address")
    s.add_argument("--token", help="the display's device token "
                   "(default: $BIANMIN_DISPLAY_TOKEN, else the demo token)")
    s.add_argument("--print", dest="print_only", action="store_true",
                   help="only print the page's address")
    s.add_argument("--window", type=int, metavar="N",
                   help="open the screen above window N (窗口屏) instead of the hall's")
    s.set_defaults(func=cmd_display)

    s = sub.add_parser("county", help="the county service: `county init DIR`, "
                       "`county serve --config county.toml`")
    from county.cli import add_arguments as county_arguments

    county_arguments(s)
    s.set_defaults(func=cmd_county)

    s = sub.add_parser("hash-pin", help="print the salted hash of a PIN for the configuration")
    s.add_argument("pin", nargs="?", help="the PIN (asked for when left out)")
    s.set_defaults(func=cmd_hash_pin)
    maintenance.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
