"""The personnel office's dashboard for a unit subtree, from the yearly summaries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Integer, cast, func, literal_column, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.core.competencies import CODES
from lms.core.time import today_local
from lms.db import utcnow
from lms.learning.models import Enrollment
from lms.manage.assignments import assignments_in_scope
from lms.orgs.models import OrgUnit
from lms.reports.models import PersonCompetency, PersonYearSummary

ZERO = Decimal(0)


@dataclass
class UnitBar:
    unit: OrgUnit
    people: int = 0
    total: Decimal = ZERO
    target: Decimal = ZERO
    on_track: int = 0

    @property
    def compliance(self) -> float:
        return self.on_track / self.people if self.people else 0.0


@dataclass
class Dashboard:
    unit: OrgUnit | None
    year: int
    people: int = 0
    active_30d: int = 0
    on_track: int = 0
    certificates: int = 0
    hours: dict[str, Decimal] = field(default_factory=dict)
    targets: dict[str, Decimal] = field(default_factory=dict)
    children: list[UnitBar] = field(default_factory=list)
    courses: list[tuple[str, int, int]] = field(default_factory=list)
    overdue: int = 0
    profile: dict[str, float | None] = field(default_factory=dict)
    scope_profile: dict[str, float | None] = field(default_factory=dict)
    monthly: list[int] = field(default_factory=list)

    @property
    def compliance(self) -> float:
        return self.on_track / self.people if self.people else 0.0


def _subtree(unit: OrgUnit | None):  # type: ignore[no-untyped-def]
    return OrgUnit.path.startswith(unit.path, autoescape=True) if unit else True


def build(
    session: Session, manager: Person, unit: OrgUnit | None, scope: OrgUnit | None, year: int
) -> Dashboard:
    """Figures for ``unit``'s subtree (None: everything an admin sees)."""
    board = Dashboard(unit=unit, year=year)
    in_subtree = _subtree(unit)
    # totals by the person's unit, rolled up to the child units below
    rows = session.execute(
        select(
            Person.unit_id,
            func.count(PersonYearSummary.person_id),
            func.sum(PersonYearSummary.online),
            func.sum(PersonYearSummary.offline),
            func.sum(PersonYearSummary.external),
            func.sum(PersonYearSummary.total),
            func.sum(PersonYearSummary.target_total),
            func.sum(func.coalesce(PersonYearSummary.target_online, 0)),
            func.sum(func.coalesce(PersonYearSummary.target_offline, 0)),
            func.sum(cast(PersonYearSummary.on_track, Integer)),
            func.sum(PersonYearSummary.certificates),
        )
        .join(
            PersonYearSummary,
            (PersonYearSummary.person_id == Person.id) & (PersonYearSummary.year == year),
        )
        .join(OrgUnit, OrgUnit.id == Person.unit_id)
        .where(in_subtree, Person.is_active.is_(True))
        .group_by(Person.unit_id)
    ).all()
    units = {u.id: u for u in session.scalars(select(OrgUnit).where(in_subtree))}
    depth = unit.depth + 1 if unit else 0
    children = {
        u.id: UnitBar(u)
        for u in units.values()
        if u.depth == depth and (unit is None or u.parent_id == unit.id)
    }
    hours = defaultdict(lambda: ZERO)
    targets = defaultdict(lambda: ZERO)
    for (
        unit_id,
        count,
        online,
        offline,
        external,
        total,
        t_total,
        t_online,
        t_offline,
        on_track,
        certificates,
    ) in rows:
        board.people += count
        board.on_track += int(on_track or 0)
        board.certificates += int(certificates or 0)
        for key, value in (
            ("online", online),
            ("offline", offline),
            ("external", external),
            ("total", total),
        ):
            hours[key] += Decimal(value or 0)
        for key, value in (("total", t_total), ("online", t_online), ("offline", t_offline)):
            targets[key] += Decimal(value or 0)
        chain = (
            [int(x) for x in units[unit_id].path.strip("/").split("/")] if unit_id in units else []
        )
        child = next((children[i] for i in chain if i in children), None)
        if child is not None:
            child.people += count
            child.total += Decimal(total or 0)
            child.target += Decimal(t_total or 0)
            child.on_track += int(on_track or 0)
    board.hours, board.targets = dict(hours), dict(targets)
    board.children = sorted(children.values(), key=lambda c: c.unit.name)
    since = utcnow() - timedelta(days=30)
    board.active_30d = (
        session.scalar(
            select(func.count())
            .select_from(Person)
            .join(OrgUnit, OrgUnit.id == Person.unit_id)
            .where(in_subtree, Person.is_active.is_(True), Person.last_login_at >= since)
        )
        or 0
    )
    # every assignment counts towards "overdue"; the chart shows the first twelve
    page = assignments_in_scope(session, manager, year, per_page=1000)
    today = today_local()
    board.courses = [(row.course_title, row.completed, row.people) for row in page.items[:12]]
    board.overdue = sum(
        row.people - row.completed for row in page.items if row.assignment.due_date < today
    )
    board.monthly = _monthly(session, in_subtree, year)
    board.profile = _profile(session, in_subtree)
    board.scope_profile = _profile(session, _subtree(scope)) if scope != unit else board.profile
    return board


def _monthly(session: Session, in_subtree, year: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Course completions per month (Asia/Shanghai months), grouped in SQL."""
    if session.get_bind().dialect.name == "postgresql":
        local = literal_column("enrollment.completed_at AT TIME ZONE 'Asia/Shanghai'")
        month, in_year = func.extract("month", local), func.extract("year", local)
    else:
        local = func.datetime(Enrollment.completed_at, "+8 hours")
        month = cast(func.strftime("%m", local), Integer)
        in_year = cast(func.strftime("%Y", local), Integer)
    rows = session.execute(
        select(month, func.count())
        .select_from(Enrollment)
        .join(Person, Person.id == Enrollment.person_id)
        .join(OrgUnit, OrgUnit.id == Person.unit_id)
        .where(in_subtree, Enrollment.completed_at.is_not(None), in_year == year)
        .group_by(month)
    ).all()
    months = [0] * 12
    for number, count in rows:
        months[int(number) - 1] = count
    return months


def _profile(session: Session, in_subtree) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    """The average competency score of the people in the subtree (stored scores)."""
    rows = session.execute(
        select(PersonCompetency.competency_code, func.avg(PersonCompetency.share))
        .join(Person, Person.id == PersonCompetency.person_id)
        .join(OrgUnit, OrgUnit.id == Person.unit_id)
        .where(in_subtree, Person.is_active.is_(True))
        .group_by(PersonCompetency.competency_code)
    ).all()
    averages = {code: float(value) for code, value in rows if value is not None}
    return {code: averages.get(code) for code in CODES}
