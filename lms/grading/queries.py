"""The trainer's grading queue and question list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment.models import Question, Quiz
from lms.attempts.models import Attempt, AttemptItem
from lms.core.paging import Page
from lms.courses.models import Course


@dataclass(frozen=True)
class QueueEntry:
    item_id: int
    course_title: str
    quiz_title: str
    learner: str
    submitted_at: datetime | None
    stem: str


def _own_courses(grader: Person):  # type: ignore[no-untyped-def]
    """Admins grade everything; trainers their own courses."""
    return true() if grader.role == "admin" else Course.owner_id == grader.id


def grading_queue(
    session: Session, grader: Person, *, page: int = 1, per_page: int = 20
) -> Page[QueueEntry]:
    """Answers waiting for a grade, oldest submission first (two statements)."""
    conditions = (
        AttemptItem.needs_manual.is_(True),
        AttemptItem.score.is_(None),
        Attempt.submitted_at.is_not(None),
        _own_courses(grader),
    )
    base = (
        select(AttemptItem.id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .where(*conditions)
    )
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.execute(
        select(
            AttemptItem.id,
            Course.title,
            Quiz.title,
            Person.display_name,
            Attempt.submitted_at,
            Question.stem,
        )
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(Course, Course.id == Quiz.course_id)
        .join(Person, Person.id == Attempt.person_id)
        .join(Question, Question.id == AttemptItem.question_id)
        .where(*conditions)
        .order_by(Attempt.submitted_at, AttemptItem.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = [QueueEntry(*row) for row in rows]
    return Page(items=items, page=page, per_page=per_page, total=total)


def gradable_courses(session: Session, grader: Person) -> list[Course]:
    return list(session.scalars(select(Course).where(_own_courses(grader)).order_by(Course.title)))


def course_questions(session: Session, course_id: int) -> list[Question]:
    """Questions whose key can be corrected (not essays or case stems), in bank order."""
    return list(
        session.scalars(
            select(Question)
            .where(
                Question.course_id == course_id,
                Question.is_retired.is_(False),
                Question.kind.in_(("single", "multiple", "true_false", "fill_blank")),
            )
            .order_by(Question.parent_id.is_not(None), Question.position, Question.id)
        )
    )
