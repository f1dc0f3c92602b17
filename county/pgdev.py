"""A private PostgreSQL cluster in a folder of its own, on a loopback port: for the tests, the
benchmark and the demo. A county runs its own PostgreSQL (docs/county.md); this is not it.

`initdb` refuses to run as root: as root, the folder is handed to the `postgres` user and the
server's commands run as that user (runuser), as Debian's own scripts do.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

USER = "bianmin"
DATABASE = "bianmin"
# For tests: nothing a test checks depends on surviving a power cut.
FAST = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off")


def find_bin() -> Path | None:
    """Where PostgreSQL's programs are: $BIANMIN_PG_BIN, `pg_config --bindir`, or Debian's
    newest /usr/lib/postgresql/N/bin."""
    named = os.environ.get("BIANMIN_PG_BIN")
    if named:
        return Path(named) if (Path(named) / "initdb").exists() else None
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0 and (Path(out.stdout.strip()) / "initdb").exists():
            return Path(out.stdout.strip())
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                    key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                    else 0)
    return debian[-1].parent if debian else None


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    bin: Path
    port: int = field(default_factory=free_port)
    options: str = ""  # more server settings, e.g. FAST

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def dsn(self) -> str:
        return self.url(DATABASE)

    def url(self, database: str, user: str = USER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.strip()[-2000:]}")

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", USER,
                  "-E", "UTF8", "--locale=C", "--no-sync")

    def start(self) -> None:
        settings = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                    f"{self.options}")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", settings,
                  "-l", str(self.folder / "log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def create_database(self, name: str = DATABASE) -> str:
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", USER, name)
        return self.url(name)


@contextlib.contextmanager
def private_cluster(options: str = FAST) -> Iterator[Cluster]:
    """A started cluster with a database `bianmin`, removed afterwards."""
    pg_bin = find_bin()
    if pg_bin is None:
        raise FileNotFoundError("PostgreSQL's programs (initdb, pg_ctl) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="bianmin-pg-"))
    cluster = Cluster(folder, pg_bin, options=options)
    try:
        cluster.init()
        cluster.start()
        cluster.create_database()
        yield cluster
    finally:
        if cluster.running():
            with contextlib.suppress(RuntimeError):
                cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
