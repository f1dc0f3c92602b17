"""One program at a time on a hall's database: the hub while it runs, or a restore.

The hub is its database's only writer (`server/hub.py`): two hubs on one file would each
number tickets from their own memory, and a restore under a running hub would be overwritten
by its next commit. Each takes `flock` on `DATABASE-lock` beside the file; the kernel lets go
of it when the process ends, however it ends, so a crash leaves nothing to clean up.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

PRIVATE = 0o600


class DatabaseInUse(Exception):
    """Another program holds the database: the message names it and what to do."""

    def __init__(self, database: Path, holder: str) -> None:
        super().__init__(f"{database} is in use by {holder}: stop it first (on a hall's hub: "
                         "sudo systemctl stop bianmin-hub)")
        self.holder = holder


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + "-lock")


class HubLock:
    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    @classmethod
    def take(cls, database: Path, who: str = "the hub") -> HubLock:
        """Hold the database for `who`; raises `DatabaseInUse` while another holds it."""
        path = lock_path(database)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who_holds = _holder_of(fd)
            os.close(fd)
            raise DatabaseInUse(database, who_holds) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{who} (process {os.getpid()})\n".encode(), 0)
        return cls(path, fd)

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the last descriptor lets go of the lock
            self._fd = -1


def _holder_of(fd: int) -> str:
    return os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another hub"


def holder(database: Path) -> str | None:
    """Who holds the database now, as its lock says ("the hub (process 1234)"), or None.
    Only looks: makes no lock file and writes nothing."""
    try:
        fd = os.open(lock_path(database), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None  # no lock file: nothing has run on this database here
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _holder_of(fd)
    finally:
        os.close(fd)
    return None
