"""Reading the audit log with filters, newest first, a page at a time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.audit.models import AuditEvent
from lms.core.paging import Page
from lms.core.time import SHANGHAI


def audit_page(
    session: Session,
    *,
    action: str = "",
    actor: str = "",
    start: date | None = None,
    end: date | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page[tuple[AuditEvent, str | None]]:
    """Events matching the filters (dates are Asia/Shanghai days) with the actor's username."""
    conditions = []
    if action:
        conditions.append(AuditEvent.action.startswith(action, autoescape=True))
    if actor:
        conditions.append(
            AuditEvent.actor_id.in_(select(Person.id).where(Person.username == actor))
        )
    if start:
        conditions.append(AuditEvent.occurred_at >= datetime.combine(start, time(0), SHANGHAI))
    if end:
        conditions.append(
            AuditEvent.occurred_at < datetime.combine(end + timedelta(days=1), time(0), SHANGHAI)
        )
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions)) or 0
    rows = session.execute(
        select(AuditEvent, Person.username)
        .outerjoin(Person, Person.id == AuditEvent.actor_id)
        .where(*conditions)
        .order_by(AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(items=[tuple(r) for r in rows], page=page, per_page=per_page, total=total)
