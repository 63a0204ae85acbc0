"""Administrators' operations on units and people. Every change is audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import STAFF_TYPES, Person
from lms.accounts.operations import set_password
from lms.admin.roster import EMAIL, USERNAME
from lms.audit.operations import record_event
from lms.core.access import ROLES
from lms.core.errors import Invalid
from lms.core.time import local_year
from lms.orgs.models import UNIT_KINDS, OrgUnit
from lms.orgs.operations import create_unit, move_unit, unit_by_code
from lms.reports.summaries import refresh, refresh_subtree


@dataclass
class PersonFields:
    username: str
    display_name: str
    employee_no: str
    email: str
    unit_code: str
    role: str
    rank: str
    staff_type: str
    scope_unit_code: str
    is_active: bool = True


def _unit(session: Session, code: str, what: str) -> OrgUnit:
    unit = unit_by_code(session, code.strip())
    if unit is None:
        raise Invalid(_("Unknown %(what)s code: %(code)s", what=what, code=code or "—"))
    return unit


def save_person(
    session: Session,
    actor: Person,
    person: Person | None,
    fields: PersonFields,
    *,
    ip: str | None = None,
) -> Person:
    """Create (person None) or update a person, validating everything first."""
    if not USERNAME.match(fields.username):
        raise Invalid(_("username must be 2–64 letters, digits or . _ -"))
    if not fields.display_name.strip():
        raise Invalid(_("display_name is required (at most 64 characters)."))
    if fields.role not in ROLES:
        raise Invalid(_("role must be one of: %(roles)s", roles=", ".join(ROLES)))
    if fields.staff_type and fields.staff_type not in STAFF_TYPES:
        raise Invalid(_("staff_type must be one of: %(types)s", types="、".join(STAFF_TYPES)))
    if fields.email and not EMAIL.match(fields.email):
        raise Invalid(_("email is not an e-mail address."))
    unit = _unit(session, fields.unit_code, _("unit"))
    scope = (
        _unit(session, fields.scope_unit_code, _("scope unit"))
        if fields.role == "manager" and fields.scope_unit_code.strip()
        else None
    )
    others = (
        select(func.count()).select_from(Person).where(Person.id != (person.id if person else -1))
    )
    if session.scalar(others.where(func.lower(Person.username) == fields.username.lower())):
        raise Invalid(_("username %(name)s belongs to someone else.", name=fields.username))
    if fields.employee_no and session.scalar(
        others.where(Person.employee_no == fields.employee_no)
    ):
        raise Invalid(_("employee_no %(no)s belongs to someone else.", no=fields.employee_no))
    created = person is None
    if person is None:
        person = Person(username=fields.username, display_name=fields.display_name, unit_id=unit.id)
        session.add(person)
    before = {"unit": person.unit_id, "role": person.role, "active": person.is_active}
    person.username = fields.username
    person.display_name = fields.display_name.strip()
    person.employee_no = fields.employee_no.strip() or None
    person.email = fields.email.strip() or None
    person.unit_id = unit.id
    person.role = fields.role
    person.rank = fields.rank.strip() or None
    person.staff_type = fields.staff_type or None
    person.scope_unit_id = scope.id if scope else None
    person.is_active = fields.is_active
    session.flush()
    refresh(session.connection(), [person.id], [local_year()])
    record_event(
        session,
        "person.create" if created else "person.update",
        actor_id=actor.id,
        target_type="person",
        target_id=person.id,
        ip=ip,
        details={
            "username": person.username,
            "before": before,
            "after": {"unit": person.unit_id, "role": person.role, "active": person.is_active},
        },
    )
    return person


def reset_password(
    session: Session, actor: Person, person: Person, *, ip: str | None = None
) -> str:
    """A temporary password, shown once; the person must choose their own at next sign-in."""
    temporary = "Tmp-" + secrets.token_urlsafe(9)
    set_password(
        person, temporary, method=current_app.config["PASSWORD_HASH_METHOD"], must_change=True
    )
    session.flush()
    record_event(
        session,
        "person.password_reset",
        actor_id=actor.id,
        target_type="person",
        target_id=person.id,
        ip=ip,
    )
    return temporary


def add_unit(
    session: Session,
    actor: Person,
    *,
    code: str,
    name: str,
    kind: str,
    parent_code: str,
    ip: str | None = None,
) -> OrgUnit:
    code, name = code.strip(), name.strip()
    if not code or len(code) > 64 or not name:
        raise Invalid(_("Give the unit a code (at most 64 characters) and a name."))
    if unit_by_code(session, code) is not None:
        raise Invalid(_("The unit code %(code)s is taken.", code=code))
    if kind not in UNIT_KINDS:
        raise Invalid(_("Unknown unit kind."))
    parent = _unit(session, parent_code, _("parent unit")) if parent_code.strip() else None
    unit = create_unit(session, code=code, name=name, kind=kind, parent=parent)
    record_event(
        session,
        "unit.create",
        actor_id=actor.id,
        target_type="unit",
        target_id=code,
        ip=ip,
        details={"parent": parent_code or None},
    )
    return unit


def relocate_unit(
    session: Session, actor: Person, unit: OrgUnit, parent_code: str, *, ip: str | None = None
) -> int:
    parent = _unit(session, parent_code, _("parent unit"))
    old_parent = unit.parent_id
    code, path_before = unit.code, unit.path
    moved = move_unit(session, unit, parent)
    refreshed = session.get(OrgUnit, unit.id)
    assert refreshed is not None
    refresh_subtree(session.connection(), refreshed.path, local_year())
    record_event(
        session,
        "unit.move",
        actor_id=actor.id,
        target_type="unit",
        target_id=code,
        ip=ip,
        details={
            "from_parent": old_parent,
            "to_parent": parent.id,
            "units": moved,
            "path_before": path_before,
        },
    )
    return moved
