"""Taking a quiz: start, save answers, submit, grade, re-grade. Plain functions over a session.

Everything here is enforced on the server: the question draw and choice order are fixed at
start, the deadline is stored at start and checked on every touch, and the answer key never
leaves this module before submission.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.assessment.models import Question, Quiz
from lms.attempts import grading
from lms.attempts.drawing import build_items, draw_questions
from lms.attempts.models import Attempt, AttemptItem
from lms.core.errors import Conflict, Invalid, NotAllowed
from lms.core.sql import add_unless_duplicate
from lms.courses.models import Course
from lms.db import utcnow

#: longest essay answer, in characters
ESSAY_MAX = 5000
#: longest fill-in answer, in characters
BLANK_MAX = 200


class ItemNotInAttempt(Invalid):
    code = "not_in_attempt"


def start_attempt(
    session: Session,
    person: Person,
    quiz: Quiz,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Resume the person's open attempt, or start a new one if attempts remain."""
    now = now or utcnow()
    course = session.get(Course, quiz.course_id)
    if quiz.is_archived or course is None or course.status != "published":
        raise NotAllowed(_("This quiz is closed."))
    open_attempt = session.scalar(
        select(Attempt).where(
            Attempt.quiz_id == quiz.id,
            Attempt.person_id == person.id,
            Attempt.submitted_at.is_(None),
        )
    )
    if open_attempt is not None and not close_if_expired(session, open_attempt, now=now):
        return open_attempt
    taken = (
        session.scalar(
            select(func.max(Attempt.number)).where(
                Attempt.quiz_id == quiz.id, Attempt.person_id == person.id
            )
        )
        or 0
    )
    if quiz.max_attempts is not None and taken >= quiz.max_attempts:
        raise NotAllowed(_("You have used all %(n)d attempts at this quiz.", n=quiz.max_attempts))
    rng = rng or random.SystemRandom()
    items = build_items(draw_questions(session, quiz, rng), shuffle=quiz.shuffle_choices, rng=rng)
    if not items:
        raise Invalid(_("This quiz has no questions yet."))
    attempt = Attempt(
        quiz_id=quiz.id,
        person_id=person.id,
        number=taken + 1,
        started_at=now,
        deadline_at=now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None,
        max_score=sum((item.max_points for item in items), Decimal(0)),
        items=items,
    )
    # The unique keys on (quiz, person, number) and on the open attempt settle a race
    # between two concurrent starts: the second one fails here, cleanly.
    if not add_unless_duplicate(session, attempt):
        raise Conflict(_("Another attempt was started at the same moment. Reload the page."))
    return attempt


def close_if_expired(session: Session, attempt: Attempt, *, now: datetime | None = None) -> bool:
    """Submit an open attempt whose time is up; True if that happened now."""
    now = now or utcnow()
    if attempt.submitted_at is None and attempt.deadline_at and now > attempt.deadline_at:
        submit_attempt(session, attempt, now=now, auto=True)
        return True
    return False


def _check_open(session: Session, attempt: Attempt, now: datetime) -> None:
    if close_if_expired(session, attempt, now=now):
        raise Conflict(_("Time is up: your attempt has been submitted with the answers saved."))
    if attempt.submitted_at is not None:
        raise Conflict(_("This attempt has already been submitted."))


def save_answer(
    session: Session,
    attempt: Attempt,
    item_id: int,
    response: Any,
    *,
    now: datetime | None = None,
) -> AttemptItem:
    """Store the answer to one item of an open attempt (validated against the item)."""
    now = now or utcnow()
    _check_open(session, attempt, now)
    item = session.scalar(
        select(AttemptItem).where(AttemptItem.id == item_id, AttemptItem.attempt_id == attempt.id)
    )
    if item is None:
        raise ItemNotInAttempt(_("That question is not part of this attempt."))
    question = session.get(Question, item.question_id)
    assert question is not None
    item.response = clean_response(question.kind, item.choice_order or [], response)
    item.answered_at = now
    session.flush()
    return item


def clean_response(kind: str, choice_order: list[int], response: Any) -> Any:
    """The response in its stored form, or Invalid; None or empty clears the answer."""
    if response is None or response == "" or response == []:
        return None
    if kind == "single":
        value = response[0] if isinstance(response, list) and len(response) == 1 else response
        if not isinstance(value, int) or isinstance(value, bool) or value not in choice_order:
            raise Invalid(_("That choice does not belong to this question."))
        return [value]
    if kind == "multiple":
        values = response if isinstance(response, list) else [response]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values) or not set(
            values
        ) <= set(choice_order):
            raise Invalid(_("That choice does not belong to this question."))
        return sorted(set(values))
    if kind == "true_false":
        if isinstance(response, str):  # plain forms and some clients send text
            response = {"true": True, "false": False}.get(response, response)
        if not isinstance(response, bool):
            raise Invalid(_("Answer true or false."))
        return response
    if kind in ("fill_blank", "essay"):
        if not isinstance(response, str):
            raise Invalid(_("The answer must be text."))
        limit = ESSAY_MAX if kind == "essay" else BLANK_MAX
        if len(response) > limit:
            raise Invalid(_("Your answer is longer than %(n)d characters.", n=limit))
        return response.strip() or None
    raise Invalid(_("This question cannot be answered."))


def _keys(session: Session, question_ids: list[int]) -> dict[int, grading.Key]:
    questions = session.scalars(
        select(Question)
        .where(Question.id.in_(question_ids))
        .options(selectinload(Question.choices))
    )
    return {
        q.id: grading.Key(
            kind=q.kind,
            points=Decimal(q.points),
            correct=frozenset(c.id for c in q.choices if c.is_correct),
            choices=frozenset(c.id for c in q.choices),
            answer=q.answer,
        )
        for q in questions
    }


def grade_items(session: Session, quiz: Quiz, items: list[AttemptItem]) -> None:
    keys = _keys(session, [item.question_id for item in items])
    for item in items:
        if item.needs_manual:
            continue
        score = grading.grade(
            keys[item.question_id], item.response, multiple_scoring=quiz.multiple_scoring
        )
        item.score = min(score, item.max_points) if score is not None else None


def finalise(session: Session, attempt: Attempt, quiz: Quiz, items: list[AttemptItem]) -> None:
    """Set the attempt's score and pass/fail once every item has a score."""
    if any(item.score is None for item in items):
        attempt.status = "awaiting_grading"
        attempt.score = attempt.percent = attempt.passed = None
        attempt.graded_at = None
        return
    attempt.score = sum((item.score for item in items if item.score is not None), Decimal(0))
    attempt.percent = grading.percent(attempt.score, attempt.max_score)
    attempt.passed = attempt.percent >= quiz.pass_percent
    attempt.status = "graded"
    attempt.graded_at = attempt.graded_at or utcnow()


def submit_attempt(
    session: Session, attempt: Attempt, *, now: datetime | None = None, auto: bool = False
) -> Attempt:
    """Grade and close an open attempt. An expired one closes at its deadline."""
    now = now or utcnow()
    if attempt.submitted_at is not None:
        raise Conflict(_("This attempt has already been submitted."))
    quiz = session.get(Quiz, attempt.quiz_id)
    assert quiz is not None
    items = list(session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id)))
    grade_items(session, quiz, items)
    late = attempt.deadline_at is not None and now > attempt.deadline_at
    attempt.submitted_at = attempt.deadline_at if late else now
    attempt.auto_submitted = auto or late
    finalise(session, attempt, quiz, items)
    session.flush()
    after_grading(session, attempt, quiz)
    return attempt


def after_grading(session: Session, attempt: Attempt, quiz: Quiz) -> None:
    if attempt.status == "graded" and attempt.passed:
        from lms.learning.operations import complete_course_if_done

        person = session.get(Person, attempt.person_id)
        course = session.get(Course, quiz.course_id)
        if person is not None and course is not None:
            complete_course_if_done(session, person, course)


def close_expired(
    session: Session,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Submit every open attempt whose deadline has passed; returns how many."""
    now = now or utcnow()
    attempts = list(
        session.scalars(
            select(Attempt).where(Attempt.submitted_at.is_(None), Attempt.deadline_at < now)
        )
    )
    for done, attempt in enumerate(attempts, 1):
        submit_attempt(session, attempt, now=now, auto=True)
        if progress:
            progress(done, len(attempts))
    return len(attempts)
