"""`bianmin county init DIR` and `bianmin county serve --config county.toml`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import sys
from pathlib import Path

from bianmin.config_reader import ConfigError
from county import sample
from county.config import CountyConfig, load
from county.schema import SchemaTooNew


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="county_command", required=True)
    s = sub.add_parser("init", help="write a sample county.toml")
    s.add_argument("dir", help="folder to write county.toml into")
    s.add_argument("--demo", action="store_true", help="use the fixed demo PIN (123456)")
    s.add_argument("--database", default=sample.DEMO_DATABASE,
                   help="the county's PostgreSQL, without password (default: %(default)s)")
    s = sub.add_parser("serve", help="run the county service")
    s.add_argument("--config", required=True, help="path to county.toml")
    s.add_argument("--host", help="address to listen on (default: from the configuration)")
    s.add_argument("--port", type=int, help="port (default: from the configuration)")


def run(args: argparse.Namespace) -> int:
    if args.county_command == "init":
        return _init(args)
    return _serve(args)


def _init(args: argparse.Namespace) -> int:
    try:
        written = sample.write(Path(args.dir), demo=args.demo, database=args.database)
    except FileExistsError as err:
        print(f"bianmin county: {err} exists already; not overwriting it.", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"bianmin county: cannot write {args.dir}: {err}", file=sys.stderr)
        return 1
    print(f"Wrote {written.path}")
    if args.demo:
        print(f"Demo sign-in: staff {sample.STAFF_NO}, PIN {sample.DEMO_PIN}.")
    else:
        print(f"Write this down now; only its hash is kept: staff {sample.STAFF_NO}, "
              f"PIN {written.pin}")
    print("Each center adds to its bianmin.toml (and restarts its hub):")
    for center_id, name in sample.CENTERS:
        print(f"\n# {name}\n{sample.snippet(center_id, args.database, args.demo)}")
    print(f"\nStart the county service with: bianmin county serve --config {written.path}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    try:
        config = load(Path(args.config))
    except ConfigError as err:
        print(f"bianmin county: configuration error: {err}", file=sys.stderr)
        return 2
    host, port = args.host or config.host, args.port or config.port
    if not 0 < port < 65536:
        print(f"bianmin county: cannot listen on {host}:{port}: a port is a number from 1 to "
              "65535", file=sys.stderr)
        return 1
    from aiohttp import web

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        with contextlib.suppress(KeyboardInterrupt, web.GracefulExit):
            asyncio.run(_run(config, host, port))
    except SchemaTooNew as err:
        print(f"bianmin county: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            print(f"bianmin county: cannot listen on {host}:{port}: address already in use; "
                  "choose another port with --port", file=sys.stderr)
        else:
            print(f"bianmin county: cannot start: {err} (is the county's PostgreSQL at "
                  f"{config.database} running?)", file=sys.stderr)
        return 1
    except Exception as err:  # a database that refuses (password, permissions): say it
        print(f"bianmin county: cannot start: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    return 0


async def _run(config: CountyConfig, host: str, port: int) -> None:
    from aiohttp import web

    from county.app import SERVER_OPTIONS, create_app

    runner = web.AppRunner(create_app(config), handle_signals=True, access_log=None,
                           shutdown_timeout=5, **SERVER_OPTIONS)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        print(f"Bianmin county service for {config.name} on http://{host}:{port}")
        print(f"  configuration: {config.path}")
        print(f"  database:      {config.database}")
        print(f"  centers:       {', '.join(config.centers)}")
        print("Press Ctrl+C to stop.", flush=True)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
