"""A learner who has completed the sample course (its quizzes removed), so holds a certificate."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms import db
from lms.accounts.models import Person
from lms.assessment.models import Quiz
from lms.certificates.models import Certificate
from lms.courses.models import Course, Lesson
from lms.learning.operations import complete_lesson


def complete_course(app, person_id: int, course_id: int) -> None:
    with app.test_request_context():
        session = db.session()
        person = session.get(Person, person_id)
        course = session.get(Course, course_id)
        for lesson in session.scalars(select(Lesson).where(Lesson.course_id == course.id)):
            complete_lesson(session, person, lesson, course)
        session.commit()


@pytest.fixture
def no_quizzes(sample_course, session):
    session.execute(Quiz.__table__.delete())
    session.commit()
    return sample_course


@pytest.fixture
def certificate(app, no_quizzes, org, session):
    complete_course(app, org.learner.id, no_quizzes.id)
    return session.scalar(select(Certificate))
