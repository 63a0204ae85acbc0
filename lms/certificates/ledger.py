"""Reading the ledger: hours by category against the annual targets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, or_, select
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
    config = current_app.config
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


def target_for(session: Session, person: Person, year: int) -> Target:
    """The most specific target: rank and staff type matches first, then the nearest unit."""
    unit = session.get(OrgUnit, person.unit_id)
    ancestors = unit.ancestor_ids() if unit else []
    depth = {unit_id: i for i, unit_id in enumerate(ancestors)}
    candidates = session.scalars(
        select(AnnualTarget).where(
            AnnualTarget.unit_id.in_(ancestors),
            or_(AnnualTarget.year.is_(None), AnnualTarget.year == year),
            or_(AnnualTarget.rank.is_(None), AnnualTarget.rank == person.rank),
            or_(AnnualTarget.staff_type.is_(None), AnnualTarget.staff_type == person.staff_type),
        )
    ).all()
    if not candidates:
        return default_target()
    best = max(
        candidates,
        key=lambda t: (
            t.rank is not None,
            t.staff_type is not None,
            depth.get(t.unit_id, -1),
            t.year is not None,
            t.id,
        ),
    )
    return Target(best.total_hours, best.online_hours, best.offline_hours)


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
        t = self.target
        return (
            self.total >= t.total
            and (t.online is None or self.hours["online"] >= t.online)
            and (t.offline is None or self.hours["offline"] >= t.offline)
        )


def standing(session: Session, person: Person, year: int) -> YearStanding:
    return YearStanding(
        year, hours_by_category(session, person.id, year), target_for(session, person, year)
    )
