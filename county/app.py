"""The county service's app factory: the database opened (and its schema migrated) with the
application, the live board and the figures' summarizer running beside it, every refusal in
the halls' one JSON shape."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

import asyncpg
from aiohttp import web

from bianmin.domain.errors import DomainError, ErrorKind
from bianmin.wire.base import ErrorBody, ErrorDetail, encode
from county.auth import Sessions
from county.config import CountyConfig
from county.db import open_pool
from county.live import Board, Clock
from county.summaries import summarizer

log = logging.getLogger("county")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CONFIG = web.AppKey("county_config", CountyConfig)
POOL = web.AppKey("county_pool", asyncpg.Pool)
BOARD = web.AppKey("county_board", Board)
SESSIONS = web.AppKey("county_sessions", Sessions)
CLOCK: web.AppKey[Clock] = web.AppKey("county_clock")
# How the service's HTTP server handles what arrives: bodies taken as sent, never unpacked.
SERVER_OPTIONS: dict[str, Any] = {"auto_decompress": False}

STATUS = {ErrorKind.INVALID: 422, ErrorKind.NOT_FOUND: 404, ErrorKind.CONFLICT: 409,
          ErrorKind.FORBIDDEN: 403, ErrorKind.UNAUTHORIZED: 401, ErrorKind.TOO_MANY: 429}
HTTP_MESSAGES = {400: ("bad-request", "请求格式不正确。"),
                 404: ("not-found", "没有这个地址，请核对后再试。"),
                 405: ("method-not-allowed", "这个地址不支持该操作方法。"),
                 413: ("too-large", "提交的内容过大。")}


def error_response(status: int, code: str, message: str) -> web.Response:
    return web.Response(body=encode(ErrorBody(error=ErrorDetail(code=code, message=message))),
                        status=status, content_type="application/json")


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except DomainError as err:
        return error_response(STATUS[err.kind], err.code, err.message)
    except web.HTTPException as err:
        if err.status < 400 or not request.path.startswith("/api"):
            raise
        code, message = HTTP_MESSAGES.get(err.status, ("http-error", err.reason))
        return error_response(err.status, code, message)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as err:
        log.warning("the county database failed on %s %s: %s", request.method, request.path,
                    err)
        return error_response(503, "database-unavailable",
                              "县级数据库暂时无法访问，请稍后重试。")
    except Exception:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal", "系统内部错误，已记录，请稍后重试。")


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The console loads nothing from anywhere else, and says so to the browser."""
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; "
                                "frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def create_app(config: CountyConfig, *, clock: Clock | None = None,
               poll_seconds: float = 5.0) -> web.Application:
    from county import views

    app = web.Application(middlewares=[headers, errors], client_max_size=64 * 1024)
    the_clock: Clock = clock or (lambda: datetime.now(config.tz))
    app[CONFIG] = config
    app[CLOCK] = the_clock

    async def database(app: web.Application) -> AsyncIterator[None]:
        pool = await open_pool(config)
        app[POOL] = pool
        app[SESSIONS] = Sessions(config, pool, the_clock)
        board = Board(config, pool, the_clock, poll_seconds=poll_seconds)
        app[BOARD] = board
        try:
            await board.start()
            summary = asyncio.create_task(
                summarizer(pool, config.summary_seconds, board.folded), name="county-summary")
            try:
                yield
            finally:
                summary.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await summary
                await board.stop()
        finally:
            await pool.close()

    app.cleanup_ctx.append(database)
    views.setup(app)
    return app
