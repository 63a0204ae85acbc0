"""Creating and finding org units."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.core.errors import Invalid
from lms.orgs.models import UNIT_KINDS, OrgUnit


def create_unit(
    session: Session, *, code: str, name: str, kind: str, parent: OrgUnit | None = None
) -> OrgUnit:
    """Create a unit under ``parent`` and set its materialised path."""
    if kind not in UNIT_KINDS:
        raise Invalid(f"unknown unit kind: {kind}")
    unit = OrgUnit(
        code=code,
        name=name,
        kind=kind,
        parent_id=parent.id if parent else None,
        path="",
        depth=(parent.depth + 1) if parent else 0,
    )
    session.add(unit)
    session.flush()  # the path needs the id
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    return unit


def unit_by_code(session: Session, code: str) -> OrgUnit | None:
    return session.scalar(select(OrgUnit).where(OrgUnit.code == code))


def subtree_condition(unit: OrgUnit):  # type: ignore[no-untyped-def]
    """A SQL condition true for ``unit`` and every unit below it."""
    return OrgUnit.path.startswith(unit.path, autoescape=True)
