"""Public verification, the credential and its keys, certificate PDFs, revocation, the record."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms import db
from lms.accounts.models import Person
from lms.certificates import bp, claims, credentials, ledger, operations, pdf
from lms.certificates.forms import ClaimForm, RevokeForm
from lms.certificates.models import Certificate, CreditEntry, HoursClaim
from lms.certificates.serials import normalise
from lms.core.access import login_required, public
from lms.core.errors import DomainError, NotFound
from lms.core.time import clamp_year, local_year
from lms.courses.models import Course
from lms.extensions import limiter

VERIFY_LIMIT = "30 per minute"


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明: enough to confirm, not to identify."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _find(serial: str) -> Certificate | None:
    canonical = normalise(serial)
    if canonical is None:
        return None
    return db.session().scalar(select(Certificate).where(Certificate.serial == canonical))


@bp.route("/verify")
@public
@limiter.limit(VERIFY_LIMIT)
def verify_form():  # type: ignore[no-untyped-def]
    typed = request.args.get("serial", "").strip()
    if typed:
        canonical = normalise(typed)
        if canonical:
            return redirect(url_for("certificates.verify", serial=canonical))
        return render_template("certificates/verify.html", certificate=None, typed=typed), 404
    return render_template("certificates/verify.html", certificate=None, typed=None)


@bp.route("/verify/<serial>")
@public
@limiter.limit(VERIFY_LIMIT)
def verify(serial: str):  # type: ignore[no-untyped-def]
    certificate = _find(serial)
    if certificate is None:
        return render_template("certificates/verify.html", certificate=None, typed=serial), 404
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        masked=mask_name(certificate.holder_name),
        typed=serial,
    )


@bp.route("/verify/<serial>.jwt")
@public
@limiter.limit(VERIFY_LIMIT)
def credential(serial: str):  # type: ignore[no-untyped-def]
    certificate = _find(serial)
    if certificate is None:
        return jsonify(
            {"error": {"code": "not_found", "message": _("No certificate has this serial.")}}
        ), 404
    if certificate.revoked_at is not None:
        return jsonify(
            {"error": {"code": "revoked", "message": _("This certificate has been revoked.")}}
        ), 410
    token = credentials.credential_jwt(certificate, _achievement_path(certificate))
    return Response(token, mimetype="application/vc+jwt")


def _achievement_path(certificate: Certificate) -> str:
    """What the credential says was achieved: the course, or the thematic class."""
    from lms.classes.models import ThematicClass

    session = db.session()
    if certificate.course_id is not None:
        course = session.get(Course, certificate.course_id)
        return f"courses/{course.code}" if course else "courses"
    cls = session.get(ThematicClass, certificate.class_id)
    return f"classes/{cls.code}" if cls else "classes"


@bp.route("/.well-known/jwks.json")
@public
def jwks():  # type: ignore[no-untyped-def]
    response = jsonify(credentials.jwks())
    response.cache_control.max_age = 3600
    response.cache_control.public = True
    return response


def _load_for_viewer(serial: str) -> tuple[Certificate, Person]:
    """The certificate, for its holder, a manager over them, or an admin (else 404)."""
    session = db.session()
    certificate = _find(serial)
    holder = session.get(Person, certificate.person_id) if certificate else None
    if (
        certificate is None
        or holder is None
        or not (
            holder.id == current_user.id
            or operations.can_manage_person(session, current_user, holder)
        )
    ):
        raise NotFound(_("This certificate does not exist."))
    return certificate, holder


@bp.route("/certificates/<serial>")
@login_required
def detail(serial: str):  # type: ignore[no-untyped-def]
    certificate, holder = _load_for_viewer(serial)
    can_revoke = operations.can_manage_person(db.session(), current_user, holder)
    return render_template(
        "certificates/detail.html",
        certificate=certificate,
        holder=holder,
        can_revoke=can_revoke,
        form=RevokeForm(),
    )


@bp.route("/certificates/<serial>.pdf")
@login_required
def certificate_pdf(serial: str):  # type: ignore[no-untyped-def]
    certificate, _holder = _load_for_viewer(serial)
    response = Response(pdf.certificate_pdf(certificate), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{certificate.serial}.pdf"'
    return response


@bp.route("/certificates/<serial>/revoke", methods=["POST"])
@login_required
def revoke(serial: str):  # type: ignore[no-untyped-def]
    certificate, holder = _load_for_viewer(serial)
    if not operations.can_manage_person(db.session(), current_user, holder):
        abort(403)
    form = RevokeForm()
    if not form.validate_on_submit():
        return render_template(
            "certificates/detail.html",
            certificate=certificate,
            holder=holder,
            can_revoke=True,
            form=form,
        ), 400
    try:
        operations.revoke_certificate(
            db.session(), current_user, certificate, form.reason.data, ip=request.remote_addr
        )
    except DomainError as exc:
        form.form_errors.append(exc.message)
        return render_template(
            "certificates/detail.html",
            certificate=certificate,
            holder=holder,
            can_revoke=True,
            form=form,
        ), exc.status
    flash(_("The certificate has been revoked and its hours reversed."), "success")
    return redirect(url_for("certificates.detail", serial=certificate.serial))


@bp.route("/me/record")
@login_required
def record():  # type: ignore[no-untyped-def]
    session = db.session()
    year = clamp_year(request.args.get("year"))
    standing = ledger.standing(session, current_user, year)
    entries = _entries(session, current_user.id, year)
    claims_ = session.scalars(
        select(HoursClaim)
        .where(HoursClaim.person_id == current_user.id)
        .order_by(HoursClaim.created_at.desc())
        .limit(50)
    ).all()
    certificates = session.scalars(
        select(Certificate)
        .where(Certificate.person_id == current_user.id)
        .order_by(Certificate.completed_on.desc())
    ).all()
    return render_template(
        "certificates/record.html",
        standing=standing,
        entries=entries,
        certificates=certificates,
        year=year,
        this_year=local_year(),
        claims=claims_,
    )


@bp.route("/me/claims/new", methods=["GET", "POST"])
@login_required
def new_claim():  # type: ignore[no-untyped-def]
    form = ClaimForm()
    status = 200
    if form.validate_on_submit():
        upload = form.evidence.data
        try:
            claims.submit_claim(
                db.session(),
                current_user,
                title=form.title.data,
                provider=form.provider.data,
                hours=form.hours.data,
                occurred_on=form.occurred_on.data,
                note=form.note.data or "",
                evidence=upload.stream if upload and upload.filename else None,
                evidence_name=upload.filename if upload else None,
                uploads=Path(current_app.instance_path) / "uploads",
            )
        except DomainError as exc:
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Your claim has been sent to your personnel office."), "success")
            return redirect(url_for("certificates.record"))
    elif form.is_submitted():
        status = 400
    return render_template("certificates/claim_new.html", form=form), status


@bp.route("/me/record.pdf")
@login_required
def record_pdf():  # type: ignore[no-untyped-def]
    session = db.session()
    year = clamp_year(request.args.get("year"))
    standing = ledger.standing(session, current_user, year)
    entries = _entries(session, current_user.id, year)
    names = {
        "online": _("Online training"),
        "offline": _("Group (offline) training"),
        "external": _("Approved external hours"),
    }
    fmt = current_app.jinja_env.filters["hours"]
    target = standing.target
    intro = [
        f"{current_user.display_name}（{current_user.unit.name}）",
        _(
            "Total %(total)s of %(target)s credit hours; online %(online)s of %(online_target)s",
            total=fmt(standing.total),
            target=fmt(target.total),
            online=fmt(standing.hours["online"]),
            online_target=fmt(target.online) if target.online is not None else "—",
        ),
        _("On track") if standing.on_track else _("Behind the annual target"),
    ]
    rows = [(e.occurred_on.isoformat(), e.title, names[e.category], fmt(e.hours)) for e in entries]
    moment = datetime.combine(date(year, 12, 31), time(0), tzinfo=UTC)
    data = pdf.document_pdf(
        _("Learning record %(year)d", year=year),
        rows,
        headings=(_("Date"), _("Item"), _("Category"), _("Hours")),
        intro=intro,
        moment=moment,
    )
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="record-{year}.pdf"'
    return response


def _entries(session, person_id: int, year: int) -> list[CreditEntry]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            select(CreditEntry)
            .where(CreditEntry.person_id == person_id, CreditEntry.year == year)
            .order_by(CreditEntry.occurred_on, CreditEntry.id)
        )
    )
