"""The `bianmin` command with one unhandled error injected, for the tests that each program
exits non-zero after one (so a service manager restarts it):

    python -m tests.crash MODULE:CLASS.METHOD [bianmin arguments...]

replaces the method with one that raises `Injected`, then runs the command line exactly as
`python -m bianmin` does.
"""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

from bianmin.cli import main


class Injected(RuntimeError):
    """The error a test put there."""


def inject(target: str) -> None:
    module_name, _, path = target.partition(":")
    owner_name, _, method = path.rpartition(".")
    module = importlib.import_module(module_name)
    owner = getattr(module, owner_name) if owner_name else module
    if not callable(getattr(owner, method, None)):
        raise SystemExit(f"tests.crash: {target} is not a function to replace")

    def fail(*_: object) -> NoReturn:  # a handler, a method, a function alike
        raise Injected(f"injected into {target}")

    setattr(owner, method, fail)


if __name__ == "__main__":
    inject(sys.argv[1])
    raise SystemExit(main(sys.argv[2:]))
