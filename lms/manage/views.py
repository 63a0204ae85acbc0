"""The personnel office: landing page, API tokens and certificate ZIPs."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from lms import db
from lms.accounts.permissions import scope_root
from lms.api import tokens as token_ops
from lms.api.models import ApiToken
from lms.audit.operations import record_event
from lms.certificates.pdf import certificate_pdf
from lms.core.access import role_required
from lms.core.competencies import CODES, label
from lms.core.errors import DomainError, Invalid, NotFound
from lms.core.forms import ActionForm
from lms.core.streams import ChunkSink
from lms.core.time import local_year, today_local
from lms.manage import bp, charts, dashboard, queries
from lms.manage.forms import TokenForm


@bp.route("/")
@role_required("manager")
def index():  # type: ignore[no-untyped-def]
    session = db.session()
    scope = scope_root(session, current_user)
    code = request.args.get("unit", "")
    unit = queries.unit_in_scope(session, current_user, code) if code else scope
    if code and unit is None:
        raise NotFound(_("No such unit in your scope."))
    year = local_year()
    board = dashboard.build(session, unit, scope, year)
    labels = [label(code) for code in CODES]
    return render_template(
        "manage/index.html",
        board=board,
        year=year,
        scope=scope,
        pending=queries.pending_claims(session, current_user, per_page=1).total,
        unit_bars=charts.bars(
            [(c.unit.name, float(c.total), float(c.target)) for c in board.children]
        ),
        course_bars=charts.bars(
            [(title, float(done), float(people)) for title, done, people, _late in board.courses]
        ),
        radar=charts.radar(
            labels, [[board.profile[c] for c in CODES], [board.scope_profile[c] for c in CODES]]
        ),
        monthly=charts.line(board.monthly),
        labels=labels,
        codes=CODES,
        months=[format_date(date(year, m, 1), "MMM") for m in range(1, 13)],
        units=queries.units_in_scope(session, current_user, levels=queries.SELECT_LEVELS),
    )


def _date_arg(name: str, default: date) -> date:
    value = request.args.get(name)
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("Dates are written like 2026-12-31.")) from None


@bp.route("/certificates.zip")
@role_required("manager")
def certificates_zip():  # type: ignore[no-untyped-def]
    session = db.session()
    unit = queries.unit_in_scope(session, current_user, request.args.get("unit", ""))
    if unit is None:
        raise NotFound(_("No such unit in your scope."))
    today = today_local()
    start = _date_arg("from", date(today.year, 1, 1))
    end = _date_arg("to", today)
    if start > end:
        raise Invalid(_("The start date is after the end date."))
    record_event(
        session,
        "export.certificates",
        actor_id=current_user.id,
        target_type="unit",
        target_id=unit.code,
        ip=request.remote_addr,
        details={"from": start.isoformat(), "to": end.isoformat()},
    )
    factory = current_app.extensions["lms_db"]["sessionmaker"]

    def generate() -> Iterator[bytes]:
        sink = ChunkSink()
        # A session of its own: the request's session is committed and closed before the
        # body of a streamed response is produced.
        with factory() as own, zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
            for certificate in queries.certificates_of_unit(own, unit, start, end):
                name = (
                    f"{certificate.completed_on.isoformat()}-{certificate.holder_name}-"
                    f"{certificate.serial}.pdf"
                )
                archive.writestr(name, certificate_pdf(certificate))
                yield from sink.drain()
        yield from sink.drain()

    filename = f"certificates-{unit.code}-{start.isoformat()}-{end.isoformat()}.zip"
    response = Response(stream_with_context(generate()), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/tokens", methods=["GET", "POST"])
@role_required("manager")
def tokens():  # type: ignore[no-untyped-def]
    session = db.session()
    form = TokenForm()
    created = None
    status = 200
    if form.validate_on_submit():
        try:
            _row, created = token_ops.create_token(
                session, current_user, form.name.data, ip=request.remote_addr
            )
        except DomainError as exc:
            form.name.errors = [exc.message]
            status = exc.status
    elif form.is_submitted():
        status = 400
    # The new token is shown in this response only; it is never stored or flashed.
    return render_template(
        "manage/tokens.html",
        form=form,
        created=created,
        tokens=token_ops.tokens_of(session, current_user),
        revoke_form=ActionForm(),
    ), status


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@role_required("manager")
def revoke_token(token_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    ActionForm().validate_or_400()
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_("This token does not exist."))
    token_ops.revoke_token(session, current_user, token, ip=request.remote_addr)
    flash(_("The token is revoked; requests with it are refused from now on."), "success")
    return redirect(url_for("manage.tokens"))
