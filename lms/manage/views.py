"""The personnel office's ledger tools: claims, group training, targets, certificate ZIPs."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from lms import db
from lms.accounts.models import RANKS, STAFF_TYPES, Person
from lms.api import tokens as token_ops
from lms.api.models import ApiToken
from lms.audit.operations import record_event
from lms.certificates import claims as claim_ops
from lms.certificates.forms import DecisionForm, OfflineForm
from lms.certificates.models import AnnualTarget, HoursClaim
from lms.certificates.operations import can_manage_person, record_offline_training
from lms.certificates.pdf import certificate_pdf
from lms.core.access import role_required
from lms.core.errors import DomainError, Invalid, NotFound
from lms.core.forms import ActionForm
from lms.core.paging import clamp_page
from lms.core.time import local_year, today_local
from lms.courses.models import Course
from lms.manage import assignments as assignment_ops
from lms.manage import bp, queries
from lms.manage.forms import AssignmentForm, TargetForm, TokenForm
from lms.orgs.models import OrgUnit
from lms.reports.summaries import refresh_subtree


@bp.route("/")
@role_required("manager")
def index():  # type: ignore[no-untyped-def]
    session = db.session()
    pending = queries.pending_claims(session, current_user, per_page=1).total
    return render_template(
        "manage/index.html",
        pending=pending,
        units=queries.units_in_scope(session, current_user)[:200],
    )


@bp.route("/claims")
@role_required("manager")
def claims():  # type: ignore[no-untyped-def]
    page = queries.pending_claims(
        db.session(), current_user, page=clamp_page(request.args.get("page"))
    )
    return render_template("manage/claims.html", page=page)


def _load_claim(claim_id: int) -> tuple[HoursClaim, Person]:
    session = db.session()
    claim = session.get(HoursClaim, claim_id)
    person = session.get(Person, claim.person_id) if claim else None
    if claim is None or person is None or not can_manage_person(session, current_user, person):
        raise NotFound(_("This claim does not exist."))
    return claim, person


@bp.route("/claims/<int:claim_id>", methods=["GET", "POST"])
@role_required("manager")
def claim(claim_id: int):  # type: ignore[no-untyped-def]
    claim, person = _load_claim(claim_id)
    form = DecisionForm()
    status = 200
    if form.validate_on_submit():
        try:
            claim_ops.decide_claim(
                db.session(),
                current_user,
                claim,
                approve=request.form.get("decision") == "approve",
                reason=form.reason.data or "",
                ip=request.remote_addr,
            )
        except DomainError as exc:
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("The claim is decided."), "success")
            return redirect(url_for("manage.claims"))
    elif form.is_submitted():
        status = 400
    return render_template("manage/claim.html", claim=claim, person=person, form=form), status


@bp.route("/claims/<int:claim_id>/evidence")
@role_required("manager")
def evidence(claim_id: int):  # type: ignore[no-untyped-def]
    claim, _person = _load_claim(claim_id)
    if not claim.evidence_file:
        raise NotFound(_("This claim has no evidence file."))
    path = Path(current_app.instance_path) / "uploads" / claim.evidence_file
    return send_file(
        path, download_name=claim.evidence_name or claim.evidence_file, as_attachment=True
    )


@bp.route("/offline", methods=["GET", "POST"])
@role_required("manager")
def offline():  # type: ignore[no-untyped-def]
    session = db.session()
    form = OfflineForm()
    status = 200
    if form.validate_on_submit():
        people, unknown = queries.people_by_keys(
            session, current_user, form.people.data.splitlines()
        )
        if unknown:
            form.people.errors = [
                _("Not found in your units: %(names)s", names="、".join(unknown[:20]))
            ]
            status = 400
        else:
            try:
                entries = record_offline_training(
                    session,
                    current_user,
                    people,
                    title=form.title.data,
                    provider=form.provider.data or "",
                    hours=Decimal(form.hours.data),
                    occurred_on=form.occurred_on.data,
                    ip=request.remote_addr,
                )
            except DomainError as exc:
                form.form_errors.append(exc.message)
                status = exc.status
            else:
                flash(
                    _(
                        "Recorded %(hours)s hours for %(n)d people.",
                        hours=form.hours.data,
                        n=len(entries),
                    ),
                    "success",
                )
                return redirect(url_for("manage.offline"))
    elif form.is_submitted():
        status = 400
    return render_template("manage/offline.html", form=form), status


@bp.route("/targets", methods=["GET", "POST"])
@role_required("manager")
def targets():  # type: ignore[no-untyped-def]
    session = db.session()
    form = TargetForm()
    form.rank.choices = [SelectChoice("", _("Any rank")), *[SelectChoice(r, r) for r in RANKS]]
    form.staff_type.choices = [
        SelectChoice("", _("Any staff type")),
        *[SelectChoice(s, s) for s in STAFF_TYPES],
    ]
    status = 200
    if form.validate_on_submit():
        unit = queries.unit_in_scope(session, current_user, form.unit_code.data.strip())
        if unit is None:
            form.unit_code.errors = [_("No such unit in your scope.")]
            status = 400
        else:
            target = AnnualTarget(
                unit_id=unit.id,
                year=form.year.data,
                rank=form.rank.data or None,
                staff_type=form.staff_type.data or None,
                total_hours=form.total_hours.data,
                online_hours=form.online_hours.data,
                offline_hours=form.offline_hours.data,
                created_by_id=current_user.id,
            )
            session.add(target)
            session.flush()
            _refresh_targets(session, unit, form.year.data)
            record_event(
                session,
                "target.create",
                actor_id=current_user.id,
                target_type="annual_target",
                target_id=target.id,
                ip=request.remote_addr,
                details={"unit": unit.code, "total": str(target.total_hours)},
            )
            flash(_("Target saved."), "success")
            return redirect(url_for("manage.targets"))
    elif form.is_submitted():
        status = 400
    return render_template(
        "manage/targets.html",
        form=form,
        delete_form=ActionForm(),
        targets=queries.targets_in_scope(session, current_user),
    ), status


def _refresh_targets(session, unit: OrgUnit, year: int | None) -> None:  # type: ignore[no-untyped-def]
    """Summaries under the unit follow the new target (this year, or the target's year)."""
    refresh_subtree(session.connection(), unit.path, year or local_year())


@bp.route("/targets/<int:target_id>/delete", methods=["POST"])
@role_required("manager")
def delete_target(target_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    ActionForm().validate_or_400()
    visible = {t.id: t for t, _u in queries.targets_in_scope(session, current_user)}
    target = visible.get(target_id)
    if target is None:
        raise NotFound(_("This target does not exist."))
    session.delete(target)
    session.flush()
    unit = session.get(OrgUnit, target.unit_id)
    if unit is not None:
        _refresh_targets(session, unit, target.year)
    record_event(
        session,
        "target.delete",
        actor_id=current_user.id,
        target_type="annual_target",
        target_id=target_id,
        ip=request.remote_addr,
    )
    flash(_("Target removed."), "success")
    return redirect(url_for("manage.targets"))


def _date_arg(name: str, default: date) -> date:
    value = request.args.get(name)
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("Dates are written like 2026-12-31.")) from None


class _Sink:
    """A write-only file for ZipFile that hands over what was written, chunk by chunk."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def drain(self) -> Iterator[bytes]:
        chunks, self.chunks = self.chunks, []
        yield from chunks


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
        sink = _Sink()
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


@bp.route("/assignments", methods=["GET", "POST"])
@role_required("manager")
def assignments():  # type: ignore[no-untyped-def]
    session = db.session()
    form = AssignmentForm()
    courses = list(
        session.scalars(select(Course).where(Course.status == "published").order_by(Course.title))
    )
    form.course.choices = [SelectChoice(c.id, c.title) for c in courses]
    if request.method == "GET":
        form.year.data = local_year()
    status = 200
    if form.validate_on_submit():
        status = _create_assignment(session, form, {c.id: c for c in courses})
        if status == 302:
            flash(_("The course is now required."), "success")
            return redirect(url_for("manage.assignments", year=form.year.data))
    elif form.is_submitted():
        status = 400
    try:
        year = int(request.args.get("year", form.year.data or local_year()))
    except ValueError:
        year = local_year()
    page = assignment_ops.assignments_in_scope(
        session, current_user, year, page=clamp_page(request.args.get("page"))
    )
    return render_template(
        "manage/assignments.html", form=form, page=page, year=year, today=today_local()
    ), status


def _create_assignment(session, form, courses) -> int:  # type: ignore[no-untyped-def]
    course = courses.get(form.course.data)
    if course is None:
        form.course.errors = [_("Choose a published course.")]
        return 400
    unit, people = None, None
    code = (form.unit_code.data or "").strip()
    if code:
        unit = queries.unit_in_scope(session, current_user, code)
        if unit is None:
            form.unit_code.errors = [_("No such unit in your scope.")]
            return 400
    else:
        people, unknown = queries.people_by_keys(
            session, current_user, (form.people.data or "").splitlines()
        )
        if unknown:
            form.people.errors = [
                _("Not found in your units: %(names)s", names="、".join(unknown[:20]))
            ]
            return 400
    try:
        assignment_ops.assign(
            session,
            current_user,
            course,
            year=form.year.data,
            due_date=form.due_date.data,
            unit=unit,
            people=people,
            ip=request.remote_addr,
        )
    except DomainError as exc:
        form.form_errors.append(exc.message)
        return exc.status
    return 302


@bp.route("/assignments/<int:assignment_id>")
@role_required("manager")
def assignment(assignment_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    found = assignment_ops.visible_assignment(session, current_user, assignment_id)
    if found is None:
        raise NotFound(_("This assignment does not exist."))
    page = assignment_ops.unfinished_people(
        session, current_user, found, page=clamp_page(request.args.get("page"))
    )
    return render_template(
        "manage/assignment.html",
        assignment=found,
        course=session.get(Course, found.course_id),
        page=page,
        overdue=found.due_date < today_local(),
    )
