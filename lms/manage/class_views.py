"""Thematic classes (专题班): create them, follow members' progress."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectChoice

from lms import db
from lms.accounts.models import Person
from lms.certificates.models import Certificate
from lms.classes import operations as class_ops
from lms.classes.models import ThematicClass, class_course
from lms.core.access import role_required
from lms.core.errors import DomainError, NotFound
from lms.core.forms import ActionForm
from lms.core.paging import Page, clamp_page
from lms.courses.models import Course
from lms.manage import bp, queries
from lms.manage.forms import ClassForm
from lms.orgs.models import OrgUnit


def _visible(session, class_id: int) -> ThematicClass:  # type: ignore[no-untyped-def]
    cls = session.get(ThematicClass, class_id)
    if cls is None or (current_user.role != "admin" and cls.created_by_id != current_user.id):
        raise NotFound(_("This class does not exist."))
    return cls


@bp.route("/classes", methods=["GET", "POST"])
@role_required("manager")
def classes():  # type: ignore[no-untyped-def]
    session = db.session()
    form = ClassForm()
    courses = session.scalars(
        select(Course).where(Course.status == "published").order_by(Course.title)
    ).all()
    form.courses.choices = [SelectChoice(c.id, c.title) for c in courses]
    status = 200
    if form.validate_on_submit():
        status = _create(session, form, {c.id for c in courses})
        if status == 302:
            flash(_("The class is created."), "success")
            return redirect(url_for("manage.classes"))
    elif form.is_submitted():
        status = 400
    query = select(ThematicClass)
    if current_user.role != "admin":
        query = query.where(ThematicClass.created_by_id == current_user.id)
    per_page, page_no = 30, clamp_page(request.args.get("page"))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(ThematicClass.starts_on.desc(), ThematicClass.id.desc())
        .limit(per_page)
        .offset((page_no - 1) * per_page)
    ).all()
    page = Page(items=list(rows), page=page_no, per_page=per_page, total=total)
    return render_template("manage/classes.html", form=form, page=page), status


def _create(session, form: ClassForm, published: set[int]) -> int:  # type: ignore[no-untyped-def]
    units = []
    for code in (form.unit_codes.data or "").split():
        unit = queries.unit_in_scope(session, current_user, code)
        if unit is None:
            form.unit_codes.errors = [_("No such unit in your scope.") + f" {code}"]
            return 400
        units.append(unit)
    people = queries.people_from_field(session, current_user, form.people)
    if people is None:
        return 400
    try:
        class_ops.create_class(
            session,
            current_user,
            code=form.code.data,
            title=form.title.data,
            description=form.description.data or "",
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            required_hours=Decimal(form.required_hours.data),
            course_ids=[c for c in form.courses.data or [] if c in published],
            units=units,
            people=people,
            ip=request.remote_addr,
        )
    except DomainError as exc:
        form.form_errors.append(exc.message)
        return exc.status
    return 302


@bp.route("/classes/<int:class_id>", methods=["GET", "POST"])
@role_required("manager")
def class_progress(class_id: int):  # type: ignore[no-untyped-def]
    session = db.session()
    cls = _visible(session, class_id)
    if request.method == "POST":
        ActionForm().validate_or_400()
        issued = class_ops.check_completions(session, cls)
        flash(_("%(n)d new class certificates.", n=issued), "success")
        return redirect(url_for("manage.class_progress", class_id=cls.id))
    member_ids = class_ops.members(cls)
    total = session.scalar(select(func.count()).select_from(member_ids.subquery())) or 0
    per_page, page_no = 50, clamp_page(request.args.get("page"))
    rows = session.execute(
        select(Person, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == Person.unit_id)
        .where(Person.id.in_(member_ids))
        .order_by(OrgUnit.path, Person.display_name)
        .limit(per_page)
        .offset((page_no - 1) * per_page)
    ).all()
    ids = [p.id for p, _n in rows]
    hours = class_ops.class_hours(session, cls, ids)
    done = set(
        session.scalars(
            select(Certificate.person_id).where(
                Certificate.class_id == cls.id, Certificate.person_id.in_(ids)
            )
        )
    )
    courses = session.scalars(
        select(Course)
        .join(class_course, class_course.c.course_id == Course.id)
        .where(class_course.c.class_id == cls.id)
        .order_by(class_course.c.position)
    ).all()
    page = Page(
        items=[(p, name, hours.get(p.id, Decimal(0)), p.id in done) for p, name in rows],
        page=page_no,
        per_page=per_page,
        total=total,
    )
    return render_template(
        "manage/class.html", cls=cls, page=page, courses=courses, form=ActionForm()
    )
