"""One place that turns errors into pages in the user's language."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.core.errors import DomainError


def _wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.is_json or best == "application/json"


def _page(status: int, title: str, message: str, code: str | None = None):  # type: ignore[no-untyped-def]
    """An error page, or the JSON error shape (DESIGN §6) for clients that asked for JSON."""
    if _wants_json():
        body = {"error": {"code": code or title_code(status), "message": message}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def title_code(status: int) -> str:
    return {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        429: "too_many_requests",
    }.get(status, "error")


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):  # type: ignore[no-untyped-def]
        return _page(exc.status, _("This cannot be done"), exc.message, code=exc.code)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):  # type: ignore[no-untyped-def]
        return _page(
            400,
            _("The form has expired"),
            _(
                "The security token of this form is missing or has expired. "
                "Go back, reload the page and try again."
            ),
            code="csrf",
        )

    @app.errorhandler(429)
    def too_many(exc: HTTPException):  # type: ignore[no-untyped-def]
        return _page(
            429,
            _("Too many attempts"),
            _("Too many attempts from your connection. Please wait a few minutes and try again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        status = exc.code or 500
        titles = {
            400: _("Bad request"),
            403: _("Access denied"),
            404: _("Page not found"),
            405: _("Method not allowed"),
            413: _("Upload too large"),
            500: _("Server error"),
        }
        messages = {
            400: _("The request could not be understood."),
            403: _("You do not have permission to see this page."),
            404: _("The page you asked for does not exist or is not available to you."),
            405: _("This address does not accept that kind of request."),
            413: _("The file you sent is too large."),
            500: _("Something went wrong on our side. Please try again later."),
        }
        return _page(
            status, titles.get(status, _("Error")), messages.get(status, _("Something went wrong."))
        )
