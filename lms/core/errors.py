"""Domain errors raised by operations and mapped to HTTP responses in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: an operation refused to do what was asked. ``message`` is user-facing."""

    status = 400
    #: a stable machine-readable name for JSON errors
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(DomainError):
    status = 400
    code = "invalid"


class NotAllowed(DomainError):
    status = 403
    code = "not_allowed"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
