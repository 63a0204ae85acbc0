"""What the quiz, attempt and review pages read, and the competency profile."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from lms.assessment.models import Choice, Question, Quiz
from lms.attempts.models import Attempt, AttemptItem


@dataclass(frozen=True)
class QuizResult:
    """A person's standing on a quiz under its grading method (highest or last)."""

    attempt_id: int
    percent: Decimal
    passed: bool


class QuizRules(Protocol):
    id: int
    grading: str
    pass_percent: int


def quiz_results(
    session: Session, person_id: int, quizzes: Sequence[QuizRules]
) -> dict[int, QuizResult]:
    """quiz id -> result, from graded attempts (one statement)."""
    if not quizzes:
        return {}
    by_id = {q.id: q for q in quizzes}
    rows = session.execute(
        select(Attempt.id, Attempt.quiz_id, Attempt.number, Attempt.percent)
        .where(
            Attempt.person_id == person_id,
            Attempt.quiz_id.in_(by_id),
            Attempt.status == "graded",
        )
        .order_by(Attempt.quiz_id, Attempt.number)
    )
    results: dict[int, QuizResult] = {}
    for row in rows:
        quiz = by_id[row.quiz_id]
        current = results.get(row.quiz_id)
        better = current is None or (
            row.percent > current.percent if quiz.grading == "highest" else True
        )
        if better:
            results[row.quiz_id] = QuizResult(row.id, row.percent, row.percent >= quiz.pass_percent)
    return results


def active_quizzes(session: Session, course_id: int) -> list[Quiz]:
    return list(
        session.scalars(
            select(Quiz).where(Quiz.course_id == course_id, Quiz.is_archived.is_(False))
        )
    )


def attempts_of(session: Session, person_id: int, quiz_id: int) -> list[Attempt]:
    return list(
        session.scalars(
            select(Attempt)
            .where(Attempt.person_id == person_id, Attempt.quiz_id == quiz_id)
            .order_by(Attempt.number)
        )
    )


@dataclass
class ItemView:
    """One item as the learner sees it (choices in their shuffled order, no key)."""

    item: AttemptItem
    question: Question
    #: the case this item belongs to, shown above its first part
    case: Question | None
    choices: list[Choice]
    first_of_case: bool = False


def attempt_items(session: Session, attempt: Attempt) -> list[ItemView]:
    """The attempt's items with their questions and choices, in three statements."""
    items = list(
        session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt.id)
            .order_by(AttemptItem.position)
        )
    )
    ids = {item.question_id for item in items} | {item.case_id for item in items if item.case_id}
    questions = {
        q.id: q
        for q in session.scalars(
            select(Question).where(Question.id.in_(ids)).options(selectinload(Question.choices))
        )
    }
    views: list[ItemView] = []
    previous_case = None
    for item in items:
        question = questions[item.question_id]
        by_id = {c.id: c for c in question.choices}
        choices = [by_id[cid] for cid in item.choice_order or [] if cid in by_id]
        case = questions.get(item.case_id) if item.case_id else None
        views.append(
            ItemView(
                item,
                question,
                case,
                choices,
                first_of_case=case is not None and item.case_id != previous_case,
            )
        )
        previous_case = item.case_id
    return views


def may_review(quiz: Quiz, attempt: Attempt, passed_quiz: bool, now: datetime) -> bool:
    """Whether the answers, key and explanations of a submitted attempt may be shown."""
    if attempt.submitted_at is None:
        return False
    policy = quiz.review_policy
    if policy == "after_submit":
        return True
    if policy == "after_pass":
        return passed_quiz
    if policy == "after_close":
        return quiz.closes_at is not None and now >= quiz.closes_at
    return False


def competency_totals(person_ids: list[int] | Select[Any] | None = None) -> Select[Any]:
    """(person id, competency code, points earned, points possible) on graded items,
    counting each person's best graded attempt per quiz only."""
    ranked = select(
        Attempt.id,
        Attempt.person_id,
        func.row_number()
        .over(
            partition_by=(Attempt.person_id, Attempt.quiz_id),
            order_by=(Attempt.percent.desc(), Attempt.id.desc()),
        )
        .label("rank"),
    ).where(Attempt.status == "graded")
    if person_ids is not None:
        ranked = ranked.where(Attempt.person_id.in_(person_ids))
    best = ranked.subquery()
    return (
        select(
            best.c.person_id,
            Question.competency_code,
            func.sum(AttemptItem.score),
            func.sum(AttemptItem.max_points),
        )
        .join(AttemptItem, AttemptItem.attempt_id == best.c.id)
        .join(Question, Question.id == AttemptItem.question_id)
        .where(best.c.rank == 1)
        .group_by(best.c.person_id, Question.competency_code)
    )


def share(earned: Decimal | None, possible: Decimal | None) -> Decimal | None:
    if not possible:
        return None
    return (Decimal(earned or 0) / Decimal(possible)).quantize(Decimal("0.0001"))


def competency_scores(
    session: Session, person_ids: list[int] | Select[Any] | None = None
) -> dict[int, dict[str, Decimal]]:
    """person id -> competency code -> share (0–1) of points earned on graded items.

    One statement for any number of people (reports read the stored copy in
    ``person_competency`` instead; see lms.reports).
    """
    scores: dict[int, dict[str, Decimal]] = {}
    for person_id, code, earned, possible in session.execute(competency_totals(person_ids)):
        value = share(earned, possible)
        if value is not None:
            scores.setdefault(person_id, {})[code] = value
    return scores
