"""Administrators' pages."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_login import current_user

from lms import db
from lms.admin import bp
from lms.admin.forms import RosterForm
from lms.admin.roster import RosterError, import_roster
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


@bp.route("/people/import", methods=["GET", "POST"])
@role_required("admin")
def import_people():  # type: ignore[no-untyped-def]
    form = RosterForm()
    report, problems, status = None, [], 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            report = import_roster(
                db.session(),
                upload.read(),
                upload.filename or "",
                initial_password=form.initial_password.data or "",
                actor_id=current_user.id,
            )
        except RosterError as exc:
            problems, status = exc.problems, 400
    elif form.is_submitted():
        status = 400
    return render_template("admin/import.html", form=form, report=report, problems=problems), status
