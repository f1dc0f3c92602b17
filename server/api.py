"""Routes that describe themselves: each says who may call it, what it takes and what it
answers, once, and the OpenAPI document (`server/openapi.py`) is made from that.

A view module holds one `Api` (as it would a `RouteTableDef`) and declares its handlers with
it; the app adds every module's table and hands every module's operations to the document.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

from bianmin.wire.base import encode

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Method = Literal["GET", "POST"]

# Refusals by what a route does (the status says which; the body is always `ErrorBody`).
SIGNED_IN = (401, 403)  # a token is needed, and the right role
READS_BODY = (413, 415, 422)  # too large, an encoding the hub does not take, a wrong value
WRITES = (409, 503)  # the wrong moment for it; the store could not take it (retry)
FINDS = (404,)
LIMITED = (429,)

JSON = "application/json"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML = "text/html"
# A day in a query: 2026-12-01, or empty for the route's default (a form left blank sends that).
QUERY_DAY = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"}


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    where: Literal["path", "query"]
    schema: dict[str, Any]
    description: str = ""
    required: bool = False


@dataclass(frozen=True, slots=True)
class Operation:
    method: Method
    path: str
    summary: str
    roles: tuple[str, ...]  # empty: anyone, signed in or not
    answer: Any  # a wire type (or union); None for a file or a page
    status: int = 200
    media: str | tuple[str, ...] = JSON
    body: type | None = None
    body_optional: bool = False
    errors: tuple[int, ...] = ()
    params: tuple[Param, ...] = ()
    description: str = ""
    error_media: str = JSON  # a page says what went wrong as a page


@dataclass
class Api:
    table: web.RouteTableDef = field(default_factory=web.RouteTableDef)
    operations: list[Operation] = field(default_factory=list)

    def get(self, path: str, summary: str, *, roles: tuple[str, ...] = (),
            answer: Any = None, media: str | tuple[str, ...] = JSON, errors: tuple[int, ...] = (),
            params: tuple[Param, ...] = (), description: str = "", error_media: str = JSON
            ) -> Callable[[Handler], Handler]:
        return self._route(Operation("GET", path, summary, roles, answer, media=media,
                                     errors=errors, params=params, description=description,
                                     error_media=error_media))

    def post(self, path: str, summary: str, *, roles: tuple[str, ...] = (),
             answer: Any = None, status: int = 200, body: type | None = None,
             body_optional: bool = False, errors: tuple[int, ...] = (),
             params: tuple[Param, ...] = (), description: str = ""
             ) -> Callable[[Handler], Handler]:
        return self._route(Operation("POST", path, summary, roles, answer, status=status,
                                     body=body, body_optional=body_optional, errors=errors,
                                     params=params, description=description))

    def _route(self, op: Operation) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.operations.append(op)
            self.table.route(op.method, op.path)(handler)
            return handler

        return register


def reply(data: object, status: int = 200) -> web.Response:
    """A wire value as the JSON answer."""
    return web.Response(body=encode(data), status=status, content_type=JSON)
