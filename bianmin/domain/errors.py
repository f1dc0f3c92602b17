"""One error root for every rule the hall enforces.

Each error carries a stable code, a message in Chinese that a clerk can act on, and a kind
that the hub maps to an HTTP status in one place.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    INVALID = "invalid"  # the request itself is wrong: 422
    NOT_FOUND = "not_found"  # 404
    CONFLICT = "conflict"  # legal request, wrong moment: 409
    FORBIDDEN = "forbidden"  # 403
    UNAUTHORIZED = "unauthorized"  # 401
    TOO_MANY = "too_many"  # 429


class DomainError(Exception):
    kind: ErrorKind = ErrorKind.CONFLICT

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidCommand(DomainError):
    kind = ErrorKind.INVALID


class NotFound(DomainError):
    kind = ErrorKind.NOT_FOUND


class IllegalTransition(DomainError):
    """A step that the ticket's present state does not allow. Nothing changes."""

    kind = ErrorKind.CONFLICT


class Conflict(DomainError):
    kind = ErrorKind.CONFLICT


class Forbidden(DomainError):
    kind = ErrorKind.FORBIDDEN


class Unauthorized(DomainError):
    kind = ErrorKind.UNAUTHORIZED


class TooMany(DomainError):
    kind = ErrorKind.TOO_MANY
