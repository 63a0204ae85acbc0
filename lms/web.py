"""Site-wide pieces: the front page, template filters and security headers."""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from flask import Flask, Response, redirect, request, url_for
from flask_babel import format_date, format_datetime
from flask_login import current_user

from lms.core.access import AccessRule, public
from lms.core.competencies import COMPETENCIES, label

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; "
    "media-src 'self' https: http:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def _hours(value: Decimal | float | int | None) -> str:
    if value is None:
        return ""
    d = Decimal(str(value)).quantize(Decimal("0.1"))
    # format "f": never scientific notation (Decimal("100").normalize() prints as 1E+2)
    return format(d.to_integral_value(), "f") if d == d.to_integral_value() else format(d, "f")


@lru_cache(maxsize=64)
def _asset_version(static_folder: str, filename: str) -> str:
    """A short content hash, so a changed file gets a new URL (computed once per process)."""
    with open(os.path.join(static_folder, filename), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:10]


def init_app(app: Flask) -> None:
    def asset(filename: str) -> str:
        """URL of a static file that browsers may cache for a year (it changes with the file)."""
        return url_for(
            "static", filename=filename, v=_asset_version(app.static_folder or "", filename)
        )

    app.jinja_env.globals["asset"] = asset
    # Versioned assets are immutable: phones on slow links fetch CSS and JS once.
    default_max_age = app.get_send_file_max_age

    def send_file_max_age(filename: str | None) -> int | None:
        if request.args.get("v"):
            return 365 * 24 * 3600
        return default_max_age(filename)

    app.get_send_file_max_age = send_file_max_age  # type: ignore[method-assign]

    @app.route("/")
    @public
    def index():  # type: ignore[no-untyped-def]
        if current_user.is_authenticated:
            return redirect(url_for("learning.home"))
        return redirect(url_for("accounts.login"))

    # Flask's own static route is public by nature.
    app.view_functions["static"].access_rule = AccessRule("public")  # type: ignore[attr-defined]

    app.jinja_env.filters["hours"] = _hours
    app.jinja_env.filters["competency"] = label
    app.jinja_env.globals["COMPETENCIES"] = COMPETENCIES
    app.jinja_env.filters["datetime"] = lambda v, f="short": format_datetime(v, f) if v else ""
    app.jinja_env.filters["date"] = lambda v, f="medium": (
        format_date(v, f) if isinstance(v, date | datetime) else ""
    )

    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
