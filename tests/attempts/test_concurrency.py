"""Two "start attempt" requests at the same moment cannot exceed the maximum (PostgreSQL,
with real parallel transactions)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.assessment.models import Quiz
from lms.attempts.models import Attempt
from lms.attempts.operations import start_attempt
from lms.core.errors import Conflict

pytestmark = pytest.mark.postgres_only


def test_concurrent_starts_cannot_take_more_attempts_than_allowed(app, sample_course, org, session):
    quiz_id = session.scalar(select(Quiz.id).where(Quiz.module_id.is_not(None)))
    session.get(Quiz, quiz_id).max_attempts = 1
    session.commit()
    factory = app.extensions["lms_db"]["sessionmaker"]
    first, second = factory(), factory()
    outcome: dict[str, object] = {}

    def start_in(sess, key):  # type: ignore[no-untyped-def]
        with app.test_request_context():
            try:
                start_attempt(sess, sess.get(Person, org.learner.id), sess.get(Quiz, quiz_id))
                sess.commit()
                outcome[key] = "started"
            except Conflict as exc:
                sess.rollback()
                outcome[key] = exc

    with app.test_request_context():
        start_attempt(first, first.get(Person, org.learner.id), first.get(Quiz, quiz_id))
    # the first transaction holds its new attempt, uncommitted, while the second one starts
    thread = threading.Thread(target=start_in, args=(second, "second"))
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive(), "the second start should wait on the first one's unique key"
    first.commit()
    thread.join(timeout=10)
    assert isinstance(outcome["second"], Conflict)
    assert session.scalar(select(func.count()).select_from(Attempt)) == 1
    first.close()
    second.close()
