"""Who may see whom: a manager sees only their own org subtree; an admin sees everything."""

from __future__ import annotations

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.orgs.models import OrgUnit


def scope_root(session: Session, manager: Person) -> OrgUnit | None:
    """The root of the subtree ``manager`` may see; None means everything (admins)."""
    if manager.role == "admin":
        return None
    unit_id = manager.scope_unit_id or manager.unit_id
    return session.get(OrgUnit, unit_id)


def people_in_scope(session: Session, manager: Person) -> Select[tuple[Person]]:
    """A query of the people ``manager`` may see, joined to their units (callers may add
    OrgUnit columns and filters). Learners and trainers see nobody."""
    query = select(Person).join(OrgUnit, Person.unit_id == OrgUnit.id)
    if manager.role == "admin":
        return query
    if manager.role != "manager":
        return query.where(false())
    root = scope_root(session, manager)
    assert root is not None
    return query.where(OrgUnit.path.startswith(root.path, autoescape=True))


def can_see_person(session: Session, manager: Person, person: Person) -> bool:
    if manager.role == "admin":
        return True
    if manager.role != "manager":
        return manager.id == person.id
    root = scope_root(session, manager)
    unit = session.get(OrgUnit, person.unit_id)
    return root is not None and unit is not None and unit.path.startswith(root.path)
