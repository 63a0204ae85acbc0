"""Two completions of the same course at the same moment issue exactly one certificate
(PostgreSQL, real parallel transactions)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.certificates.models import Certificate, CreditEntry
from lms.certificates.operations import issue_certificate
from lms.courses.models import Course
from lms.db import utcnow

pytestmark = pytest.mark.postgres_only


def test_concurrent_issues_give_one_certificate_and_one_ledger_row(
    app, sample_course, org, session
):
    factory = app.extensions["lms_db"]["sessionmaker"]
    first, second = factory(), factory()
    got: dict[str, str] = {}

    def issue(sess, key):  # type: ignore[no-untyped-def]
        with app.test_request_context():
            certificate = issue_certificate(
                sess,
                sess.get(Person, org.learner.id),
                sess.get(Course, sample_course.id),
                completed_at=utcnow(),
            )
            got[key] = certificate.serial
            sess.commit()

    with app.test_request_context():
        mine = issue_certificate(
            first,
            first.get(Person, org.learner.id),
            first.get(Course, sample_course.id),
            completed_at=utcnow(),
        )
    thread = threading.Thread(target=issue, args=(second, "second"))
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive(), "the second insert should wait on the first one's unique key"
    first.commit()
    thread.join(timeout=10)
    assert got["second"] == mine.serial
    assert session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert session.scalar(select(func.count()).select_from(CreditEntry)) == 1
    first.close()
    second.close()
