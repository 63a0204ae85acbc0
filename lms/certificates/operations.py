"""Issuing and revoking certificates, and writing the credit-hour ledger.

Plain functions over a session; they flush, audit and never commit.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.accounts.permissions import can_see_person
from lms.audit.operations import record_event
from lms.certificates.models import Certificate, CreditEntry
from lms.certificates.serials import new_serial
from lms.core.errors import Conflict, Invalid, NotFound
from lms.core.sql import add_unless_duplicate
from lms.core.time import SHANGHAI, today_local
from lms.courses.models import Course
from lms.db import utcnow
from lms.orgs.models import OrgUnit

MAX_HOURS_PER_ENTRY = Decimal(200)
TENTH = Decimal("0.1")


def course_credit_hours(course: Course) -> Decimal:
    """Online hours for completing a course: its credit hours times the configured factor
    (``LMS_ONLINE_HOURS_FACTOR``), capped by ``LMS_ONLINE_HOURS_CAP`` when set."""
    factor = Decimal(str(current_app.config.get("LMS_ONLINE_HOURS_FACTOR", "1")))
    hours = (Decimal(course.credit_hours) * factor).quantize(TENTH, rounding=ROUND_HALF_UP)
    cap = current_app.config.get("LMS_ONLINE_HOURS_CAP")
    return min(hours, Decimal(str(cap))) if cap else hours


def check_hours(value: Decimal | None) -> Decimal:
    """Hours for one ledger row: above 0, at most 200, at most one decimal."""
    if value is None or value <= 0 or value > MAX_HOURS_PER_ENTRY:
        raise Invalid(_("Hours must be above 0 and at most %(n)d.", n=MAX_HOURS_PER_ENTRY))
    if value != value.quantize(TENTH):
        raise Invalid(_("Hours may have at most one decimal."))
    return value


def check_date(value: date | None, *, year: int | None = None) -> date:
    """A date that is not in the future (and inside ``year`` when given)."""
    if value is None:
        raise Invalid(_("Give the date."))
    if value > today_local():
        raise Invalid(_("The date cannot be in the future."))
    if year is not None and value.year != year:
        raise Invalid(_("The date must be in %(year)d.", year=year))
    return value


def _final_score(session: Session, person: Person, course: Course) -> Decimal | None:
    from lms.attempts.queries import active_quizzes, quiz_results

    quizzes = active_quizzes(session, course.id)
    results = quiz_results(session, person.id, quizzes)
    final = next((q for q in quizzes if q.module_id is None), None)
    if final is not None and final.id in results:
        return results[final.id].percent
    percents = [r.percent for r in results.values()]
    if not percents:
        return None
    return (sum(percents, Decimal(0)) / len(percents)).quantize(Decimal("0.01"))


def issue_certificate(
    session: Session, person: Person, course: Course, *, completed_at: datetime
) -> Certificate:
    """Issue the one certificate (and its ledger row) for a completed course.

    Safe to call any number of times, also concurrently: the unique key on (person,
    course) lets exactly one insert win, and everyone gets that certificate back.
    """
    existing = _certificate_of(session, person.id, course.id)
    if existing is not None:
        return existing
    completed_on = completed_at.astimezone(SHANGHAI).date()
    unit = session.get(OrgUnit, person.unit_id)
    certificate = Certificate(
        serial=new_serial(completed_on.year),
        person_id=person.id,
        course_id=course.id,
        holder_name=person.display_name,
        unit_name=unit.name if unit else "",
        title=course.title,
        credit_hours=course_credit_hours(course),
        score=_final_score(session, person, course),
        completed_on=completed_on,
        issued_at=utcnow(),
    )
    if not add_unless_duplicate(session, certificate):
        winner = _certificate_of(session, person.id, course.id)
        if winner is None:  # pragma: no cover - the other insert must be visible now
            raise
        return winner
    session.add(
        CreditEntry(
            person_id=person.id,
            year=completed_on.year,
            category="online",
            hours=certificate.credit_hours,
            title=course.title,
            occurred_on=completed_on,
            certificate_id=certificate.id,
        )
    )
    session.flush()
    record_event(
        session,
        "certificate.issue",
        actor_id=person.id,
        target_type="certificate",
        target_id=certificate.serial,
        details={"course": course.code, "hours": str(certificate.credit_hours)},
    )
    from lms.classes.operations import after_course_certificate

    after_course_certificate(session, person, certificate)
    return certificate


def _certificate_of(session: Session, person_id: int, course_id: int) -> Certificate | None:
    return session.scalar(
        select(Certificate).where(
            Certificate.person_id == person_id, Certificate.course_id == course_id
        )
    )


def can_manage_person(session: Session, actor: Person, person: Person) -> bool:
    """Admins everywhere; managers inside their subtree."""
    return actor.role in ("admin", "manager") and can_see_person(session, actor, person)


def revoke_certificate(
    session: Session, actor: Person, certificate: Certificate, reason: str, *, ip: str | None = None
) -> Certificate:
    """Revoke with a reason: the certificate shows as revoked and its hours are reversed."""
    holder = session.get(Person, certificate.person_id)
    if holder is None or not can_manage_person(session, actor, holder):
        raise NotFound(_("This certificate does not exist."))
    if certificate.revoked_at is not None:
        raise Conflict(_("This certificate has already been revoked."))
    if not reason.strip():
        raise Invalid(_("Give the reason for revoking."))
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = actor.id
    certificate.revoke_reason = reason.strip()
    credit = session.scalar(
        select(CreditEntry).where(
            CreditEntry.certificate_id == certificate.id, CreditEntry.reverses_id.is_(None)
        )
    )
    if credit is not None:
        reverse_entry(session, credit, actor=actor, note=reason.strip())
    session.flush()
    record_event(
        session,
        "certificate.revoke",
        actor_id=actor.id,
        target_type="certificate",
        target_id=certificate.serial,
        ip=ip,
        details={"reason": certificate.revoke_reason},
    )
    return certificate


def reverse_entry(session: Session, entry: CreditEntry, *, actor: Person, note: str) -> CreditEntry:
    """Cancel a ledger row with a new, negative one (rows are never changed or deleted)."""
    if entry.reverses_id is not None:
        raise Invalid(_("A reversal cannot itself be reversed."))
    already = session.scalar(select(CreditEntry.id).where(CreditEntry.reverses_id == entry.id))
    if already is not None:
        raise Conflict(_("This entry has already been reversed."))
    reversal = CreditEntry(
        person_id=entry.person_id,
        year=entry.year,
        category=entry.category,
        hours=-entry.hours,
        title=entry.title,
        provider=entry.provider,
        occurred_on=entry.occurred_on,
        certificate_id=entry.certificate_id,
        claim_id=entry.claim_id,
        reverses_id=entry.id,
        note=note,
        created_by_id=actor.id,
    )
    session.add(reversal)
    session.flush()
    return reversal


def record_offline_training(
    session: Session,
    actor: Person,
    people: list[Person],
    *,
    title: str,
    provider: str,
    hours: Decimal,
    occurred_on: date,
    category: str = "offline",
    ip: str | None = None,
) -> list[CreditEntry]:
    """A manager records group (offline) training for people in their scope, all or none."""
    if category not in ("offline", "external"):
        raise Invalid(_("Unknown category."))
    check_hours(hours)
    check_date(occurred_on)
    if not title.strip():
        raise Invalid(_("Give the title of the training."))
    if not people:
        raise Invalid(_("Choose at least one person."))
    outside = [p for p in people if not can_manage_person(session, actor, p)]
    if outside:
        raise NotFound(_("Some of these people are not in your units."))
    entries = [
        CreditEntry(
            person_id=person.id,
            year=occurred_on.year,
            category=category,
            hours=hours,
            title=title.strip(),
            provider=provider.strip() or None,
            occurred_on=occurred_on,
            created_by_id=actor.id,
        )
        for person in people
    ]
    session.add_all(entries)
    session.flush()
    record_event(
        session,
        "ledger.offline",
        actor_id=actor.id,
        target_type="credit_entry",
        target_id=",".join(str(e.id) for e in entries)[:64],
        ip=ip,
        details={
            "title": title.strip(),
            "hours": str(hours),
            "people": len(entries),
            "date": occurred_on.isoformat(),
        },
    )
    return entries
