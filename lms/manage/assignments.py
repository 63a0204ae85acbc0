"""Required courses (必修): assigning them and following who is done and who is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from lms.accounts.models import Person
from lms.accounts.permissions import people_in_scope, scope_root
from lms.audit.operations import record_event
from lms.core.errors import Invalid
from lms.core.paging import Page
from lms.core.time import local_year
from lms.courses.models import Course
from lms.learning.models import Assignment, Enrollment
from lms.learning.operations import assign_course
from lms.orgs.models import OrgUnit
from lms.reports.models import PersonYearSummary


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
    """This year's assignments on units or people in scope, with people (active, in the
    target now) and completions counted in three statements for the whole page, from the
    current yearly summaries and the enrolments' unit copies (see ``_counts``)."""
    root = scope_root(session, manager)
    target_unit = aliased(OrgUnit)
    single = aliased(Person)
    query = (
        select(Assignment, Course.title, target_unit.name, target_unit.path, single.display_name)
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
    counts = _counts(session, [(a, path) for a, _t, _n, path, _p in rows])
    items = [
        AssignmentRow(a, title, unit_name or person_name or "", *counts.get(a.id, (0, 0)))
        for a, title, unit_name, _path, person_name in rows
    ]
    return Page(items=items, page=page, per_page=per_page, total=total)


def _counts(
    session: Session, rows: list[tuple[Assignment, str | None]]
) -> dict[int, tuple[int, int]]:
    """(people, completed) per assignment. Unit assignments: active people per unit from
    this year's summaries (they carry everyone's current unit) and completions per unit
    from the enrolments, summed over each target's subtree in Python; assignments on one
    person: whether they are active and have completed."""
    from lms.manage.required import Subtree

    targets = [(a, path) for a, path in rows if a.unit_id is not None and path]
    counts: dict[int, tuple[int, int]] = {}
    if targets:
        under_targets = select(OrgUnit.id).where(
            or_(*[OrgUnit.path.startswith(path, autoescape=True) for _a, path in targets])
        )
        paths = dict(
            session.execute(
                select(OrgUnit.id, OrgUnit.path).where(OrgUnit.id.in_(under_targets))
            ).all()
        )
        people = dict(
            session.execute(
                select(PersonYearSummary.unit_id, func.count())
                .where(
                    PersonYearSummary.year == local_year(),
                    PersonYearSummary.active.is_(True),
                    PersonYearSummary.unit_id.in_(under_targets),
                )
                .group_by(PersonYearSummary.unit_id)
            ).all()
        )
        done: dict[tuple[int, int], int] = {
            (course_id, unit_id): n
            for course_id, unit_id, n in session.execute(
                select(Enrollment.course_id, Enrollment.unit_id, func.count())
                .where(
                    Enrollment.course_id.in_({a.course_id for a, _p in targets}),
                    Enrollment.active.is_(True),
                    Enrollment.completed_at.is_not(None),
                    Enrollment.unit_id.in_(under_targets),
                )
                .group_by(Enrollment.course_id, Enrollment.unit_id)
            )
        }
        subtree = Subtree(paths)
        for a, path in targets:
            units = subtree.under(path)
            counts[a.id] = (
                sum(people.get(u, 0) for u in units),
                sum(done.get((a.course_id, u), 0) for u in units),
            )
    singles = [a for a, _p in rows if a.person_id is not None]
    if singles:
        for assignment_id, active, completed_at in session.execute(
            select(Assignment.id, Person.is_active, Enrollment.completed_at)
            .join(Person, Person.id == Assignment.person_id)
            .outerjoin(
                Enrollment,
                and_(
                    Enrollment.person_id == Assignment.person_id,
                    Enrollment.course_id == Assignment.course_id,
                ),
            )
            .where(Assignment.id.in_([a.id for a in singles]))
        ):
            counts[assignment_id] = (int(bool(active)), int(bool(active and completed_at)))
    return counts


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
