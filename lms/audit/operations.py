"""Writing and checking the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from lms.audit.models import AuditEvent
from lms.db import utcnow

GENESIS = "0" * 64


def _digest(event: AuditEvent) -> str:
    payload = {
        "prev": event.prev_hash,
        "at": event.occurred_at.isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "action": event.action,
        "target": [event.target_type, event.target_id],
        "ip": event.ip,
        "details": event.details,
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def record_event(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain (in the caller's transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        # Serialise writers so each sees the latest hash; released at commit.
        session.execute(text("SELECT pg_advisory_xact_lock(727101)"))
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        ip=ip,
        details=details or {},
        prev_hash=prev or GENESIS,
    )
    event.hash = _digest(event)
    session.add(event)
    session.flush()
    return event


def first_broken_link(session: Session) -> AuditEvent | None:
    """The first event whose hash or link does not match, or None when the chain holds."""
    prev = GENESIS
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        if event.prev_hash != prev or _digest(event) != event.hash:
            return event
        prev = event.hash
    return None
