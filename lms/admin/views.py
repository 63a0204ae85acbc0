"""Administrators' pages."""

from __future__ import annotations

from datetime import date

from flask import render_template, request

from lms import db
from lms.admin import bp
from lms.audit.queries import audit_page
from lms.core.access import role_required
from lms.core.paging import clamp_page


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.route("/audit")
@role_required("admin")
def audit():  # type: ignore[no-untyped-def]
    filters = {
        "action": request.args.get("action", "").strip()[:64],
        "actor": request.args.get("actor", "").strip()[:64],
        "start": _date("from"),
        "end": _date("to"),
    }
    page = audit_page(db.session(), **filters, page=clamp_page(request.args.get("page")))
    return render_template(
        "admin/audit.html",
        page=page,
        filters=filters,
        args={k: v for k, v in request.args.items() if k != "page"},
    )
