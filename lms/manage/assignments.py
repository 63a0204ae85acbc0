"""Required courses (必修): assigning them and following who is done and who is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from lms.accounts.models import Person
from lms.accounts.permissions import people_in_scope, scope_root
from lms.audit.operations import record_event
from lms.core.errors import Invalid
from lms.core.paging import Page
from lms.courses.models import Course
from lms.learning.models import Assignment, Enrollment
from lms.learning.operations import assign_course
from lms.orgs.models import OrgUnit


def assign(
    session: Session,
    manager: Person,
    course: Course,
    *,
    year: int,
    due_date: date,
    unit: OrgUnit | None = None,
    people: list[Person] | None = None,
    ip: str | None = None,
) -> list[Assignment]:
    """Make ``course`` required for a unit subtree or for listed people (all or nothing)."""
    if due_date.year != year:
        raise Invalid(_("The due date must be in %(year)d.", year=year))
    if (unit is None) == (not people):
        raise Invalid(_("Assign a course either to a unit or to a person."))
    targets = [(unit.id, None)] if unit is not None else [(None, p.id) for p in people or []]
    created = [
        assign_course(
            session,
            course,
            year=year,
            due_date=due_date,
            unit_id=u,
            person_id=p,
            assigned_by_id=manager.id,
        )
        for u, p in targets
    ]
    record_event(
        session,
        "assignment.create",
        actor_id=manager.id,
        target_type="course",
        target_id=course.code,
        ip=ip,
        details={
            "unit": unit.code if unit else None,
            "people": len(people or []),
            "year": year,
            "due": due_date.isoformat(),
        },
    )
    return created


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    course_title: str
    target: str
    people: int
    completed: int


def assignments_in_scope(
    session: Session, manager: Person, year: int, *, page: int = 1, per_page: int = 20
) -> Page[AssignmentRow]:
    """This year's assignments on units or people in scope, with people and completions
    counted in the same statement."""
    root = scope_root(session, manager)
    target_unit = aliased(OrgUnit)
    person_unit = aliased(OrgUnit)
    covered = (
        select(func.count(Person.id))
        .join(person_unit, person_unit.id == Person.unit_id)
        .where(
            Person.is_active.is_(True),
            ((Assignment.person_id.is_not(None)) & (Person.id == Assignment.person_id))
            | ((Assignment.unit_id.is_not(None)) & person_unit.path.startswith(target_unit.path)),
        )
    )
    done = covered.join(
        Enrollment,
        and_(
            Enrollment.person_id == Person.id,
            Enrollment.course_id == Assignment.course_id,
            Enrollment.completed_at.is_not(None),
        ),
    )
    single = aliased(Person)
    query = (
        select(
            Assignment,
            Course.title,
            target_unit.name,
            single.display_name,
            covered.scalar_subquery(),
            done.scalar_subquery(),
        )
        .join(Course, Course.id == Assignment.course_id)
        .outerjoin(target_unit, target_unit.id == Assignment.unit_id)
        .outerjoin(single, single.id == Assignment.person_id)
        .where(Assignment.year == year)
    )
    if root is not None:
        single_unit = aliased(OrgUnit)
        query = query.outerjoin(single_unit, single_unit.id == single.unit_id).where(
            target_unit.path.startswith(root.path, autoescape=True)
            | single_unit.path.startswith(root.path, autoescape=True)
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Assignment.due_date, Assignment.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [
        AssignmentRow(a, title, unit_name or person_name or "", people or 0, completed or 0)
        for a, title, unit_name, person_name, people, completed in rows
    ]
    return Page(items=items, page=page, per_page=per_page, total=total)


def unfinished_people(
    session: Session, manager: Person, assignment: Assignment, *, page: int = 1, per_page: int = 50
) -> Page[tuple[Person, str]]:
    """Who in the manager's scope has not completed the assigned course yet."""
    query = (
        people_in_scope(session, manager)
        .add_columns(OrgUnit.name)
        .where(
            Person.is_active.is_(True),
            ~select(Enrollment.id)
            .where(
                Enrollment.person_id == Person.id,
                Enrollment.course_id == assignment.course_id,
                Enrollment.completed_at.is_not(None),
            )
            .exists(),
        )
    )
    if assignment.person_id is not None:
        query = query.where(Person.id == assignment.person_id)
    else:
        unit = session.get(OrgUnit, assignment.unit_id)
        assert unit is not None
        query = query.where(OrgUnit.path.startswith(unit.path, autoescape=True))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(OrgUnit.path, Person.display_name)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(items=[(p, name) for p, name in rows], page=page, per_page=per_page, total=total)


def visible_assignment(session: Session, manager: Person, assignment_id: int) -> Assignment | None:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        return None
    root = scope_root(session, manager)
    if root is None:
        return assignment
    if assignment.unit_id is not None:
        unit = session.get(OrgUnit, assignment.unit_id)
        return assignment if unit and unit.path.startswith(root.path) else None
    person = session.get(Person, assignment.person_id)
    unit = session.get(OrgUnit, person.unit_id) if person else None
    return assignment if unit and unit.path.startswith(root.path) else None
