"""Choosing the questions of a new attempt and the order of their choices."""

from __future__ import annotations

import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.assessment.models import Question, Quiz, QuizDrawRule, QuizQuestion
from lms.attempts.models import AttemptItem


def draw_questions(session: Session, quiz: Quiz, rng: random.Random) -> list[Question]:
    """The quiz's questions: its fixed list in order, or random draws by competency or tag."""
    fixed = list(
        session.scalars(
            select(Question)
            .join(QuizQuestion, QuizQuestion.question_id == Question.id)
            .where(QuizQuestion.quiz_id == quiz.id, Question.is_retired.is_(False))
            .order_by(QuizQuestion.position)
            .options(
                selectinload(Question.choices),
                selectinload(Question.parts).selectinload(Question.choices),
            )
        )
    )
    if fixed:
        return fixed
    rules = list(
        session.scalars(
            select(QuizDrawRule)
            .where(QuizDrawRule.quiz_id == quiz.id)
            .order_by(QuizDrawRule.position)
        )
    )
    bank = list(
        session.scalars(
            select(Question)
            .where(
                Question.course_id == quiz.course_id,
                Question.parent_id.is_(None),
                Question.is_retired.is_(False),
            )
            .order_by(Question.position)
            .options(
                selectinload(Question.choices),
                selectinload(Question.parts).selectinload(Question.choices),
            )
        )
    )
    chosen: list[Question] = []
    for rule in rules:
        pool = [
            q
            for q in bank
            if q not in chosen
            and (
                (rule.competency_code and q.competency_code == rule.competency_code)
                or (rule.tag and rule.tag in (q.tags or []))
            )
        ]
        chosen.extend(rng.sample(pool, min(rule.count, len(pool))))
    rng.shuffle(chosen)
    return chosen


def build_items(
    questions: list[Question], *, shuffle: bool, rng: random.Random
) -> list[AttemptItem]:
    """One item per question; a case question becomes one item per part, kept together."""
    items: list[AttemptItem] = []

    def add(question: Question, case: Question | None) -> None:
        order = [c.id for c in question.choices] or None
        if order and shuffle:
            rng.shuffle(order)
        items.append(
            AttemptItem(
                question_id=question.id,
                case_id=case.id if case else None,
                position=len(items),
                choice_order=order,
                max_points=Decimal(question.points),
                needs_manual=question.kind == "essay",
            )
        )

    for question in questions:
        if question.kind == "case":
            for part in question.parts:
                add(part, question)
        else:
            add(question, None)
    return items
