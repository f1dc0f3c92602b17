"""Raw sockets for tests of the hub's edge: a client that sends its request a byte at a time,
binds to another loopback address, or never reads what it is sent."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import struct
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from server.edge import Limits
from tests.hubfixture import Clock, RunningHub, demo_config, free_port


@asynccontextmanager
async def limited_hub(folder: Path, **limits: Any) -> AsyncIterator[RunningHub]:
    config = demo_config(folder)
    running = RunningHub(config, free_port(), Clock(datetime.now(config.tz)), 3600.0,
                         limits=Limits(**limits))
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


class Raw:
    """A non-blocking socket driven through the loop, read only when the test says so."""

    opened: ClassVar[list[socket.socket]] = []  # closed by `close_all` after each test

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.loop = asyncio.get_running_loop()
        self.buffer = bytearray()

    @classmethod
    def close_all(cls) -> None:
        while cls.opened:
            cls.opened.pop().close()

    @classmethod
    async def open(cls, port: int, local: str = "127.0.0.1", rcvbuf: int = 0) -> Raw:
        sock = socket.socket()
        cls.opened.append(sock)
        if rcvbuf:  # before connecting, so the window is small from the start
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.bind((local, 0))
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
        return cls(sock)

    async def send(self, data: bytes) -> None:
        await self.loop.sock_sendall(self.sock, data)

    async def recv(self, size: int = 65536, timeout: float = 10.0) -> bytes:
        """The next bytes; b"" once the hub has closed the connection."""
        if self.buffer:
            data, self.buffer = bytes(self.buffer[:size]), self.buffer[size:]
            return data
        try:
            return await asyncio.wait_for(self.loop.sock_recv(self.sock, size), timeout)
        except ConnectionResetError:
            return b""

    async def response(self, timeout: float = 10.0) -> tuple[int, dict[str, Any]]:
        """The status and JSON body of the one response the hub sends before it hangs up."""
        data = b""
        while chunk := await self.recv(timeout=timeout):
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), json.loads(body)

    async def closed(self, timeout: float = 10.0) -> bool:
        """Whether the hub hung up without a word (any bytes before the end count as a word)."""
        return await self.recv(timeout=timeout) == b""

    async def upgrade(self, path: str) -> None:
        key = base64.b64encode(os.urandom(16)).decode()
        await self.send((f"GET {path} HTTP/1.1\r\nHost: hub\r\nUpgrade: websocket\r\n"
                         f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                         "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        while b"\r\n\r\n" not in self.buffer:
            chunk = await self.loop.sock_recv(self.sock, 4096)
            assert chunk, "the hub hung up on the upgrade"
            self.buffer += chunk
        head, _, rest = bytes(self.buffer).partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head
        self.buffer = bytearray(rest)

    async def frame(self, timeout: float = 10.0) -> dict[str, Any]:
        """The next WebSocket text frame, as JSON."""
        while True:
            parsed = parse_frame(self.buffer)
            if parsed is not None:
                payload, used = parsed
                del self.buffer[:used]
                data: dict[str, Any] = json.loads(payload)
                return data
            chunk = await asyncio.wait_for(self.loop.sock_recv(self.sock, 4096), timeout)
            if not chunk:
                raise ConnectionError("the hub closed the WebSocket")
            self.buffer += chunk

    def close(self) -> None:
        self.sock.close()


def parse_frame(buffer: bytearray) -> tuple[bytes, int] | None:
    """A whole unmasked server frame at the start of `buffer`: its payload and its length."""
    if len(buffer) < 2:
        return None
    size, start = buffer[1] & 0x7F, 2
    if size == 126:
        if len(buffer) < 4:
            return None
        size, start = struct.unpack("!H", buffer[2:4])[0], 4
    elif size == 127:
        if len(buffer) < 10:
            return None
        size, start = struct.unpack("!Q", buffer[2:10])[0], 10
    if len(buffer) < start + size:
        return None
    return bytes(buffer[start:start + size]), start + size


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)
