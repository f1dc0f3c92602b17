"""`bianmin kiosk`: run the kiosk in this terminal, or serve it to a browser touch screen."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from bianmin.wire.devices import PrinterSettings
from kiosk.options import PRINTER_HELP, parse_printer


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--hub", required=True, help="the hub's address, e.g. http://192.168.1.10:8600")
    p.add_argument("--token", default=os.environ.get("BIANMIN_KIOSK_TOKEN"),
                   help="this kiosk's device token (or set BIANMIN_KIOSK_TOKEN)")
    p.add_argument("--printer", help=PRINTER_HELP)
    p.add_argument("--columns", type=int, choices=(32, 42, 48),
                   help="paper width with --printer: 32 for 58 mm, 48 for 80 mm (default 48)")
    p.add_argument("--ticket-seconds", type=float, default=20.0,
                   help="how long the ticket page stays before going home (default 20)")
    p.add_argument("--idle-seconds", type=float, default=60.0,
                   help="other pages go home after this long untouched (default 60)")
    p.add_argument("--serve", type=int, metavar="PORT",
                   help="serve the kiosk to a browser on this port instead (textual-serve)")
    p.add_argument("--serve-host", default="127.0.0.1",
                   help="address to serve on with --serve (default 127.0.0.1; 0.0.0.0 for "
                        "a touch screen on another machine)")
    p.add_argument("--serve-url",
                   help="the address the touch screen's browser opens, when it is not "
                        "http://SERVE-HOST:PORT (e.g. http://192.168.1.20:8700)")
    p.add_argument("--font-size", type=int, metavar="PX",
                   help="with --serve: the browser's font size in pixels (default: chosen for "
                        "the screen, large enough for the elderly: 32 on 1080x1920, 26 on "
                        "1920x1080)")
    p.add_argument("--no-speech", action="store_true",
                   help="do not say each ticket's number aloud (said with espeak-ng when it "
                        "is installed)")
    p.add_argument("--log", default=str(default_log()),
                   help="log file (default: %(default)s)")


def default_log() -> Path:
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return state / "bianmin" / "kiosk.log"


def _setup_logging(path: str) -> None:
    # The terminal belongs to the kiosk's screen: log lines there would garble it.
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(target, encoding="utf-8")
    except OSError as err:
        print(f"bianmin kiosk: cannot write the log {target}: {err}", file=sys.stderr)
        handler = logging.NullHandler()
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")


def run(args: argparse.Namespace) -> int:
    if not args.hub.startswith(("http://", "https://")):
        print("bianmin kiosk: --hub must be an address like http://192.168.1.10:8600",
              file=sys.stderr)
        return 2
    if not args.token:
        print("bianmin kiosk: give this kiosk's device token with --token "
              "(the demo's is demo-kiosk)", file=sys.stderr)
        return 2
    printer: PrinterSettings | None = None
    try:
        if args.printer:
            printer = parse_printer(args.printer, args.columns)
        elif args.columns:
            raise ValueError("--columns goes with --printer")
    except ValueError as err:
        print(f"bianmin kiosk: {err}", file=sys.stderr)
        return 2
    if args.serve:
        from kiosk.serve import serve

        return serve(args)
    _setup_logging(args.log)

    from bianmin.client import HubClient
    from kiosk.app import KioskApp
    from kiosk.speech import Speaker

    client = HubClient(args.hub, args.token, timeout=4.0)
    app = KioskApp(client, printer=printer, ticket_seconds=args.ticket_seconds,
                   idle_seconds=args.idle_seconds,
                   speaker=None if args.no_speech else Speaker())
    app.run()
    # Textual ends the app on an unhandled error with return code 1: exit with it, so a
    # service manager starts the kiosk again.
    return app.return_code or 0
