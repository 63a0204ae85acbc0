"""The personnel office's ledger tools: hours claims, group training, annual targets."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from lms import db
from lms.accounts.models import RANKS, STAFF_TYPES, Person
from lms.audit.operations import record_event
from lms.certificates import claims as claim_ops
from lms.certificates.forms import DecisionForm, OfflineForm
from lms.certificates.models import AnnualTarget, HoursClaim
from lms.certificates.operations import can_manage_person, record_offline_training
from lms.core.access import role_required
from lms.core.errors import DomainError, NotFound
from lms.core.forms import ActionForm
from lms.core.paging import clamp_page
from lms.core.time import local_year
from lms.manage import bp, queries
from lms.manage.forms import TargetForm
from lms.orgs.models import OrgUnit
from lms.reports.summaries import refresh_subtree


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
        people = queries.people_from_field(session, current_user, form.people)
        if people is None:
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
