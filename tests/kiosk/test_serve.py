"""`bianmin kiosk --serve`: a browser session runs a kiosk process, and a browser that drops
off abruptly leaves nothing behind. The page asks nothing of the internet."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import time
from pathlib import Path

import aiohttp

from tests.hubfixture import KIOSK, RunningHub, free_port
from tests.waiting import WAIT

ROOT = Path(__file__).resolve().parents[2]


def kiosk_children(server_pid: int) -> list[int]:
    """Kiosk processes started by the server (their parent is the server)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
            if parent == server_pid and b"kiosk" in cmdline and b"--serve" not in cmdline:
                found.append(int(entry.name))
    return found


async def test_served_kiosk_ends_when_its_browser_drops(hub: RunningHub, tmp_path: Path) -> None:
    port = free_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bianmin", "kiosk", "--hub", hub.url, "--token", KIOSK,
        "--printer", "none", "--serve", str(port), "--log", str(tmp_path / "kiosk.log"),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            started = time.monotonic() + WAIT
            while True:
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(url + "/") as resp:
                        page = await resp.text()
                        break
                assert time.monotonic() < started, "the kiosk server did not start"
                await asyncio.sleep(0.1)
            fetched = re.findall(r'(?:href|src)="([^"]+)"', page)
            assert fetched and all(u.startswith(url) for u in fetched), fetched
            assert "fonts.googleapis.com" not in page

            ws = await http.ws_connect(f"{url}/ws?width=100&height=30")
            received = 0
            deadline = time.monotonic() + WAIT
            while received < 2000 and time.monotonic() < deadline:
                msg = await ws.receive(timeout=WAIT)
                if msg.type == aiohttp.WSMsgType.BINARY:
                    received += len(msg.data)
            assert received >= 2000, "the kiosk drew nothing"
            children = kiosk_children(server.pid)
            assert len(children) == 1
            # The browser vanishes: the connection is cut without a closing handshake.
            assert ws._response is not None and ws._response.connection is not None
            transport = ws._response.connection.transport
            assert transport is not None
            transport.abort()
            deadline = time.monotonic() + WAIT  # it is killed 5 s after the browser left
            while Path(f"/proc/{children[0]}").exists() and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert not Path(f"/proc/{children[0]}").exists(), "a kiosk process was left behind"
            await ws.close()  # releases the (already cut) connection
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        await server.wait()
