"""Creating and finding org units."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, update
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


def in_subtree(column, unit: OrgUnit | None):  # type: ignore[no-untyped-def]
    """A SQL condition true when ``column`` (a unit id) names ``unit`` or a unit below it;
    any unit for None (everything). Reports filter stored rows by unit id with it; the
    condition is there even for everything, so the planner reads the reports' covering
    indexes, which lead with the unit."""
    units = select(OrgUnit.id)
    return column.in_(units if unit is None else units.where(subtree_condition(unit)))


def move_unit(session: Session, unit: OrgUnit, new_parent: OrgUnit) -> int:
    """Move ``unit`` (and everything below it) under ``new_parent``: every path in the
    subtree is rewritten by one UPDATE. Returns the number of units moved."""
    if new_parent.path.startswith(unit.path):
        raise Invalid(_("A unit cannot be moved below itself."))
    old_prefix = unit.path
    new_prefix = f"{new_parent.path}{unit.id}/"
    delta = new_parent.depth + 1 - unit.depth
    result = session.execute(
        update(OrgUnit)
        .where(OrgUnit.path.startswith(old_prefix, autoescape=True))
        .values(
            path=new_prefix + func.substr(OrgUnit.path, len(old_prefix) + 1),
            depth=OrgUnit.depth + delta,
        )
        .execution_options(synchronize_session=False)
    )
    unit.parent_id = new_parent.id
    session.flush()
    session.expire_all()
    return result.rowcount
