"""The four feed endpoints and the OpenAPI document. Read-only; every read is audited."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from lms import db
from lms.accounts.models import Person
from lms.accounts.permissions import can_see_person
from lms.api import bp, queries
from lms.api.auth import (
    ApiError,
    make_cursor,
    read_cursor,
    read_limit,
    read_since,
    read_year,
    token_key,
    token_required,
)
from lms.api.openapi import openapi_document
from lms.audit.operations import record_event
from lms.core.access import public
from lms.extensions import limiter
from lms.manage.queries import unit_in_scope


def _limit() -> str:
    return current_app.config.get("LMS_API_RATE_LIMIT", "120 per minute")


def _audit(count: int, **details: Any) -> None:
    record_event(
        db.session(),
        "api.read",
        actor_id=g.api_owner.id,
        target_type="endpoint",
        target_id=request.path[:64],
        ip=request.remote_addr,
        details={"token": g.api_token.id, "count": count, **details},
    )


def _page(items: list[dict[str, Any]], kind: str, last: int | None):  # type: ignore[no-untyped-def]
    return jsonify({"items": items, "next_cursor": make_cursor(kind, last) if last else None})


@bp.route("/people")
@token_required
@limiter.limit(_limit, key_func=token_key)
def people():  # type: ignore[no-untyped-def]
    after, limit, since, year = read_cursor("people"), read_limit(), read_since(), read_year()
    items, last = queries.people_page(
        db.session(), g.api_owner, after=after, limit=limit, since=since, year=year
    )
    _audit(len(items))
    return _page(items, "people", last)


@bp.route("/people/<employee_no>/record")
@token_required
@limiter.limit(_limit, key_func=token_key)
def record(employee_no: str):  # type: ignore[no-untyped-def]
    session = db.session()
    year = read_year()
    person = session.scalar(select(Person).where(Person.employee_no == employee_no))
    if person is None or not can_see_person(session, g.api_owner, person):
        raise ApiError(404, "not_found", _("No person with this employee number in your units."))
    _audit(1, employee_no=employee_no)
    return jsonify(queries.person_record(session, person, year))


@bp.route("/certificates")
@token_required
@limiter.limit(_limit, key_func=token_key)
def certificates():  # type: ignore[no-untyped-def]
    after, limit, since = read_cursor("certificates"), read_limit(), read_since()
    items, last = queries.certificates_page(
        db.session(), g.api_owner, after=after, limit=limit, since=since
    )
    _audit(len(items))
    return _page(items, "certificates", last)


@bp.route("/units/<code>/summary")
@token_required
@limiter.limit(_limit, key_func=token_key)
def unit_summary(code: str):  # type: ignore[no-untyped-def]
    session = db.session()
    year = read_year()
    unit = unit_in_scope(session, g.api_owner, code)
    if unit is None:
        raise ApiError(404, "not_found", _("No unit with this code in your scope."))
    _audit(1, unit=code)
    return jsonify(queries.unit_summary(session, unit, year))


@bp.route("/openapi.json")
@public
def openapi():  # type: ignore[no-untyped-def]
    return jsonify(openapi_document(current_app.config["LMS_BASE_URL"]))
