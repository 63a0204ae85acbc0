"""The personnel office's dashboard for a unit subtree, from the yearly summaries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Integer, cast, func, select, true
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.core.competencies import CODES
from lms.core.time import today_local
from lms.db import utcnow
from lms.manage.required import progress_in_subtree
from lms.orgs.models import OrgUnit
from lms.orgs.operations import in_subtree
from lms.reports.models import MONTH_COLUMNS, PersonCompetency, PersonYearSummary

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
    #: (title, completed, people, overdue) of the twelve required courses with most people
    courses: list[tuple[str, int, int, int]] = field(default_factory=list)
    overdue: int = 0
    profile: dict[str, float | None] = field(default_factory=dict)
    scope_profile: dict[str, float | None] = field(default_factory=dict)
    monthly: list[int] = field(default_factory=list)

    @property
    def compliance(self) -> float:
        return self.on_track / self.people if self.people else 0.0


def _subtree(unit: OrgUnit | None):  # type: ignore[no-untyped-def]
    return OrgUnit.path.startswith(unit.path, autoescape=True) if unit else True


def build(session: Session, unit: OrgUnit | None, scope: OrgUnit | None, year: int) -> Dashboard:
    """Figures for ``unit``'s subtree (None: everything an admin sees).

    Five statements whatever the size of the subtree: the units, one scan of the yearly
    summaries (totals, targets, certificates and monthly completions by unit), people active
    in the last 30 days, the competency averages (twice when the scope differs), and the
    required courses. Figures count active people, by the unit they belonged to when their
    summary was last computed (after every change and unit move)."""
    board = Dashboard(unit=unit, year=year)
    paths = dict(session.execute(select(OrgUnit.id, OrgUnit.path).where(_subtree(unit))).all())
    months = [getattr(PersonYearSummary, name) for name in MONTH_COLUMNS]
    rows = session.execute(
        select(
            PersonYearSummary.unit_id,
            func.count(),
            func.sum(PersonYearSummary.online),
            func.sum(PersonYearSummary.offline),
            func.sum(PersonYearSummary.external),
            func.sum(PersonYearSummary.total),
            func.sum(PersonYearSummary.target_total),
            func.sum(func.coalesce(PersonYearSummary.target_online, 0)),
            func.sum(func.coalesce(PersonYearSummary.target_offline, 0)),
            func.sum(cast(PersonYearSummary.on_track, Integer)),
            func.sum(PersonYearSummary.certificates),
            *[func.sum(month) for month in months],
        )
        .where(
            PersonYearSummary.year == year,
            PersonYearSummary.active.is_(True),
            in_subtree(PersonYearSummary.unit_id, unit),
        )
        .group_by(PersonYearSummary.unit_id)
    ).all()
    children = {
        u.id: UnitBar(u)
        for u in session.scalars(
            select(OrgUnit).where(
                OrgUnit.parent_id == unit.id if unit else OrgUnit.parent_id.is_(None)
            )
        )
    }
    hours = defaultdict(lambda: ZERO)
    targets = defaultdict(lambda: ZERO)
    monthly = [0] * 12
    people_by_unit: dict[int, int] = {}
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
        *rest,
    ) in rows:
        on_track, certificates, *done = rest
        people_by_unit[unit_id] = count
        board.people += count
        board.on_track += int(on_track or 0)
        board.certificates += int(certificates or 0)
        for index, value in enumerate(done):
            monthly[index] += int(value or 0)
        for key, value in (
            ("online", online),
            ("offline", offline),
            ("external", external),
            ("total", total),
        ):
            hours[key] += Decimal(value or 0)
        for key, value in (("total", t_total), ("online", t_online), ("offline", t_offline)):
            targets[key] += Decimal(value or 0)
        chain = [int(x) for x in paths[unit_id].strip("/").split("/")] if unit_id in paths else []
        child = next((children[i] for i in chain if i in children), None)
        if child is not None:
            child.people += count
            child.total += Decimal(total or 0)
            child.target += Decimal(t_total or 0)
            child.on_track += int(on_track or 0)
    board.hours, board.targets, board.monthly = dict(hours), dict(targets), monthly
    board.children = sorted(children.values(), key=lambda c: c.unit.name)
    since = utcnow() - timedelta(days=30)
    board.active_30d = (
        session.scalar(
            select(func.count())
            .select_from(Person)
            .where(
                # everything: no unit condition, so the sign-in index answers alone
                true() if unit is None else in_subtree(Person.unit_id, unit),
                Person.is_active.is_(True),
                Person.last_login_at >= since,
            )
        )
        or 0
    )
    required = progress_in_subtree(session, unit, year, paths, people_by_unit, today_local())
    board.courses = [(r.title, r.completed, r.people, r.overdue) for r in required[:12]]
    board.overdue = sum(r.overdue for r in required)
    board.profile = _profile(session, unit)
    board.scope_profile = _profile(session, scope) if scope != unit else board.profile
    return board


def _profile(session: Session, unit: OrgUnit | None) -> dict[str, float | None]:
    """The average competency score of the active people in the subtree (stored scores)."""
    rows = session.execute(
        select(PersonCompetency.competency_code, func.avg(PersonCompetency.share))
        .where(PersonCompetency.active.is_(True), in_subtree(PersonCompetency.unit_id, unit))
        .group_by(PersonCompetency.competency_code)
    ).all()
    averages = {code: float(value) for code, value in rows if value is not None}
    return {code: averages.get(code) for code in CODES}
