"""`GET /api/openapi.json`: the API described for people and tools (OpenAPI 3.1), made from
the routes' own declarations (`server.api`) and the wire's types (`bianmin.wire`), so it
cannot drift from what the hub does."""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import UnionType
from typing import Any, get_args

import msgspec
from aiohttp import web

from bianmin import __version__
from bianmin.wire.base import ErrorBody
from server.api import JSON, Api, Operation

DOC = web.AppKey("openapi_document", bytes)
STATUS_TEXT = {
    400: "not a WebSocket upgrade",
    401: "not signed in, the token is wrong, or its session has ended (`session-expired`: "
         "at the hall's midnight or after the idle time)",
    403: "this role or window may not do this",
    404: "no such ticket, window, record or route; or nobody waits",
    409: "a legal request at the wrong moment (the message says what to do first)",
    413: "the body is larger than the hub takes",
    415: "the body is compressed or otherwise encoded: send plain JSON",
    422: "the request is wrong (the message names the field)",
    429: "too many requests from this address or for this record: try again later",
    503: "the hub could not take it now: try again",
}
ROLE_NAMES = {"kiosk": "a kiosk", "display": "a hall display", "rating": "a rating pad",
              "clerk": "a clerk signed in at a window", "office": "the center's office"}
INTRO = (
    "The hub of a town service hall's queue-ticket system. JSON in and out, UTF-8. "
    "Authenticate with `Authorization: Bearer TOKEN` (or `?token=`): a device token from the "
    "configuration (kiosk, display, rating) or a staff token from `/api/login`. Every refusal "
    "is `{\"error\": {\"code\", \"message\"}}` with a Chinese message a person can act on. "
    "A matter is its prefix letter, a window its number. Text fields refuse control "
    "characters and are limited in length; bodies must not be compressed."
)


def _members(kind: Any) -> tuple[Any, ...]:
    """An answer that differs by audience is a union of its views; each gets its schema."""
    return get_args(kind) if isinstance(kind, UnionType) else (kind,)


def document(apis: Iterable[Api]) -> dict[str, Any]:
    operations = [op for api in apis for op in api.operations]
    types: list[Any] = [ErrorBody]
    for op in operations:
        if op.body is not None:
            types.append(op.body)
        if op.answer is not None:
            types.extend(_members(op.answer))
    schemas, components = msgspec.json.schema_components(
        types, ref_template="#/components/schemas/{name}")
    known = dict(zip(map(id, types), schemas, strict=True))
    by_type: dict[int, Any] = dict(known)
    for op in operations:
        if op.answer is not None and isinstance(op.answer, UnionType):
            by_type[id(op.answer)] = {"anyOf": [known[id(m)] for m in _members(op.answer)]}
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(_plain(op.path), {})[op.method.lower()] = _operation(op, by_type)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Bianmin hub API", "version": __version__, "description": INTRO},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "query": {"type": "apiKey", "in": "query", "name": "token"},
            },
        },
    }


def _plain(path: str) -> str:
    """A route's path as OpenAPI writes it: `{name}`, without aiohttp's pattern."""
    return re.sub(r"\{(\w+):[^}]*(?:\}[^/{]*)?\}", r"{\1}", path)


def _operation(op: Operation, by_type: dict[int, Any]) -> dict[str, Any]:
    who = ", ".join(ROLE_NAMES[r] for r in op.roles) if op.roles else "anyone"
    out: dict[str, Any] = {
        "summary": op.summary,
        "description": (op.description + "\n\n" if op.description else "")
        + f"Who may call it: {who}.",
        "operationId": f"{op.method.lower()}_{op.path.strip('/').replace('/', '_')}"
        .replace("{", "").replace("}", "").replace(".", "_").replace("-", "_"),
    }
    if op.roles:
        out["security"] = [{"bearer": []}, {"query": []}]
    params = [p for p in op.params if not (p.name == "token" and p.where == "query")]
    if params:
        out["parameters"] = [
            {"name": p.name, "in": p.where, "required": p.where == "path" or p.required,
             "description": p.description, "schema": p.schema}
            for p in params
        ]
    if op.body is not None:
        out["requestBody"] = {"required": not op.body_optional,
                              "content": {JSON: {"schema": by_type[id(op.body)]}}}
    answer: dict[str, Any] = {"description": "done"}
    medias = (op.media,) if isinstance(op.media, str) else op.media
    if op.answer is not None:
        answer["content"] = {m: {"schema": by_type[id(op.answer)]} for m in medias}
    elif medias != (JSON,):
        answer["content"] = {m: {"schema": {"type": "string"}} for m in medias}
    responses: dict[str, Any] = {str(op.status): answer}
    error = ({"$ref": "#/components/schemas/ErrorBody"} if op.error_media == JSON
             else {"type": "string"})
    for status in sorted(set(op.errors)):
        responses[str(status)] = {"description": STATUS_TEXT[status],
                                  "content": {op.error_media: {"schema": error}}}
    out["responses"] = responses
    return out


def setup(app: web.Application, apis: list[Api]) -> None:
    """Serve the document made from every route the app declares."""
    own = Api()
    app[DOC] = b""

    @own.get("/api/openapi.json", "This document", answer=dict[str, Any])
    async def openapi(request: web.Request) -> web.Response:
        return web.Response(body=request.app[DOC], content_type=JSON)

    app[DOC] = msgspec.json.encode(document([*apis, own]))
    app.add_routes(own.table)
