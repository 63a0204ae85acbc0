"""Administrators' pages."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectChoice

from lms import db
from lms.accounts.models import STAFF_TYPES, Person
from lms.admin import bp
from lms.admin import operations as ops
from lms.admin.forms import MoveForm, PersonForm, RosterForm, UnitForm
from lms.admin.roster import RosterError, import_roster
from lms.audit.queries import audit_page
from lms.core.access import role_required
from lms.core.errors import DomainError, NotFound
from lms.core.forms import ActionForm
from lms.core.paging import Page, clamp_page
from lms.orgs.models import OrgUnit


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


ROLE_NAMES = {
    "learner": _l("Learner"),
    "trainer": _l("Trainer"),
    "manager": _l("Personnel manager"),
    "admin": _l("Administrator"),
}
KIND_NAMES = {
    "province": _l("Province"),
    "city": _l("City"),
    "county": _l("County"),
    "township": _l("Township"),
    "department": _l("Department or station"),
    "village": _l("Village"),
}


@bp.route("/units", methods=["GET", "POST"])
@role_required("admin")
def units():  # type: ignore[no-untyped-def]
    session = db.session()
    form = UnitForm()
    form.kind.choices = [SelectChoice(k, str(v)) for k, v in KIND_NAMES.items()]
    status = 200
    if form.validate_on_submit():
        try:
            ops.add_unit(
                session,
                current_user,
                code=form.code.data,
                name=form.name.data,
                kind=form.kind.data,
                parent_code=form.parent_code.data or "",
                ip=request.remote_addr,
            )
        except DomainError as exc:
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Unit created."), "success")
            return redirect(url_for("admin.units"))
    elif form.is_submitted():
        status = 400
    # the tree in path order, 200 units a page (a province has thousands)
    per_page, page_no = 200, clamp_page(request.args.get("page"))
    total = session.scalar(select(func.count()).select_from(OrgUnit)) or 0
    units = session.scalars(
        select(OrgUnit).order_by(OrgUnit.path).limit(per_page).offset((page_no - 1) * per_page)
    ).all()
    page = Page(items=list(units), page=page_no, per_page=per_page, total=total)
    return render_template("admin/units.html", page=page, form=form, kinds=KIND_NAMES), status


@bp.route("/units/<code>/move", methods=["GET", "POST"])
@role_required("admin")
def move(code: str):  # type: ignore[no-untyped-def]
    session = db.session()
    unit = session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    if unit is None:
        raise NotFound(_("This unit does not exist."))
    form = MoveForm()
    status = 200
    if form.validate_on_submit():
        try:
            moved = ops.relocate_unit(
                session, current_user, unit, form.parent_code.data, ip=request.remote_addr
            )
        except DomainError as exc:
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Moved %(n)d units.", n=moved), "success")
            return redirect(url_for("admin.units"))
    elif form.is_submitted():
        status = 400
    return render_template("admin/move.html", unit=unit, form=form), status


@bp.route("/people")
@role_required("admin")
def people():  # type: ignore[no-untyped-def]
    session = db.session()
    text = request.args.get("q", "").strip()[:64]
    query = select(Person, OrgUnit.name).join(OrgUnit, OrgUnit.id == Person.unit_id)
    if text:
        query = query.where(
            Person.username.icontains(text, autoescape=True)
            | Person.display_name.icontains(text, autoescape=True)
            | (Person.employee_no == text)
        )
    per_page, page_no = 50, clamp_page(request.args.get("page"))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Person.username).limit(per_page).offset((page_no - 1) * per_page)
    ).all()
    return render_template(
        "admin/people.html",
        page=Page(items=[tuple(r) for r in rows], page=page_no, per_page=per_page, total=total),
        q=text,
        roles=ROLE_NAMES,
    )


def _person_form(person: Person | None) -> PersonForm:
    form = PersonForm()
    form.role.choices = [SelectChoice(k, str(v)) for k, v in ROLE_NAMES.items()]
    form.staff_type.choices = [SelectChoice("", "—"), *[SelectChoice(s, s) for s in STAFF_TYPES]]
    if request.method == "GET" and person is not None:
        session = db.session()
        unit = session.get(OrgUnit, person.unit_id)
        scope = session.get(OrgUnit, person.scope_unit_id) if person.scope_unit_id else None
        form.process(
            data={
                "username": person.username,
                "display_name": person.display_name,
                "employee_no": person.employee_no or "",
                "email": person.email or "",
                "unit_code": unit.code if unit else "",
                "role": person.role,
                "rank": person.rank or "",
                "staff_type": person.staff_type or "",
                "scope_unit_code": scope.code if scope else "",
                "is_active": person.is_active,
            }
        )
    return form


def _fields(form: PersonForm) -> ops.PersonFields:
    return ops.PersonFields(
        username=form.username.data.strip(),
        display_name=form.display_name.data,
        employee_no=form.employee_no.data or "",
        email=form.email.data or "",
        unit_code=form.unit_code.data,
        role=form.role.data,
        rank=form.rank.data or "",
        staff_type=form.staff_type.data or "",
        scope_unit_code=form.scope_unit_code.data or "",
        is_active=bool(form.is_active.data),
    )


@bp.route("/people/new", methods=["GET", "POST"])
@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@role_required("admin")
def person(person_id: int | None = None):  # type: ignore[no-untyped-def]
    session = db.session()
    found = session.get(Person, person_id) if person_id else None
    if person_id and found is None:
        raise NotFound(_("This person does not exist."))
    form = _person_form(found)
    status, temporary = 200, None
    if request.method == "POST" and request.form.get("action") == "reset" and found:
        ActionForm().validate_or_400()
        temporary = ops.reset_password(session, current_user, found, ip=request.remote_addr)
    elif form.validate_on_submit():
        try:
            saved = ops.save_person(
                session, current_user, found, _fields(form), ip=request.remote_addr
            )
        except DomainError as exc:
            form.form_errors.append(exc.message)
            status = exc.status
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.person", person_id=saved.id))
    elif form.is_submitted():
        status = 400
    return render_template(
        "admin/person.html", person=found, form=form, temporary=temporary, reset_form=ActionForm()
    ), status
