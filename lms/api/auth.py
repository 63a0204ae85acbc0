"""Bearer-token authentication, cursors and parameters for the data feed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, time
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from lms import db
from lms.api.tokens import person_for_token
from lms.core.access import AccessRule
from lms.core.time import SHANGHAI
from lms.db import utcnow

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
CURSOR_MAX_AGE = 3600


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(exc: ApiError):  # type: ignore[no-untyped-def]
    response = jsonify({"error": {"code": exc.code, "message": exc.message}})
    response.status_code = exc.status
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="lms"'
    return response


def token_required(view: F) -> F:
    """The request must carry ``Authorization: Bearer <token>`` of an active manager."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        found = (
            person_for_token(db.session(), token.strip()) if scheme.lower() == "bearer" else None
        )
        if found is None:
            return error_response(
                ApiError(
                    401,
                    "unauthorized",
                    _("A valid API token is required: Authorization: Bearer <token>."),
                )
            )
        g.api_token, g.api_owner = found
        g.api_token.last_used_at = utcnow()
        try:
            return view(*args, **kwargs)
        except ApiError as exc:
            return error_response(exc)

    wrapped.access_rule = AccessRule("token")  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def token_key() -> str:
    """Rate limits count per token (per address before authentication)."""
    header = request.headers.get("Authorization", "")
    if not header:
        return "api:" + (request.remote_addr or "-")
    return "api:" + hashlib.sha256(header.encode()).hexdigest()[:24]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lms-api-cursor")


def make_cursor(kind: str, after: int) -> str:
    return _serializer().dumps({"k": kind, "a": after})


def read_cursor(kind: str) -> int:
    raw = request.args.get("cursor")
    if not raw:
        return 0
    try:
        data = _serializer().loads(raw, max_age=CURSOR_MAX_AGE)
    except SignatureExpired:
        raise ApiError(
            400, "cursor_expired", _("The cursor has expired; start again from the first page.")
        ) from None
    except BadSignature:
        raise ApiError(400, "bad_cursor", _("The cursor is not valid.")) from None
    if not isinstance(data, dict) or data.get("k") != kind or not isinstance(data.get("a"), int):
        raise ApiError(400, "bad_cursor", _("The cursor is not valid."))
    return data["a"]


def read_limit() -> int:
    raw = request.args.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ApiError(
            400, "bad_limit", _("limit must be a whole number from 1 to %(n)d.", n=MAX_LIMIT)
        )
    return int(raw)


def read_since() -> datetime | None:
    """``updated_since``: an ISO 8601 date or date-time (Asia/Shanghai when no zone)."""
    raw = request.args.get("updated_since")
    if not raw:
        return None
    if "T" in raw:  # an unencoded "+08:00" arrives as " 08:00"
        raw = raw.replace(" ", "+")
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = datetime.combine(date.fromisoformat(raw), time(0))
        except ValueError:
            raise ApiError(
                400,
                "bad_updated_since",
                _(
                    "updated_since must be an ISO 8601 date or date-time, "
                    "e.g. 2026-11-01T08:00:00+08:00."
                ),
            ) from None
    return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)


def read_year() -> int:
    from lms.core.time import local_year

    raw = request.args.get("year")
    if raw is None:
        return local_year()
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise ApiError(400, "bad_year", _("year must be a year such as 2026."))
    return int(raw)
