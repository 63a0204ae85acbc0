"""insert_ignore tells a new row from a duplicate on both databases."""

from __future__ import annotations

from lms.core.sql import insert_ignore
from lms.learning.models import Enrollment


def test_insert_ignore_reports_whether_it_inserted(session, sample_course, org):
    values = {"person_id": org.learner.id, "course_id": sample_course.id, "source": "self"}
    assert insert_ignore(session, Enrollment.__table__, values) is True
    assert insert_ignore(session, Enrollment.__table__, values) is False
    session.commit()
    assert session.query(Enrollment).count() == 1
