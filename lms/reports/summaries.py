"""Computing ``PersonYearSummary`` rows, for a few people or for everyone, set-based."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from lms.accounts.models import Person
from lms.certificates import ledger
from lms.certificates.models import AnnualTarget, Certificate, CreditEntry
from lms.core.time import SHANGHAI
from lms.db import utcnow
from lms.learning.models import Enrollment
from lms.orgs.models import OrgUnit
from lms.reports.models import MONTH_COLUMNS, PersonCompetency, PersonYearSummary

BATCH = 2000


def refresh(connection: Connection, person_ids: Iterable[int], years: Iterable[int]) -> int:
    """Recompute the summaries of ``person_ids`` for ``years`` (Core statements only, so
    it can run inside a flush). Returns the number of rows written."""
    ids, years = sorted(set(person_ids)), sorted(set(years))
    if not ids or not years:
        return 0
    people = connection.execute(
        select(
            Person.id,
            Person.unit_id,
            Person.rank,
            Person.staff_type,
            Person.is_active,
            OrgUnit.path,
        )
        .join(OrgUnit, OrgUnit.id == Person.unit_id)
        .where(Person.id.in_(ids))
    ).all()
    hours: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(
        lambda: {"online": Decimal(0), "offline": Decimal(0), "external": Decimal(0)}
    )
    for person_id, year, category, total in connection.execute(
        select(
            CreditEntry.person_id,
            CreditEntry.year,
            CreditEntry.category,
            func.sum(CreditEntry.hours),
        )
        .where(CreditEntry.person_id.in_(ids), CreditEntry.year.in_(years))
        .group_by(CreditEntry.person_id, CreditEntry.year, CreditEntry.category)
    ):
        hours[(person_id, year)][category] = Decimal(total or 0)
    certificates: dict[tuple[int, int], int] = {}
    year_of = func.extract("year", Certificate.completed_on)
    for person_id, year, count in connection.execute(
        select(Certificate.person_id, year_of, func.count())
        .where(Certificate.person_id.in_(ids), Certificate.revoked_at.is_(None))
        .group_by(Certificate.person_id, year_of)
    ):
        certificates[(person_id, int(year))] = count
    monthly = _monthly_completions(connection, ids, years)
    ancestors = {p.id: [int(x) for x in p.path.strip("/").split("/")] for p in people}
    unit_ids = {u for chain in ancestors.values() for u in chain}
    # plain rows carry the same attribute names that pick_target reads
    targets = (
        list(
            connection.execute(
                select(
                    AnnualTarget.id,
                    AnnualTarget.unit_id,
                    AnnualTarget.year,
                    AnnualTarget.rank,
                    AnnualTarget.staff_type,
                    AnnualTarget.total_hours,
                    AnnualTarget.online_hours,
                    AnnualTarget.offline_hours,
                ).where(AnnualTarget.unit_id.in_(unit_ids))
            )
        )
        if unit_ids
        else []
    )
    now = utcnow()
    rows = []
    for person in people:
        for year in years:
            sums = hours[(person.id, year)]
            target = ledger.pick_target(
                targets, ancestors[person.id], person.rank, person.staff_type, year
            )
            rows.append(
                {
                    "person_id": person.id,
                    "year": year,
                    "unit_id": person.unit_id,
                    "online": sums["online"],
                    "offline": sums["offline"],
                    "external": sums["external"],
                    "total": sum(sums.values(), Decimal(0)),
                    "target_total": target.total,
                    "target_online": target.online,
                    "target_offline": target.offline,
                    "on_track": ledger.on_track(sums, target),
                    "certificates": certificates.get((person.id, year), 0),
                    "active": person.is_active,
                    **dict(zip(MONTH_COLUMNS, monthly[(person.id, year)], strict=True)),
                    "updated_at": now,
                }
            )
    connection.execute(
        delete(PersonYearSummary).where(
            PersonYearSummary.person_id.in_(ids), PersonYearSummary.year.in_(years)
        )
    )
    if rows:
        connection.execute(insert(PersonYearSummary), rows)
    _copy_person_fields(connection, ids)
    return len(rows)


def _monthly_completions(
    connection: Connection, ids: list[int], years: list[int]
) -> dict[tuple[int, int], list[int]]:
    """Courses completed per (person, year), by Asia/Shanghai month."""
    start = datetime(min(years), 1, 1, tzinfo=SHANGHAI)
    end = datetime(max(years) + 1, 1, 1, tzinfo=SHANGHAI)
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0] * 12)
    for person_id, completed_at in connection.execute(
        select(Enrollment.person_id, Enrollment.completed_at).where(
            Enrollment.person_id.in_(ids),
            Enrollment.completed_at >= start,
            Enrollment.completed_at < end,
        )
    ):
        local = completed_at.astimezone(SHANGHAI)
        counts[(person_id, local.year)][local.month - 1] += 1
    return counts


def _copy_person_fields(connection: Connection, ids: list[int]) -> None:
    """Every year's summary, the competency scores and the enrolments carry the person's
    current ``is_active`` (and the latter two the current unit), for reports that read
    them alone. Only rows that differ are written: this runs on every refresh."""
    active = select(Person.is_active).where(Person.id == PersonYearSummary.person_id)
    connection.execute(
        update(PersonYearSummary)
        .where(
            PersonYearSummary.person_id.in_(ids),
            PersonYearSummary.active != active.scalar_subquery(),
        )
        .values(active=active.scalar_subquery())
    )
    for table in (PersonCompetency, Enrollment):
        of_person = Person.id == table.person_id
        unit = select(Person.unit_id).where(of_person).scalar_subquery()
        is_active = select(Person.is_active).where(of_person).scalar_subquery()
        connection.execute(
            update(table)
            .where(
                table.person_id.in_(ids),
                or_(table.unit_id.is_distinct_from(unit), table.active != is_active),
            )
            .values(unit_id=unit, active=is_active)
        )


def refresh_subtree(
    connection: Connection,
    unit_path: str,
    year: int,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Recompute everyone under a unit (after a target changes), in batches."""
    ids = list(
        connection.execute(
            select(Person.id)
            .join(OrgUnit, OrgUnit.id == Person.unit_id)
            .where(OrgUnit.path.startswith(unit_path, autoescape=True))
            .order_by(Person.id)
        ).scalars()
    )
    written = 0
    for start in range(0, len(ids), BATCH):
        written += refresh(connection, ids[start : start + BATCH], [year])
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return written


def refresh_everyone(
    connection: Connection, year: int, progress: Callable[[int, int], None] | None = None
) -> int:
    return refresh_subtree(connection, "/", year, progress)


def refresh_competencies(connection: Connection, person_ids: Iterable[int]) -> int:
    """Recompute the stored competency scores of ``person_ids`` (Core only)."""
    from lms.attempts.queries import competency_totals, share

    ids = sorted(set(person_ids))
    if not ids:
        return 0
    people = {
        row.id: row
        for row in connection.execute(
            select(Person.id, Person.unit_id, Person.is_active).where(Person.id.in_(ids))
        )
    }
    rows = [
        {
            "person_id": pid,
            "competency_code": code,
            "earned": earned or 0,
            "possible": possible,
            "share": share(earned, possible),
            "unit_id": people[pid].unit_id,
            "active": people[pid].is_active,
        }
        for pid, code, earned, possible in connection.execute(competency_totals(ids))
        if possible
    ]
    connection.execute(delete(PersonCompetency).where(PersonCompetency.person_id.in_(ids)))
    if rows:
        connection.execute(insert(PersonCompetency), rows)
    return len(rows)


def refresh_all_competencies(
    connection: Connection, progress: Callable[[int, int], None] | None = None
) -> int:
    ids = list(connection.execute(select(Person.id).order_by(Person.id)).scalars())
    written = 0
    for start in range(0, len(ids), BATCH):
        written += refresh_competencies(connection, ids[start : start + BATCH])
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return written
