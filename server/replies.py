"""JSON for the wire and the store, through orjson: several times faster than the standard
library on the hub's hot path, and it keeps Chinese readable (UTF-8, not \\u-escaped)."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web


def dumps(data: Any) -> str:
    """JSON text; dataclasses, dates and enums are written as the codec reads them back."""
    return orjson.dumps(data).decode()


def reply(data: Any, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json")
