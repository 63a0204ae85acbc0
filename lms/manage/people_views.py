"""People in scope: the table, its exports, a person's record, required courses."""

from __future__ import annotations

from urllib.parse import quote

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
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from lms import db
from lms.accounts.models import RANKS, STAFF_TYPES, Person
from lms.audit.operations import record_event
from lms.core.access import role_required
from lms.core.competencies import CODES
from lms.core.competencies import label as competency_label
from lms.core.errors import DomainError, Invalid, NotFound
from lms.core.paging import clamp_page
from lms.core.time import clamp_year, local_year, today_local
from lms.courses.models import Course
from lms.manage import assignments as assignment_ops
from lms.manage import bp, exports, queries
from lms.manage import people as people_ops
from lms.manage.forms import AssignmentForm
from lms.manage.people import PeopleFilter


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
    year = clamp_year(request.args.get("year"), form.year.data)
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
        people = queries.people_from_field(session, current_user, form.people)
        if people is None:
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


def _people_filter() -> PeopleFilter:
    args = request.args
    f = PeopleFilter(
        year=clamp_year(args.get("year")),
        unit=args.get("unit", "").strip()[:64],
        rank=args.get("rank", "")[:32],
        staff_type=args.get("staff_type", "")[:16],
        status=args.get("status", "") if args.get("status") in ("on_track", "behind") else "",
        course=args.get("course", "").strip()[:60],
        course_state=args.get("course_state", "")
        if args.get("course_state") in ("completed", "not_completed")
        else "",
        sort=args.get("sort", "unit") if args.get("sort") in people_ops.SORTS else "unit",
    )
    if args.get("competency") in CODES:
        f.competency = args["competency"]
        raw = args.get("below", "").strip()
        if raw:
            try:
                f.below = int(raw)
            except ValueError:
                f.below = -1
            if not 1 <= f.below <= 100:
                f.errors.append(_("The score threshold must be a whole number from 1 to 100."))
                f.below = 60
    return f


@bp.route("/people")
@role_required("manager")
def people():  # type: ignore[no-untyped-def]
    session = db.session()
    f = _people_filter()
    page = people_ops.people_page(
        session, current_user, f, page=clamp_page(request.args.get("page"))
    )
    courses = session.scalars(
        select(Course).where(Course.status == "published").order_by(Course.title)
    ).all()
    return render_template(
        "manage/people.html",
        page=page,
        f=f,
        courses=courses,
        ranks=RANKS,
        staff_types=STAFF_TYPES,
        competencies=[(code, competency_label(code)) for code in CODES],
        units=queries.units_in_scope(session, current_user, levels=queries.SELECT_LEVELS),
        # a unit below the select box's levels (reached by drilling down) is shown too
        chosen=queries.unit_in_scope(session, current_user, f.unit) if f.unit else None,
    ), (400 if f.errors else 200)


@bp.route("/people.<kind>")
@role_required("manager")
def export_people(kind: str):  # type: ignore[no-untyped-def]
    if kind not in ("csv", "xlsx"):
        raise NotFound(_("Exports come as .csv or .xlsx."))
    session = db.session()
    f = _people_filter()
    if f.errors:
        raise Invalid(f.errors[0])
    record_event(
        session,
        "export.people",
        actor_id=current_user.id,
        target_type="unit",
        target_id=f.unit or "scope",
        ip=request.remote_addr,
        details={"format": kind, **{k: str(v) for k, v in f.as_args().items()}},
    )
    factory = current_app.extensions["lms_db"]["sessionmaker"]
    manager_id = current_user.id
    chunks = exports.csv_chunks if kind == "csv" else exports.xlsx_chunks

    def generate():  # type: ignore[no-untyped-def]
        # its own session: the request's is committed and closed before the body streams
        with factory() as own:
            yield from chunks(own, own.get(Person, manager_id), f)

    label = f.unit or "scope"
    prefix = _("people-hours")
    name = f"{prefix}-{label}-{today_local().isoformat()}.{kind}"
    mimetype = (
        "text/csv; charset=utf-8"
        if kind == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = Response(stream_with_context(generate()), mimetype=mimetype)
    ascii_name = f"people-hours-{label}-{today_local().isoformat()}.{kind}"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@bp.route("/people/<int:person_id>")
@role_required("manager")
def person(person_id: int):  # type: ignore[no-untyped-def]
    from lms.accounts.permissions import can_see_person
    from lms.attempts.queries import competency_scores
    from lms.certificates import ledger
    from lms.certificates.models import Certificate

    session = db.session()
    found = session.get(Person, person_id)
    if found is None or not can_see_person(session, current_user, found):
        raise NotFound(_("This person does not exist in your units."))
    year = _people_filter().year
    scores = competency_scores(session, [found.id]).get(found.id, {})
    return render_template(
        "manage/person.html",
        person=found,
        year=year,
        standing=ledger.standing(session, found, year),
        certificates=session.scalars(
            select(Certificate)
            .where(Certificate.person_id == found.id)
            .order_by(Certificate.completed_on.desc())
        ).all(),
        profile=[(code, scores.get(code)) for code in CODES],
    )
