"""The people table: everyone in the manager's scope with this year's standing, filtered,
sorted and paged in SQL on the yearly summaries; the same query feeds the exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.accounts.permissions import people_in_scope, scope_root
from lms.core.paging import Page
from lms.courses.models import Course
from lms.learning.models import Enrollment
from lms.orgs.models import OrgUnit
from lms.reports.models import PersonCompetency, PersonYearSummary

SORTS = {
    "name": (Person.display_name, Person.id),
    "unit": (OrgUnit.path, Person.display_name, Person.id),
    "hours": (func.coalesce(PersonYearSummary.total, 0).desc(), Person.id),
    "hours_asc": (func.coalesce(PersonYearSummary.total, 0), Person.id),
}


@dataclass
class PeopleFilter:
    year: int
    unit: str = ""
    rank: str = ""
    staff_type: str = ""
    #: "" | "on_track" | "behind"
    status: str = ""
    course: str = ""
    #: "" | "completed" | "not_completed"
    course_state: str = ""
    #: a competency code: only people whose stored score is below ``below`` per cent
    #: (people never assessed in it count as below: they are a gap too)
    competency: str = ""
    below: int = 60
    sort: str = "unit"
    errors: list[str] = field(default_factory=list)

    def as_args(self) -> dict[str, Any]:
        args = {k: v for k, v in self.__dict__.items() if k not in ("errors", "below") and v}
        if self.competency:
            args["below"] = self.below
        return args


def people_query(session: Session, manager: Person, f: PeopleFilter) -> Select[Any]:
    """People in scope (active ones) with their unit and summary, filtered and sorted."""
    query = (
        people_in_scope(session, manager)
        .add_columns(OrgUnit.code, OrgUnit.name, PersonYearSummary)
        .outerjoin(
            PersonYearSummary,
            and_(PersonYearSummary.person_id == Person.id, PersonYearSummary.year == f.year),
        )
        .where(Person.is_active.is_(True))
    )
    if f.unit:
        unit = session.scalar(select(OrgUnit).where(OrgUnit.code == f.unit))
        root = scope_root(session, manager)
        if unit is None or (root is not None and not unit.path.startswith(root.path)):
            query = query.where(False)
        else:
            query = query.where(OrgUnit.path.startswith(unit.path, autoescape=True))
    if f.rank:
        query = query.where(Person.rank == f.rank)
    if f.staff_type:
        query = query.where(Person.staff_type == f.staff_type)
    if f.status == "on_track":
        query = query.where(PersonYearSummary.on_track.is_(True))
    elif f.status == "behind":
        query = query.where(func.coalesce(PersonYearSummary.on_track, False).is_(False))
    if f.course and f.course_state in ("completed", "not_completed"):
        done = (
            select(Enrollment.id)
            .join(Course, Course.id == Enrollment.course_id)
            .where(
                Enrollment.person_id == Person.id,
                Course.code == f.course,
                Enrollment.completed_at.is_not(None),
            )
            .exists()
        )
        query = query.where(done if f.course_state == "completed" else ~done)
    if f.competency:
        query = (
            query.add_columns(PersonCompetency.share)
            .outerjoin(
                PersonCompetency,
                and_(
                    PersonCompetency.person_id == Person.id,
                    PersonCompetency.competency_code == f.competency,
                ),
            )
            .where(func.coalesce(PersonCompetency.share, 0) < Decimal(f.below) / 100)
        )
    return query.order_by(*SORTS.get(f.sort, SORTS["unit"]))


@dataclass(frozen=True)
class PersonRow:
    person: Person
    unit_code: str
    unit_name: str
    summary: PersonYearSummary | None
    #: the filtered competency's score (0–1), when the table is filtered by one
    competency_share: Decimal | None = None

    @property
    def total(self) -> Decimal:
        return self.summary.total if self.summary else Decimal(0)


def people_page(
    session: Session, manager: Person, f: PeopleFilter, *, page: int = 1, per_page: int = 50
) -> Page[PersonRow]:
    """One statement: the filtered, sorted table is walked once for the page's ids with a
    window count of the whole (narrow rows), then only those ids load in full."""
    query = people_query(session, manager, f)
    ids = (
        query.with_only_columns(Person.id, func.count().over().label("total"))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery()
    )
    rows = session.execute(query.add_columns(ids.c.total).join(ids, ids.c.id == Person.id)).all()
    if rows:
        total = rows[0][-1]
    else:  # past the last page (or nothing matches): count on its own
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = [PersonRow(*row[:-1]) for row in rows]
    return Page(items=items, page=page, per_page=per_page, total=total or 0)
