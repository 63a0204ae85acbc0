"""The audit log is a hash chain: any edit to a past event breaks it, and it shows where."""

from __future__ import annotations

from sqlalchemy import select, update

from lms import db
from lms.audit.models import AuditEvent
from lms.audit.operations import GENESIS, first_broken_link, record_event


def _write_events(app, n=5):
    with app.app_context():
        session = db.session()
        for i in range(n):
            record_event(
                session,
                "test.event",
                target_type="thing",
                target_id=i,
                details={"i": i, "名": "张三"},
            )
        session.commit()


def test_events_chain_from_the_genesis_hash(app, session):
    _write_events(app)
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert first_broken_link(session) is None


def test_tampering_with_an_event_is_found(app, session):
    _write_events(app)
    third = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[2]
    session.execute(update(AuditEvent).where(AuditEvent.id == third.id).values(details={"i": 99}))
    session.commit()
    session.expire_all()
    assert first_broken_link(session).id == third.id


def test_deleting_an_event_is_found(app, session):
    _write_events(app)
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    session.delete(events[1])
    session.commit()
    assert first_broken_link(session).id == events[2].id
