"""Reading the ledger: hours by category against the annual targets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.certificates.models import CATEGORIES, AnnualTarget, CreditEntry
from lms.orgs.models import OrgUnit


@dataclass(frozen=True)
class Target:
    total: Decimal
    online: Decimal | None
    offline: Decimal | None


def default_target() -> Target:
    """The configured defaults (90 in total, 50 online unless configured otherwise)."""
    config = current_app.config if has_app_context() else {}
    return Target(
        total=Decimal(str(config.get("LMS_TARGET_TOTAL_HOURS", "90"))),
        online=Decimal(str(config.get("LMS_TARGET_ONLINE_HOURS", "50"))),
        offline=None,
    )


def hours_by_category(session: Session, person_id: int, year: int) -> dict[str, Decimal]:
    """category -> hours in ``year`` (reversals included, so they cancel), one statement."""
    rows = session.execute(
        select(CreditEntry.category, func.sum(CreditEntry.hours))
        .where(CreditEntry.person_id == person_id, CreditEntry.year == year)
        .group_by(CreditEntry.category)
    )
    totals = dict.fromkeys(CATEGORIES, Decimal("0.0"))
    for category, hours in rows:
        totals[category] = Decimal(hours or 0).quantize(Decimal("0.1"))
    return totals


def pick_target(
    candidates: list[AnnualTarget],
    ancestor_ids: list[int],
    rank: str | None,
    staff_type: str | None,
    year: int,
) -> Target:
    """The most specific applicable target: rank and staff type matches first, then the
    nearest unit, then a target for this very year; the defaults when none applies."""
    depth = {unit_id: i for i, unit_id in enumerate(ancestor_ids)}
    applicable = [
        t
        for t in candidates
        if t.unit_id in depth
        and (t.year is None or t.year == year)
        and (t.rank is None or t.rank == rank)
        and (t.staff_type is None or t.staff_type == staff_type)
    ]
    if not applicable:
        return default_target()
    best = max(
        applicable,
        key=lambda t: (
            t.rank is not None,
            t.staff_type is not None,
            depth[t.unit_id],
            t.year is not None,
            t.id,
        ),
    )
    return Target(best.total_hours, best.online_hours, best.offline_hours)


def target_for(session: Session, person: Person, year: int) -> Target:
    unit = session.get(OrgUnit, person.unit_id)
    ancestors = unit.ancestor_ids() if unit else []
    candidates = list(
        session.scalars(select(AnnualTarget).where(AnnualTarget.unit_id.in_(ancestors)))
    )
    return pick_target(candidates, ancestors, person.rank, person.staff_type, year)


def targets_on(session: Session, unit_ids: set[int]) -> list[AnnualTarget]:
    """Every target set on any of ``unit_ids`` (for resolving many people at once)."""
    if not unit_ids:
        return []
    return list(session.scalars(select(AnnualTarget).where(AnnualTarget.unit_id.in_(unit_ids))))


def on_track(hours: dict[str, Decimal], target: Target) -> bool:
    total = sum(hours.values(), Decimal("0.0"))
    return (
        total >= target.total
        and (target.online is None or hours.get("online", 0) >= target.online)
        and (target.offline is None or hours.get("offline", 0) >= target.offline)
    )


@dataclass(frozen=True)
class YearStanding:
    year: int
    hours: dict[str, Decimal]
    target: Target

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), Decimal("0.0"))

    @property
    def on_track(self) -> bool:
        return on_track(self.hours, self.target)


def standing(session: Session, person: Person, year: int) -> YearStanding:
    return YearStanding(
        year, hours_by_category(session, person.id, year), target_for(session, person, year)
    )
