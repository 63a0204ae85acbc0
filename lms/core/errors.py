"""Domain errors raised by operations and mapped to HTTP responses in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: an operation refused to do what was asked. ``message`` is user-facing."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(DomainError):
    status = 400


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409
