"""Every refusal in one JSON shape: `{"error": {"code", "message"}}`, mapped in one place."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bianmin.domain.errors import DomainError, ErrorKind
from bianmin.wire.base import ErrorBody, ErrorDetail
from server.api import reply
from server.bodies import UnsupportedEncoding
from server.hub import StoreUnavailable

log = logging.getLogger("bianmin.hub")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

STATUS: dict[ErrorKind, int] = {
    ErrorKind.INVALID: 422,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.UNAUTHORIZED: 401,
    ErrorKind.TOO_MANY: 429,
}

HTTP_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("bad-request", "请求格式不正确。"),
    404: ("not-found", "没有这个地址，请核对后再试。"),
    405: ("method-not-allowed", "这个地址不支持该操作方法。"),
    408: ("too-slow", "请求发送超时，请重试。"),
    413: ("too-large", "提交的内容过大，请精简后重试。"),
}


def error_response(status: int, code: str, message: str) -> web.Response:
    return reply(ErrorBody(error=ErrorDetail(code=code, message=message)), status)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except StoreUnavailable as err:
        return error_response(503, err.code, err.message)
    except UnsupportedEncoding as err:
        return error_response(415, err.code, err.message)
    except DomainError as err:
        return error_response(STATUS[err.kind], err.code, err.message)
    except web.HTTPException as err:
        if err.status < 400 or not request.path.startswith("/api"):
            raise
        code, message = HTTP_MESSAGES.get(err.status, ("http-error", err.reason))
        response = error_response(err.status, code, message)
        if "Allow" in err.headers:  # what a 405 must say it takes instead (RFC 9110)
            response.headers["Allow"] = err.headers["Allow"]
        return response
    except Exception:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal", "系统内部错误，已记录，请稍后重试或联系中心办公室。")
