"""Creating thematic classes, measuring members' progress, issuing class certificates.

A member's class hours are the credit hours of their valid course certificates for the
class's courses, completed inside the class window. Reaching the required hours issues one
class certificate (结业证书) through the certificate machinery; it adds no ledger hours,
since the courses already did.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import Select, func, insert, or_, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.audit.operations import record_event
from lms.certificates.models import Certificate
from lms.certificates.operations import can_manage_person, check_hours
from lms.certificates.serials import new_serial
from lms.classes.models import ThematicClass, class_course, class_member, class_unit
from lms.core.errors import Invalid, NotFound
from lms.core.sql import add_unless_duplicate
from lms.core.time import today_local
from lms.db import utcnow
from lms.orgs.models import OrgUnit


def create_class(
    session: Session,
    actor: Person,
    *,
    code: str,
    title: str,
    description: str,
    starts_on: date,
    ends_on: date,
    required_hours: Decimal,
    course_ids: list[int],
    units: list[OrgUnit],
    people: list[Person],
    ip: str | None = None,
) -> ThematicClass:
    code, title = code.strip(), title.strip()
    if not code or not title:
        raise Invalid(_("Give the class a code and a title."))
    if session.scalar(select(ThematicClass.id).where(ThematicClass.code == code)):
        raise Invalid(_("The class code %(code)s is taken.", code=code))
    if ends_on < starts_on:
        raise Invalid(_("The class must end after it starts."))
    check_hours(required_hours)
    if not course_ids:
        raise Invalid(_("Choose at least one course."))
    if not units and not people:
        raise Invalid(_("Add units or people to the class."))
    if any(not can_manage_person(session, actor, p) for p in people):
        raise NotFound(_("Some of these people are not in your units."))
    cls = ThematicClass(
        code=code,
        title=title,
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        required_hours=required_hours,
        created_by_id=actor.id,
    )
    session.add(cls)
    session.flush()
    session.execute(
        insert(class_course),
        [{"class_id": cls.id, "course_id": cid, "position": i} for i, cid in enumerate(course_ids)],
    )
    if units:
        session.execute(insert(class_unit), [{"class_id": cls.id, "unit_id": u.id} for u in units])
    if people:
        session.execute(
            insert(class_member), [{"class_id": cls.id, "person_id": p.id} for p in people]
        )
    record_event(
        session,
        "class.create",
        actor_id=actor.id,
        target_type="thematic_class",
        target_id=code,
        ip=ip,
        details={"courses": len(course_ids), "units": len(units), "people": len(people)},
    )
    check_completions(session, cls)
    return cls


def members(cls: ThematicClass) -> Select[tuple[int]]:
    """Ids of everyone in the class: listed people and everyone under listed units."""
    units = (
        select(OrgUnit.path)
        .join(class_unit, class_unit.c.unit_id == OrgUnit.id)
        .where(class_unit.c.class_id == cls.id)
        .subquery()
    )
    member_unit = select(OrgUnit.id).join(units, OrgUnit.path.startswith(units.c.path))
    return select(Person.id).where(
        Person.is_active.is_(True),
        or_(
            Person.id.in_(
                select(class_member.c.person_id).where(class_member.c.class_id == cls.id)
            ),
            Person.unit_id.in_(member_unit),
        ),
    )


def class_hours(
    session: Session, cls: ThematicClass, person_ids: Select[tuple[int]] | list[int]
) -> dict[int, Decimal]:
    """person id -> hours counted towards the class (one statement)."""
    rows = session.execute(
        select(Certificate.person_id, func.sum(Certificate.credit_hours))
        .where(
            Certificate.person_id.in_(person_ids),
            Certificate.course_id.in_(
                select(class_course.c.course_id).where(class_course.c.class_id == cls.id)
            ),
            Certificate.revoked_at.is_(None),
            Certificate.completed_on >= cls.starts_on,
            Certificate.completed_on <= cls.ends_on,
        )
        .group_by(Certificate.person_id)
    )
    return {person_id: Decimal(hours or 0) for person_id, hours in rows}


def check_completions(
    session: Session, cls: ThematicClass, person_ids: list[int] | None = None
) -> int:
    """Issue the class certificate to every member who has reached the required hours."""
    scope = members(cls)
    if person_ids is not None:
        scope = scope.where(Person.id.in_(person_ids))
    reached = {
        pid: h for pid, h in class_hours(session, cls, scope).items() if h >= cls.required_hours
    }
    have = set(
        session.scalars(
            select(Certificate.person_id).where(
                Certificate.class_id == cls.id, Certificate.person_id.in_(list(reached))
            )
        )
    )
    issued = 0
    for person_id, hours in reached.items():
        if person_id not in have:
            person = session.get(Person, person_id)
            if person is not None and _issue(session, person, cls, hours):
                issued += 1
    return issued


def _issue(session: Session, person: Person, cls: ThematicClass, hours: Decimal) -> bool:
    completed_on = min(cls.ends_on, today_local())
    unit = session.get(OrgUnit, person.unit_id)
    certificate = Certificate(
        serial=new_serial(completed_on.year),
        person_id=person.id,
        course_id=None,
        class_id=cls.id,
        holder_name=person.display_name,
        unit_name=unit.name if unit else "",
        title=cls.title,
        credit_hours=hours,
        score=None,
        completed_on=completed_on,
        issued_at=utcnow(),
    )
    if not add_unless_duplicate(session, certificate):
        return False  # issued at the same moment by another request
    record_event(
        session,
        "certificate.issue",
        actor_id=person.id,
        target_type="certificate",
        target_id=certificate.serial,
        details={"class": cls.code, "hours": str(hours)},
    )
    return True


def after_course_certificate(session: Session, person: Person, certificate: Certificate) -> None:
    """A course certificate may complete a thematic class the person belongs to."""
    classes = session.scalars(
        select(ThematicClass)
        .join(class_course, class_course.c.class_id == ThematicClass.id)
        .where(
            class_course.c.course_id == certificate.course_id,
            ThematicClass.starts_on <= certificate.completed_on,
            ThematicClass.ends_on >= certificate.completed_on,
        )
    ).all()
    for cls in classes:
        check_completions(session, cls, [person.id])


def classes_of(session: Session, person: Person) -> list[tuple[ThematicClass, Decimal, bool]]:
    """The person's classes with their hours so far and whether they have completed."""
    unit = session.get(OrgUnit, person.unit_id)
    ancestors = unit.ancestor_ids() if unit else []
    found = session.scalars(
        select(ThematicClass)
        .where(
            or_(
                ThematicClass.id.in_(
                    select(class_member.c.class_id).where(class_member.c.person_id == person.id)
                ),
                ThematicClass.id.in_(
                    select(class_unit.c.class_id).where(class_unit.c.unit_id.in_(ancestors))
                ),
            )
        )
        .order_by(ThematicClass.ends_on.desc())
    ).all()
    done = set(
        session.scalars(
            select(Certificate.class_id).where(
                Certificate.person_id == person.id, Certificate.class_id.is_not(None)
            )
        )
    )
    return [
        (cls, class_hours(session, cls, [person.id]).get(person.id, Decimal(0)), cls.id in done)
        for cls in found
    ]
