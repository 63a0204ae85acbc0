"""Marking after submission: a trainer's grade for an essay, and correcting an answer key
(which re-grades every submitted answer to the question). Audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment.models import Question, Quiz
from lms.attempts.models import Attempt, AttemptItem
from lms.attempts.operations import after_grading, finalise, grade_items
from lms.audit.operations import record_event
from lms.core.errors import Invalid, NotFound
from lms.courses.models import Course
from lms.db import utcnow


def grade_manually(
    session: Session,
    grader: Person,
    item: AttemptItem,
    score: Decimal,
    comment: str,
    *,
    ip: str | None = None,
) -> Attempt:
    """A trainer scores an essay answer; the attempt is finished when nothing is left."""
    attempt = session.get(Attempt, item.attempt_id)
    assert attempt is not None
    quiz = session.get(Quiz, attempt.quiz_id)
    assert quiz is not None
    course = session.get(Course, quiz.course_id)
    if not can_grade(grader, course):
        raise NotFound(_("This answer does not exist."))
    if not item.needs_manual or attempt.submitted_at is None:
        raise Invalid(_("This answer is not waiting for a grade."))
    if score < 0 or score > item.max_points or score != score.quantize(Decimal("0.01")):
        raise Invalid(
            _("The score must be between 0 and %(max)s.", max=grading_number(item.max_points))
        )
    before = item.score
    item.score = score
    item.grader_comment = comment.strip() or None
    item.graded_by_id = grader.id
    item.graded_at = utcnow()
    items = list(session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id)))
    finalise(session, attempt, quiz, items)
    session.flush()
    record_event(
        session,
        "attempt.grade",
        actor_id=grader.id,
        target_type="attempt_item",
        target_id=item.id,
        ip=ip,
        details={
            "attempt": attempt.id,
            "before": _num(before),
            "after": _num(score),
            "comment": item.grader_comment,
        },
    )
    after_grading(session, attempt, quiz)
    return attempt


def can_grade(person: Person, course: Course | None) -> bool:
    """Trainers grade their own courses; admins grade everything."""
    if course is None:
        return False
    return person.role == "admin" or (person.role == "trainer" and course.owner_id == person.id)


def correct_key(
    session: Session,
    actor: Person,
    question: Question,
    *,
    correct_choice_ids: list[int] | None = None,
    answer: Any = None,
    reason: str,
    ip: str | None = None,
) -> int:
    """Change a question's answer key and re-grade every submitted answer to it.

    Returns the number of attempts re-graded. Who did it, why, and the key before and after
    go to the audit log.
    """
    course = session.get(Course, question.course_id)
    if not can_grade(actor, course):
        raise NotFound(_("This question does not exist."))
    if not reason.strip():
        raise Invalid(_("Say why the key is being corrected."))
    choices = list(question.choices)
    before: Any
    if question.kind in ("single", "multiple"):
        wanted = set(correct_choice_ids or [])
        ids = {c.id for c in choices}
        if not wanted or not wanted <= ids:
            raise Invalid(_("Choose the correct answers among the question's choices."))
        if question.kind == "single" and len(wanted) != 1:
            raise Invalid(_("A single-choice question has exactly one correct answer."))
        before = sorted(c.key for c in choices if c.is_correct)
        for choice in choices:
            choice.is_correct = choice.id in wanted
        after: Any = sorted(c.key for c in choices if c.is_correct)
    elif question.kind == "true_false":
        if not isinstance(answer, bool):
            raise Invalid(_("Answer true or false."))
        before, after = question.answer, answer
        question.answer = answer
    elif question.kind == "fill_blank":
        accepted = [a.strip() for a in (answer or []) if isinstance(a, str) and a.strip()]
        if not accepted:
            raise Invalid(_("Give at least one accepted answer."))
        before, after = question.answer, accepted
        question.answer = accepted
    else:
        raise Invalid(_("This kind of question has no answer key to correct."))
    session.flush()
    regraded = regrade_question(session, question)
    record_event(
        session,
        "question.correct_key",
        actor_id=actor.id,
        target_type="question",
        target_id=question.id,
        ip=ip,
        details={
            "question": question.key,
            "before": before,
            "after": after,
            "reason": reason.strip(),
            "attempts_regraded": regraded,
        },
    )
    return regraded


def regrade_question(session: Session, question: Question) -> int:
    """Re-grade the submitted answers to ``question`` and their attempts (idempotent)."""
    attempts = list(
        session.scalars(
            select(Attempt)
            .join(AttemptItem, AttemptItem.attempt_id == Attempt.id)
            .where(AttemptItem.question_id == question.id, Attempt.submitted_at.is_not(None))
        )
    )
    for attempt in attempts:
        quiz = session.get(Quiz, attempt.quiz_id)
        assert quiz is not None
        items = list(
            session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id))
        )
        grade_items(session, quiz, items)
        finalise(session, attempt, quiz, items)
        session.flush()
        after_grading(session, attempt, quiz)
    return len(attempts)


def grading_number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return format(value.to_integral_value(), "f")
    return format(value.normalize(), "f")


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
