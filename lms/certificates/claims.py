"""External hours claims: a learner asks, a manager in scope approves or rejects."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.audit.operations import record_event
from lms.certificates.models import CreditEntry, HoursClaim
from lms.certificates.operations import can_manage_person, check_date, check_hours
from lms.core.errors import Conflict, Invalid, NotFound
from lms.db import utcnow

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
#: what the first bytes of an accepted file look like -> the extension it is stored with
SIGNATURES = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def evidence_kind(head: bytes) -> str | None:
    return next((ext for magic, ext in SIGNATURES.items() if head.startswith(magic)), None)


def submit_claim(
    session: Session,
    person: Person,
    *,
    title: str,
    provider: str,
    hours: Decimal | None,
    occurred_on: date | None,
    note: str,
    evidence: BinaryIO | None,
    evidence_name: str | None,
    uploads: Path,
) -> HoursClaim:
    """Validate everything, then store the evidence file and the claim (pending)."""
    check_hours(hours)
    check_date(occurred_on)
    if not title.strip() or not provider.strip():
        raise Invalid(_("Give the title and the provider of the training."))
    content = None
    if evidence is not None:
        content = evidence.read(MAX_EVIDENCE_BYTES + 1)
        if len(content) > MAX_EVIDENCE_BYTES:
            raise Invalid(_("The evidence file must be at most 5 MB."))
        if not content:
            content = None
        elif evidence_kind(content[:16]) is None:
            raise Invalid(_("The evidence must be a PDF, PNG or JPEG file."))
    claim = HoursClaim(
        person_id=person.id,
        title=title.strip(),
        provider=provider.strip(),
        hours=hours,
        occurred_on=occurred_on,
        evidence_note=note.strip(),
    )
    if content is not None:
        uploads.mkdir(parents=True, exist_ok=True)
        stored = f"{secrets.token_hex(16)}.{evidence_kind(content[:16])}"
        (uploads / stored).write_bytes(content)
        claim.evidence_file = stored
        claim.evidence_name = (evidence_name or stored)[:200]
    session.add(claim)
    session.flush()
    return claim


def decide_claim(
    session: Session,
    manager: Person,
    claim: HoursClaim,
    *,
    approve: bool,
    reason: str,
    ip: str | None = None,
) -> HoursClaim:
    """Approve (the hours enter the ledger as external) or reject with a reason."""
    person = session.get(Person, claim.person_id)
    if person is None or not can_manage_person(session, manager, person):
        raise NotFound(_("This claim does not exist."))
    if claim.status != "pending":
        raise Conflict(_("This claim has already been decided."))
    if not approve and not reason.strip():
        raise Invalid(_("Give the reason for rejecting."))
    claim.status = "approved" if approve else "rejected"
    claim.decided_by_id = manager.id
    claim.decided_at = utcnow()
    claim.decision_reason = reason.strip() or None
    if approve:
        session.add(
            CreditEntry(
                person_id=person.id,
                year=claim.occurred_on.year,
                category="external",
                hours=claim.hours,
                title=claim.title,
                provider=claim.provider,
                occurred_on=claim.occurred_on,
                claim_id=claim.id,
                created_by_id=manager.id,
            )
        )
    session.flush()
    record_event(
        session,
        f"claim.{claim.status}",
        actor_id=manager.id,
        target_type="hours_claim",
        target_id=claim.id,
        ip=ip,
        details={
            "person": person.username,
            "hours": str(claim.hours),
            "reason": claim.decision_reason,
        },
    )
    return claim
