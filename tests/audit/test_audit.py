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


def test_the_admin_audit_viewer_filters(app, as_user, org):
    _write_events(app, 3)
    with app.app_context():
        session = db.session()
        record_event(session, "certificate.revoke", actor_id=org.manager.id, target_id="TA-x")
        session.commit()
    admin = as_user("admin")
    page = admin.get("/admin/audit?action=certificate").get_data(as_text=True)
    assert "certificate.revoke" in page and "test.event" not in page
    by_actor = admin.get("/admin/audit?actor=manager").get_data(as_text=True)
    assert "certificate.revoke" in by_actor and "test.event" not in by_actor
    assert as_user("manager").get("/admin/audit").status_code == 403


def test_lms_audit_verify(app, session):
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from lms.cli import main

    _write_events(app, 4)

    def run():
        return CliRunner().invoke(main, ["audit", "verify"], obj=ScriptInfo(create_app=lambda: app))

    result = run()
    assert result.exit_code == 0 and "intact: 4 event(s)" in result.output
    second = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[1]
    session.execute(update(AuditEvent).where(AuditEvent.id == second.id).values(action="forged"))
    session.commit()
    result = run()
    assert result.exit_code == 1 and f"broken at event {second.id}" in result.output
