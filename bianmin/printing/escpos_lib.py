"""python-escpos, imported once with its capabilities cache in a fixed folder.

Importing escpos otherwise leaves a new temporary folder behind on every start.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _cache_dir() -> str:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    chosen = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR")
    candidates = [Path(chosen)] if chosen else []
    candidates += [base / "bianmin" / "escpos", Path(tempfile.gettempdir()) / "bianmin-escpos"]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        return str(folder)
    return tempfile.gettempdir()


os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = _cache_dir()

from escpos.escpos import Escpos  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.printer import Dummy, File, Network, Serial, Usb  # noqa: E402

__all__ = ["DeviceNotFoundError", "Dummy", "Escpos", "File", "Network", "Serial", "Usb"]
