"""What the personnel office's pages read, always limited to the manager's subtree."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.accounts.permissions import people_in_scope, scope_root
from lms.certificates.models import AnnualTarget, Certificate, HoursClaim
from lms.core.paging import Page
from lms.orgs.models import OrgUnit


def _scoped_person_ids(session: Session, manager: Person):  # type: ignore[no-untyped-def]
    return people_in_scope(session, manager).with_only_columns(Person.id).scalar_subquery()


def pending_claims(
    session: Session, manager: Person, *, page: int = 1, per_page: int = 20
) -> Page[tuple[HoursClaim, Person]]:
    condition = (
        HoursClaim.status == "pending",
        HoursClaim.person_id.in_(_scoped_person_ids(session, manager)),
    )
    total = session.scalar(select(func.count()).select_from(HoursClaim).where(*condition)) or 0
    rows = session.execute(
        select(HoursClaim, Person)
        .join(Person, Person.id == HoursClaim.person_id)
        .where(*condition)
        .order_by(HoursClaim.created_at)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(items=[tuple(r) for r in rows], page=page, per_page=per_page, total=total)


def people_by_keys(
    session: Session, manager: Person, keys: list[str]
) -> tuple[list[Person], list[str]]:
    """Resolve usernames or employee numbers inside the manager's scope; also the unknown."""
    wanted = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    if not wanted:
        return [], []
    found = list(
        session.scalars(
            people_in_scope(session, manager).where(
                Person.username.in_(wanted) | Person.employee_no.in_(wanted)
            )
        )
    )
    known = {p.username for p in found} | {p.employee_no for p in found if p.employee_no}
    return found, [k for k in wanted if k not in known]


#: levels below the scope's root offered in unit select boxes (province → township)
SELECT_LEVELS = 3


def units_in_scope(session: Session, manager: Person, levels: int | None = None) -> list[OrgUnit]:
    """The manager's units in tree order; with ``levels``, only that many levels below the
    scope's root (a select box: a province has thousands of villages, a county a few
    dozen units; deeper ones are reached by drilling down)."""
    root = scope_root(session, manager)
    query = select(OrgUnit).order_by(OrgUnit.path)
    if root is not None:
        query = query.where(OrgUnit.path.startswith(root.path, autoescape=True))
    if levels is not None:
        query = query.where(OrgUnit.depth <= (root.depth if root else 0) + levels)
    return list(session.scalars(query))


def unit_in_scope(session: Session, manager: Person, code: str) -> OrgUnit | None:
    root = scope_root(session, manager)
    unit = session.scalar(select(OrgUnit).where(OrgUnit.code == code))
    if unit is None or (root is not None and not unit.path.startswith(root.path)):
        return None
    return unit


def targets_in_scope(session: Session, manager: Person) -> list[tuple[AnnualTarget, OrgUnit]]:
    root = scope_root(session, manager)
    query = select(AnnualTarget, OrgUnit).join(OrgUnit, OrgUnit.id == AnnualTarget.unit_id)
    if root is not None:
        query = query.where(OrgUnit.path.startswith(root.path, autoescape=True))
    return [tuple(r) for r in session.execute(query.order_by(OrgUnit.path, AnnualTarget.id))]


def certificates_of_unit(session: Session, unit: OrgUnit, start: date, end: date):  # type: ignore[no-untyped-def]
    """Certificates of everyone under ``unit`` completed in [start, end], streamed."""
    return session.scalars(
        select(Certificate)
        .join(Person, Person.id == Certificate.person_id)
        .join(OrgUnit, OrgUnit.id == Person.unit_id)
        .where(
            OrgUnit.path.startswith(unit.path, autoescape=True),
            Certificate.completed_on >= start,
            Certificate.completed_on <= end,
        )
        .order_by(Certificate.completed_on, Certificate.id)
        .execution_options(yield_per=200)
    )


def people_from_field(session: Session, manager: Person, field) -> list[Person] | None:  # type: ignore[no-untyped-def]
    """The people listed in a form field (usernames or employee numbers, one per line),
    or None after putting the unknown ones in the field's errors."""
    from flask_babel import gettext as _

    people, unknown = people_by_keys(session, manager, (field.data or "").splitlines())
    if unknown:
        field.errors = [_("Not found in your units: %(names)s", names="、".join(unknown[:20]))]
        return None
    return people
