"""Helpers for the attempt tests: the sample course's quizzes and people, ready to use."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms import db
from lms.accounts.models import Person
from lms.assessment.models import Choice, Question, Quiz


class Ctx:
    """The request-style session plus the objects a test needs, loaded in it."""

    def __init__(self, session, org, course):
        self.session = session
        self.course = course
        self.learner = session.get(Person, org.learner.id)
        self.other = session.get(Person, org.learner_b.id)
        self.trainer = session.get(Person, org.trainer.id)
        self.trainer2 = session.get(Person, org.trainer2.id)
        self.module_quiz = session.scalar(
            select(Quiz).where(Quiz.course_id == course.id, Quiz.module_id.is_not(None))
        )
        self.final = session.scalar(
            select(Quiz).where(Quiz.course_id == course.id, Quiz.module_id.is_(None))
        )

    def question(self, key: str) -> Question:
        return self.session.scalar(
            select(Question)
            .where(Question.course_id == self.course.id, Question.key == key)
            .options(selectinload(Question.choices))
        )

    def choice(self, key: str, letter: str) -> Choice:
        return self.session.scalar(
            select(Choice).where(Choice.question_id == self.question(key).id, Choice.key == letter)
        )

    def correct(self, key: str) -> list[int]:
        return [c.id for c in self.question(key).choices if c.is_correct]


@pytest.fixture
def ctx(app, sample_course, org):
    with app.test_request_context():
        session = db.session()
        from lms.courses.models import Course

        yield Ctx(session, org, session.get(Course, sample_course.id))


@pytest.fixture
def rng():
    return random.Random(42)
