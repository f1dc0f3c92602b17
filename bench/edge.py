"""Slow and stalled clients against a hub limited to 1,024 open files.

Run: `.venv/bin/python -m bench.edge`. A demo hub runs in its own process with
RLIMIT_NOFILE 1,024 (soft and hard, as `ulimit -n 1024` gives). Meanwhile a kiosk issues a
ticket every 0.1 s, each on a new connection (so every issue also goes through accept), and
a clerk calls the next and cancels it every 0.1 s on a kept-alive connection; a display
reads every event. Against them, in two rounds:

- from one address (127.0.0.2): 2,000 connections sending request headers a line a second,
  and 1,000 WebSocket readers that take the upgrade and never read again;
- the same, spread: the slow senders over 40 addresses, the stalled readers over 20.

Each attacker that the hub closes comes back a second later. The attackers run in a process
of their own, so that their work does not slow the kiosk's and the clerk's clocks. Printed per
phase: the kiosk's and the clerk's answer times, what became of the attackers, the hub's
resident memory and open files; at the end, what the hub's log holds and whether "Too many
open files" is among it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import resource
import socket
import struct
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, free_port, percentile
from bench.rawhttp import RawConnection
from bianmin import sample
from bianmin.client import new_request_id

HOST = "127.0.0.1"
FILES = 1024
DRIP = 1.0  # a slow sender's seconds between header lines
COME_BACK = 1.0  # an attacker's seconds before it reconnects
PACE = 0.1  # the kiosk's and the clerk's seconds between commands
ANSWER_TIMEOUT = 5.0
TCP_ESTABLISHED = 1


@dataclass
class Hub:
    port: int
    pid: int
    log: Path

    def status(self, key: str) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def files(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def limit_files() -> None:  # runs in the hub's process, before it starts
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILES, FILES))


@contextlib.asynccontextmanager
async def hub_process(folder: Path, root: Path = ROOT) -> AsyncIterator[Hub]:
    path = folder / "bianmin.toml"
    sample.write(folder, demo=True)
    port = free_port()
    log = folder / "hub.log"
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bianmin", "serve", "--config", str(path), "--port",
            str(port), stdout=out, stderr=out, preexec_fn=limit_files, cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)})
    try:
        for _ in range(400):
            with contextlib.suppress(OSError):
                conn = await RawConnection.open(HOST, port)
                status, _ = await conn.request("GET", "/api/openapi.json")
                await conn.close()
                if status == 200:
                    break
            await asyncio.sleep(0.05)
        yield Hub(port, proc.pid, log)
    finally:
        proc.terminate()
        await proc.wait()


@dataclass
class Tally:
    """What one phase saw."""

    issue: list[float] = field(default_factory=list)
    call: list[float] = field(default_factory=list)
    failed: Counter[str] = field(default_factory=Counter)
    attack: Counter[str] = field(default_factory=Counter)
    rss: list[float] = field(default_factory=list)
    files: list[int] = field(default_factory=list)
    kernel: list[float] = field(default_factory=list)  # TCP buffers, the whole machine


class Bench:
    """The hall's own devices, all on 127.0.0.1, and the hub's figures."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.tally = Tally()
        self.stop = asyncio.Event()  # ends the legitimate clients
        self.seq_gaps = 0
        self.display_reconnects = 0

    async def kiosk(self) -> None:
        while not self.stop.is_set():
            began = time.perf_counter()
            try:
                async with asyncio.timeout(ANSWER_TIMEOUT):
                    conn = await RawConnection.open(HOST, self.hub.port)
                    try:
                        status, _ = await conn.request(
                            "POST", "/api/tickets",
                            {"matter": "A", "request_id": new_request_id()}, "demo-kiosk")
                    finally:
                        conn.writer.close()
                if status == 201:
                    self.tally.issue.append(time.perf_counter() - began)
                else:
                    self.tally.failed[f"issue {status}"] += 1
            except (OSError, TimeoutError, ValueError, IndexError) as err:
                self.tally.failed[f"issue {type(err).__name__}"] += 1
            await asyncio.sleep(PACE)

    async def clerk(self, token: str) -> None:
        conn: RawConnection | None = None
        while not self.stop.is_set():
            began = time.perf_counter()
            try:
                async with asyncio.timeout(ANSWER_TIMEOUT):
                    if conn is None:
                        conn = await RawConnection.open(HOST, self.hub.port)
                    status, body = await conn.request("POST", "/api/windows/1/call-next",
                                                      None, token)
                    if status in (200, 404):
                        self.tally.call.append(time.perf_counter() - began)
                    else:
                        self.tally.failed[f"call {status}"] += 1
                    if status == 200:
                        ticket = json.loads(body)["id"]
                        await conn.request("POST", f"/api/tickets/{ticket}/cancel",
                                           {"reason": "bench"}, token)
            except (OSError, TimeoutError, ValueError, IndexError) as err:
                self.tally.failed[f"call {type(err).__name__}"] += 1
                if conn is not None:
                    conn.writer.close()
                conn = None
            await asyncio.sleep(PACE)
        if conn is not None:
            conn.writer.close()

    async def display(self) -> None:
        """Reads every event; after a drop it resumes from the last seq it saw."""
        import aiohttp

        seq: int | None = None
        async with aiohttp.ClientSession() as s:
            while not self.stop.is_set():
                url = f"ws://{HOST}:{self.hub.port}/api/ws?token=demo-display"
                if seq is not None:
                    url += f"&since={seq}"
                try:
                    async with s.ws_connect(url) as ws:
                        async for msg in ws:
                            data = json.loads(msg.data)
                            if data["type"] == "event" and seq is not None \
                                    and data["seq"] != seq + 1:
                                self.seq_gaps += 1
                            seq = data["seq"]
                            if self.stop.is_set():
                                return
                except (aiohttp.ClientError, OSError):
                    pass
                self.display_reconnects += 1
                await asyncio.sleep(COME_BACK)

    async def sample(self) -> None:
        while True:
            with contextlib.suppress(OSError):
                self.tally.rss.append(self.hub.status("VmRSS"))
                self.tally.files.append(self.hub.files())
                self.tally.kernel.append(tcp_buffers_mb())
            await asyncio.sleep(0.5)


class Attack:
    """Slow senders and stalled readers; each comes back after the hub closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.tally: Counter[str] = Counter()

    async def connect(self, local: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection(HOST, self.port, local_addr=(local, 0))

    async def slow_headers(self, local: str, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                reader, writer = await self.connect(local)
            except OSError:
                self.tally["slow: connect failed"] += 1
                await asyncio.sleep(COME_BACK)
                continue
            self.tally["slow: connections"] += 1
            outcome = "still open at the end"
            try:
                writer.write(b"GET /api/hall HTTP/1.1\r\nHost: hub\r\n")
                for n in itertools.count():
                    try:
                        data = await asyncio.wait_for(reader.read(200), DRIP)
                    except TimeoutError:
                        if stop.is_set():
                            break
                        writer.write(f"X-Slow-{n}: 1\r\n".encode())
                        continue
                    outcome = (f"answered {data.split()[1].decode()}" if data
                               else "closed without a word")
                    break
            except OSError:
                outcome = "reset"
            self.tally[f"slow: {outcome}"] += 1
            writer.close()
            await asyncio.sleep(COME_BACK)

    async def stalled_reader(self, local: str, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            sock = socket.socket()
            try:
                sock.bind((local, 0))
                sock.setblocking(False)
                await loop.sock_connect(sock, (HOST, self.port))
                self.tally["stalled: connections"] += 1
                await loop.sock_sendall(sock, UPGRADE)
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = await asyncio.wait_for(loop.sock_recv(sock, 4096), 10)
                    if not chunk:
                        break
                    head += chunk
                if not head.startswith(b"HTTP/1.1 101"):
                    status = head.split()[1].decode() if head else "closed"
                    self.tally[f"stalled: refused {status}"] += 1
                else:
                    # From here on it never reads: only asks the kernel whether it is cut.
                    while not stop.is_set() and tcp_state(sock) == TCP_ESTABLISHED:
                        await asyncio.sleep(1.0)
                    self.tally["stalled: still open at the end" if stop.is_set()
                                      else "stalled: cut by the hub"] += 1
            except (OSError, TimeoutError) as err:
                self.tally[f"stalled: {type(err).__name__}"] += 1
            finally:
                sock.close()
            await asyncio.sleep(COME_BACK)

    async def run(self, where: str, seconds: float, slow: int, stalled: int) -> None:
        if where == "one":
            senders, readers = ["127.0.0.2"], ["127.0.0.2"]
        else:
            senders, readers = spread("127.0.1", 40), spread("127.0.2", 20)
        stop = asyncio.Event()
        tasks = ([self.slow_headers(senders[n % len(senders)], stop) for n in range(slow)]
                 + [self.stalled_reader(readers[n % len(readers)], stop)
                    for n in range(stalled)])
        running = [asyncio.create_task(t) for t in tasks]
        await asyncio.sleep(seconds)
        stop.set()
        if running:
            await asyncio.wait(running, timeout=DRIP + 2)
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


UPGRADE = (b"GET /api/ws?token=demo-display HTTP/1.1\r\nHost: hub\r\nUpgrade: websocket\r\n"
           b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           b"Sec-WebSocket-Version: 13\r\n\r\n")


def tcp_state(sock: socket.socket) -> int:
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    return int(struct.unpack("B", info[:1])[0])


def tcp_buffers_mb() -> float:
    """Memory the kernel holds in TCP buffers, machine-wide: where a stalled reader's queue
    lies before the hub's own queue starts to grow."""
    for line in Path("/proc/net/sockstat").read_text().splitlines():
        if line.startswith("TCP:"):
            words = line.split()
            return int(words[words.index("mem") + 1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return float("nan")


def spread(prefix: str, count: int) -> list[str]:
    return [f"{prefix}.{n}" for n in range(1, count + 1)]


async def login(port: int) -> str:
    conn = await RawConnection.open(HOST, port)
    status, body = await conn.request("POST", "/api/login",
                                      {"staff_no": "1001", "pin": "123456", "window": 1})
    await conn.close()
    assert status == 200, body
    token: str = json.loads(body)["token"]
    return token


def ms(values: list[float]) -> str:
    if not values:
        return "no answers"
    v = [x * 1000 for x in values]
    return (f"p50 {percentile(v, 50):6.1f} ms, p99 {percentile(v, 99):6.1f} ms, "
            f"max {max(v):6.1f} ms, n={len(v)}")


def report(name: str, tally: Tally, hub: Hub, cpu: float, seconds: float) -> None:
    print(f"\n{name} ({seconds:.0f} s)")
    print(f"  kiosk issue (new connection each): {ms(tally.issue)}")
    print(f"  clerk call-next (kept alive):      {ms(tally.call)}")
    late = sum(1 for x in tally.issue + tally.call if x > 1.0)
    print(f"  answers over 1 s: {late}; failed: {dict(tally.failed) or 'none'}")
    if tally.rss:
        quarters = [tally.rss[min(len(tally.rss) - 1, len(tally.rss) * q // 4)]
                    for q in (1, 2, 3, 4)]
        print(f"  hub RSS: max {max(tally.rss):.0f} MiB; by quarters of the round "
              + " / ".join(f"{r:.0f}" for r in quarters)
              + f" MiB; open files: max {max(tally.files)} of {FILES}; "
              f"hub CPU {cpu / seconds:.0%}")
        print(f"  kernel TCP buffers (whole machine): max {max(tally.kernel):.0f} MiB")
    for what, n in sorted(tally.attack.items()):
        print(f"  {what}: {n:,}")


async def phase(bench: Bench, name: str, seconds: float, attack: tuple[str, int, int] | None
                ) -> None:
    bench.tally = Tally()
    cpu = bench.hub.cpu_seconds()
    if attack is None:
        await asyncio.sleep(seconds)
    else:
        where, slow, stalled = attack
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.edge", "--attack", where, "--port", str(bench.hub.port),
            "--seconds", str(seconds), "--slow", str(slow), "--stalled", str(stalled),
            stdout=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
        out, _ = await proc.communicate()
        bench.tally.attack.update(json.loads(out))
    report(name, bench.tally, bench.hub, bench.hub.cpu_seconds() - cpu, seconds)


def log_summary(text: str) -> None:
    """The hub's log lines, by what they say (the time and figures left out)."""
    kinds: Counter[str] = Counter()
    for line in text.splitlines():
        words = line.split(" ", 3)
        said = words[3] if len(words) == 4 and line[:2].isdigit() else line
        kinds["".join("#" if c.isdigit() else c for c in said)[:90]] += 1
    print(f"the hub's log: {len(text.splitlines())} lines; "
          f'"Too many open files" {text.count("Too many open files")} times')
    for said, n in kinds.most_common(8):
        print(f"  {n:6,} x {said}")


async def main(seconds: float, slow: int, stalled: int, root: Path, keep: Path | None
               ) -> None:
    print(f"Slow and stalled clients: hub at {FILES} open files, {slow:,} slow-header "
          f"connections and {stalled:,} stalled WebSocket readers, {seconds:.0f} s a round")
    with tempfile.TemporaryDirectory(prefix="bianmin-edge-") as tmp:
        async with hub_process(Path(tmp), root) as hub:
            bench = Bench(hub)
            token = await login(hub.port)
            sampler = asyncio.create_task(bench.sample())
            legit = [asyncio.create_task(c) for c in
                     (bench.kiosk(), bench.clerk(token), bench.display())]
            await phase(bench, "quiet: the hall's own devices only", 5, None)
            before = bench.tally.rss[-1]
            await phase(bench, "attack from one address (127.0.0.2)", seconds,
                        ("one", slow, stalled))
            await phase(bench, "attack spread over 60 addresses", seconds,
                        ("spread", slow, stalled))
            await asyncio.sleep(5)  # the hub lets go of the last attackers' sockets
            await phase(bench, "after: the hall's own devices only", 5, None)
            bench.stop.set()
            for task in [*legit, sampler]:
                task.cancel()
            await asyncio.gather(*legit, sampler, return_exceptions=True)
            print(f"\nhub RSS before {before:.0f} MiB, after {bench.tally.rss[-1]:.0f} MiB, "
                  f"peak {hub.status('VmHWM'):.0f} MiB")
            print(f"the reading display: {bench.seq_gaps} gaps in its events, "
                  f"{bench.display_reconnects} reconnects")
        log_summary(hub.log.read_text(errors="replace"))
        if keep is not None:
            keep.write_bytes(hub.log.read_bytes())


async def attack(where: str, port: int, seconds: float, slow: int, stalled: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # this side needs thousands
    attacker = Attack(port)
    await attacker.run(where, seconds, slow, stalled)
    print(json.dumps(attacker.tally))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0, help="length of each round")
    parser.add_argument("--slow", type=int, default=2000)
    parser.add_argument("--stalled", type=int, default=1000)
    parser.add_argument("--hub-root", type=Path, default=ROOT,
                        help="run the hub from this source tree (e.g. an older commit's)")
    parser.add_argument("--keep-log", type=Path, help="copy the hub's log here")
    parser.add_argument("--attack", choices=("one", "spread"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.attack:
        asyncio.run(attack(args.attack, args.port, args.seconds, args.slow, args.stalled))
    else:
        asyncio.run(main(args.seconds, args.slow, args.stalled, args.hub_root, args.keep_log))
