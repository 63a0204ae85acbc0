"""What the data feed returns, in a fixed number of statements per page."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.accounts.permissions import people_in_scope
from lms.attempts.queries import competency_scores
from lms.certificates import ledger
from lms.certificates.models import CATEGORIES, Certificate, CreditEntry
from lms.courses.models import Course
from lms.learning.models import Enrollment
from lms.orgs.models import OrgUnit


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def people_page(
    session: Session, manager: Person, *, after: int, limit: int, since: datetime | None, year: int
) -> tuple[list[dict[str, Any]], int | None]:
    """People in scope with id > ``after``; returns the items and the last id if more follow."""
    query = people_in_scope(session, manager).add_columns(OrgUnit.code, OrgUnit.name, OrgUnit.path)
    query = query.where(Person.id > after).order_by(Person.id).limit(limit + 1)
    if since is not None:
        query = query.where(or_(Person.updated_at >= since, Person.record_changed_at >= since))
    rows = session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    ids = [row[0].id for row in rows]
    hours = _hours(session, ids, year)
    completed = (
        dict(
            session.execute(
                select(Enrollment.person_id, func.count())
                .where(Enrollment.person_id.in_(ids), Enrollment.completed_at.is_not(None))
                .group_by(Enrollment.person_id)
            ).all()
        )
        if ids
        else {}
    )
    certs = (
        {
            pid: (n, avg)
            for pid, n, avg in session.execute(
                select(Certificate.person_id, func.count(), func.avg(Certificate.score))
                .where(Certificate.person_id.in_(ids), Certificate.revoked_at.is_(None))
                .group_by(Certificate.person_id)
            ).all()
        }
        if ids
        else {}
    )
    scores = competency_scores(session, ids) if ids else {}
    ancestors = {row[0].id: [int(p) for p in row.path.strip("/").split("/")] for row in rows}
    targets = ledger.targets_on(session, {u for a in ancestors.values() for u in a})
    items = []
    for row in rows:
        person = row[0]
        target = ledger.pick_target(
            targets, ancestors[person.id], person.rank, person.staff_type, year
        )
        person_hours = hours.get(person.id, dict.fromkeys(CATEGORIES, Decimal(0)))
        count, average = certs.get(person.id, (0, None))
        items.append(
            {
                "employee_no": person.employee_no,
                "username": person.username,
                "display_name": person.display_name,
                "unit": {"code": row.code, "name": row.name},
                "rank": person.rank,
                "staff_type": person.staff_type,
                "active": person.is_active,
                "year": year,
                "hours": {
                    **{k: float(v) for k, v in person_hours.items()},
                    "total": float(sum(person_hours.values(), Decimal(0))),
                },
                "targets": {
                    "total": float(target.total),
                    "online": _num(target.online),
                    "offline": _num(target.offline),
                },
                "on_track": ledger.on_track(person_hours, target),
                "courses_completed": completed.get(person.id, 0),
                "certificates": count,
                "average_score": _num(
                    Decimal(average).quantize(Decimal("0.01")) if average is not None else None
                ),
                "competency_scores": {k: float(v) for k, v in scores.get(person.id, {}).items()},
                "updated_at": _iso(max(person.updated_at, person.record_changed_at)),
            }
        )
    return items, (ids[-1] if more else None)


def _hours(session: Session, ids: list[int], year: int) -> dict[int, dict[str, Decimal]]:
    result: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(CATEGORIES, Decimal(0))
    )
    if not ids:
        return result
    for person_id, category, total in session.execute(
        select(CreditEntry.person_id, CreditEntry.category, func.sum(CreditEntry.hours))
        .where(CreditEntry.person_id.in_(ids), CreditEntry.year == year)
        .group_by(CreditEntry.person_id, CreditEntry.category)
    ):
        result[person_id][category] = Decimal(total or 0).quantize(Decimal("0.1"))
    return result


def certificates_page(
    session: Session, manager: Person, *, after: int, limit: int, since: datetime | None
) -> tuple[list[dict[str, Any]], int | None]:
    scoped = people_in_scope(session, manager).with_only_columns(Person.id).scalar_subquery()
    query = (
        select(Certificate, Person.employee_no, Person.username, Course.code)
        .join(Person, Person.id == Certificate.person_id)
        .outerjoin(Course, Course.id == Certificate.course_id)
        .where(Certificate.person_id.in_(scoped), Certificate.id > after)
        .order_by(Certificate.id)
        .limit(limit + 1)
    )
    if since is not None:
        query = query.where(or_(Certificate.issued_at >= since, Certificate.revoked_at >= since))
    rows = session.execute(query).all()
    more = len(rows) > limit
    items = [
        {
            "serial": c.serial,
            "employee_no": employee_no,
            "username": username,
            "course_code": code,
            "title": c.title,
            "credit_hours": float(c.credit_hours),
            "score": _num(c.score),
            "completed_on": c.completed_on.isoformat(),
            "issued_at": _iso(c.issued_at),
            "status": "revoked" if c.revoked_at else "valid",
            "revoked_at": _iso(c.revoked_at),
            "revoke_reason": c.revoke_reason,
        }
        for c, employee_no, username, code in rows[:limit]
    ]
    return items, (rows[limit - 1][0].id if more else None)


def person_record(session: Session, person: Person, year: int) -> dict[str, Any]:
    standing = ledger.standing(session, person, year)
    entries = session.scalars(
        select(CreditEntry)
        .where(CreditEntry.person_id == person.id, CreditEntry.year == year)
        .order_by(CreditEntry.occurred_on, CreditEntry.id)
    ).all()
    certificates = session.execute(
        select(Certificate, Course.code)
        .join(Course, Course.id == Certificate.course_id)
        .where(Certificate.person_id == person.id)
        .order_by(Certificate.completed_on)
    ).all()
    unit = session.get(OrgUnit, person.unit_id)
    return {
        "employee_no": person.employee_no,
        "username": person.username,
        "display_name": person.display_name,
        "unit": {"code": unit.code if unit else None, "name": unit.name if unit else None},
        "year": year,
        "hours": {
            **{k: float(v) for k, v in standing.hours.items()},
            "total": float(standing.total),
        },
        "targets": {
            "total": float(standing.target.total),
            "online": _num(standing.target.online),
            "offline": _num(standing.target.offline),
        },
        "on_track": standing.on_track,
        "entries": [
            {
                "date": e.occurred_on.isoformat(),
                "category": e.category,
                "hours": float(e.hours),
                "title": e.title,
                "provider": e.provider,
                "reversal": e.reverses_id is not None,
            }
            for e in entries
        ],
        "certificates": [
            {
                "serial": c.serial,
                "course_code": code,
                "title": c.title,
                "credit_hours": float(c.credit_hours),
                "score": _num(c.score),
                "completed_on": c.completed_on.isoformat(),
                "status": "revoked" if c.revoked_at else "valid",
            }
            for c, code in certificates
        ],
        "competency_scores": {
            k: float(v)
            for k, v in competency_scores(session, [person.id]).get(person.id, {}).items()
        },
    }


def unit_summary(session: Session, unit: OrgUnit, year: int) -> dict[str, Any]:
    """Totals and compliance for everyone in the unit's subtree."""
    people = session.execute(
        select(Person.id, Person.rank, Person.staff_type, OrgUnit.path)
        .join(OrgUnit, OrgUnit.id == Person.unit_id)
        .where(OrgUnit.path.startswith(unit.path, autoescape=True), Person.is_active.is_(True))
    ).all()
    ids = [p.id for p in people]
    hours = _hours(session, ids, year) if len(ids) < 5000 else _hours_by_path(session, unit, year)
    ancestors = {p.id: [int(x) for x in p.path.strip("/").split("/")] for p in people}
    targets = ledger.targets_on(session, {u for a in ancestors.values() for u in a})
    on_track = sum(
        1
        for p in people
        if ledger.on_track(
            hours.get(p.id, dict.fromkeys(CATEGORIES, Decimal(0))),
            ledger.pick_target(targets, ancestors[p.id], p.rank, p.staff_type, year),
        )
    )
    totals = dict.fromkeys(CATEGORIES, Decimal(0))
    for person_hours in hours.values():
        for category, value in person_hours.items():
            totals[category] += value
    certificates = (
        session.scalar(
            select(func.count())
            .select_from(Certificate)
            .join(Person, Person.id == Certificate.person_id)
            .join(OrgUnit, OrgUnit.id == Person.unit_id)
            .where(
                OrgUnit.path.startswith(unit.path, autoescape=True),
                Certificate.revoked_at.is_(None),
                Certificate.completed_on >= date(year, 1, 1),
                Certificate.completed_on <= date(year, 12, 31),
            )
        )
        or 0
    )
    return {
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind},
        "year": year,
        "people": len(people),
        "hours": {
            **{k: float(v) for k, v in totals.items()},
            "total": float(sum(totals.values(), Decimal(0))),
        },
        "on_track": on_track,
        "compliance_rate": round(on_track / len(people), 4) if people else None,
        "certificates": certificates,
    }


def _hours_by_path(session: Session, unit: OrgUnit, year: int) -> dict[int, dict[str, Decimal]]:
    result: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(CATEGORIES, Decimal(0))
    )
    for person_id, category, total in session.execute(
        select(CreditEntry.person_id, CreditEntry.category, func.sum(CreditEntry.hours))
        .join(Person, Person.id == CreditEntry.person_id)
        .join(OrgUnit, OrgUnit.id == Person.unit_id)
        .where(OrgUnit.path.startswith(unit.path, autoescape=True), CreditEntry.year == year)
        .group_by(CreditEntry.person_id, CreditEntry.category)
    ):
        result[person_id][category] = Decimal(total or 0)
    return result
