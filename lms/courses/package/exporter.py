"""Write a course from the database back to a package folder (the inverse of the importer)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.assessment.models import Question, Quiz
from lms.core.errors import NotFound
from lms.core.time import SHANGHAI
from lms.courses.models import Course, Lesson, Module
from lms.courses.package import yamlfile


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _quiz(quiz: Quiz, keys: dict[int, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"title": quiz.title}
    if quiz.draw_rules:
        data["draw"] = [
            {"competency": r.competency_code, "count": r.count}
            if r.competency_code
            else {"tag": r.tag, "count": r.count}
            for r in quiz.draw_rules
        ]
    else:
        data["questions"] = [keys[qq.question_id] for qq in quiz.questions]
    data["pass_percent"] = quiz.pass_percent
    if quiz.time_limit_minutes is not None:
        data["time_limit_minutes"] = quiz.time_limit_minutes
    if quiz.max_attempts is not None:
        data["max_attempts"] = quiz.max_attempts
    data["grading"] = quiz.grading
    data["review"] = quiz.review_policy
    data["multiple_scoring"] = quiz.multiple_scoring
    data["shuffle_choices"] = quiz.shuffle_choices
    if quiz.closes_at is not None:
        data["closes_at"] = quiz.closes_at.astimezone(SHANGHAI).isoformat()
    return data


def _question(q: Question, parts: list[Question], parent: Question | None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": q.key, "kind": q.kind}
    if parent is None or q.competency_code != parent.competency_code:
        data["competency"] = q.competency_code
    data["points"] = _number(q.points)
    if q.tags:
        data["tags"] = list(q.tags)
    data["stem"] = q.stem
    if q.kind in ("single", "multiple"):
        data["choices"] = {c.key: c.text for c in q.choices}
        correct = [c.key for c in q.choices if c.is_correct]
        data["answer"] = correct[0] if q.kind == "single" else correct
    elif q.kind == "true_false":
        data["answer"] = bool(q.answer)
    elif q.kind == "fill_blank":
        data["accepted"] = list(q.answer or [])
    elif q.kind == "essay" and q.reference_answer:
        data["reference_answer"] = q.reference_answer
    if q.explanation:
        data["explanation"] = q.explanation
    if q.kind == "case":
        data["parts"] = [_question(p, [], q) for p in parts]
    return data


def export_course(session: Session, code: str, target: Path) -> Path:
    """Write course ``code`` to ``target/<code>/`` and return that folder."""
    course = session.scalar(
        select(Course)
        .where(Course.code == code)
        .options(
            selectinload(Course.modules).selectinload(Module.lessons).undefer(Lesson.body_md),
            selectinload(Course.competency_links),
        )
    )
    if course is None:
        raise NotFound(f"course '{code}' does not exist")
    questions = list(
        session.scalars(
            select(Question)
            .where(Question.course_id == course.id, Question.is_retired.is_(False))
            .order_by(Question.parent_id.is_not(None), Question.position)
            .options(selectinload(Question.choices))
        )
    )
    quizzes = {
        q.module_id: q
        for q in session.scalars(
            select(Quiz)
            .where(Quiz.course_id == course.id)
            .options(selectinload(Quiz.questions), selectinload(Quiz.draw_rules))
        )
    }
    keys = {q.id: q.key for q in questions}
    parts: dict[int, list[Question]] = {}
    for q in questions:
        if q.parent_id is not None:
            parts.setdefault(q.parent_id, []).append(q)
    owner = session.get(Person, course.owner_id) if course.owner_id else None

    folder = target / course.code
    folder.mkdir(parents=True, exist_ok=True)
    modules = []
    for module in course.modules:
        mdata: dict[str, Any] = {"title": module.title}
        if module.summary:
            mdata["summary"] = module.summary
        mdata["lessons"] = [f"{lesson.slug}.md" for lesson in module.lessons]
        if module.id in quizzes:
            mdata["quiz"] = _quiz(quizzes[module.id], keys)
        modules.append(mdata)
        for lesson in module.lessons:
            front: dict[str, Any] = {"title": lesson.title}
            if lesson.video_url:
                front["video_url"] = lesson.video_url
            (folder / f"{lesson.slug}.md").write_text(
                f"---\n{yamlfile.dump(front)}---\n{lesson.body_md}\n", encoding="utf-8"
            )
    data: dict[str, Any] = {
        "code": course.code,
        "title": course.title,
        "summary": course.summary,
        "credit_hours": _number(course.credit_hours),
        "competencies": [c.code for c in course.competencies],
    }
    if owner is not None:
        data["owner"] = owner.username
    data["status"] = course.status
    data["modules"] = modules
    if None in quizzes:
        data["final_exam"] = _quiz(quizzes[None], keys)
    (folder / "course.yaml").write_text(yamlfile.dump(data), encoding="utf-8")
    bank = [_question(q, parts.get(q.id, []), None) for q in questions if q.parent_id is None]
    (folder / "questions.yaml").write_text(yamlfile.dump(bank), encoding="utf-8")
    return folder
