"""`bianmin kiosk --serve PORT`: the kiosk in a browser on a touch screen, via textual-serve.

textual-serve starts one kiosk process per browser connection. Three changes to it: its page is
replaced by one that loads nothing from the internet (it asked Google for a font) and chooses
a large font size for the screen it is shown on (or `--font-size`), and a kiosk process that
does not end within a few seconds of its browser going away is killed, so a dropped browser
can never leave a process behind spinning.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import shlex
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

log = logging.getLogger("bianmin.kiosk.serve")

PAGE_FOLDER = Path(__file__).parent / "serve_page"
STOP_SECONDS = 5.0


def kiosk_command(args: argparse.Namespace) -> str:
    """The command each browser connection runs: this kiosk, without --serve."""
    parts = [sys.executable, "-m", "bianmin", "kiosk", "--hub", args.hub, "--token", args.token,
             "--ticket-seconds", str(args.ticket_seconds),
             "--idle-seconds", str(args.idle_seconds), "--log", args.log]
    if args.printer:
        parts += ["--printer", args.printer]
    if args.columns:
        parts += ["--columns", str(args.columns)]
    if args.no_speech:
        parts.append("--no-speech")
    return "exec " + shlex.join(parts)


async def stop_for_sure(service: AppService, seconds: float = STOP_SECONDS) -> None:
    """Ask the kiosk process to quit; kill it if it has not within `seconds`."""
    try:
        await asyncio.wait_for(service.stop(), seconds)
    except TimeoutError:
        log.warning("a kiosk process did not quit within %.0f s of its browser leaving", seconds)
    process = service._process
    if process is not None and process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


class KioskServer(Server):
    font_size: int | None = None  # --font-size: every screen at this size, else chosen by it

    async def handle_index(self, request: web.Request) -> Any:
        # textual-serve's page, rendered by its template decorator into a response.
        if self.font_size and "fontsize" not in request.query:
            raise web.HTTPFound(request.rel_url.update_query(fontsize=self.font_size))
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _number(request.query.get("width"), 80)
        height = _number(request.query.get("height"), 24)
        service: AppService | None = None

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            service = AppService(self.command, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=close,
                                 download_manager=self.download_manager, debug=self.debug)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("kiosk session failed")
        finally:
            if service is not None:
                await stop_for_sure(service)
        return websocket


def _number(text: str | None, default: int) -> int:
    try:
        return max(1, int(text or default))
    except ValueError:
        return default


def serve(args: argparse.Namespace) -> int:
    url = args.serve_url or f"http://{args.serve_host}:{args.serve}"
    server = KioskServer(kiosk_command(args), host=args.serve_host, port=args.serve,
                         title="便民服务 取号", public_url=url.rstrip("/"),
                         templates_path=PAGE_FOLDER)
    server.font_size = args.font_size
    server.serve()
    return 0
