"""Queries behind the catalogue and the course page, each in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, selectinload

from lms.assessment.models import Quiz, QuizQuestion
from lms.core.paging import Page
from lms.courses.models import Course, CourseCompetency, Lesson, Module


def catalogue(
    session: Session, *, query: str = "", competency: str | None = None, page: int = 1,
    per_page: int = 20,
) -> Page[Course]:
    """Published courses matching a search text and a competency, newest first."""
    conditions = [Course.status == "published"]
    text = query.strip()[:100]
    if text:
        conditions.append(
            Course.title.icontains(text, autoescape=True)
            | Course.summary.icontains(text, autoescape=True)
        )
    if competency:
        conditions.append(exists().where(
            CourseCompetency.course_id == Course.id,
            CourseCompetency.competency_code == competency,
        ))
    total = session.scalar(select(func.count()).select_from(Course).where(*conditions)) or 0
    items = list(session.scalars(
        select(Course).where(*conditions)
        .options(selectinload(Course.competency_links))
        .order_by(Course.published_at.desc().nulls_last(), Course.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ))
    return Page(items=items, page=page, per_page=per_page, total=total)


@dataclass(frozen=True)
class QuizInfo:
    id: int
    title: str
    question_count: int
    pass_percent: int
    time_limit_minutes: int | None


@dataclass(frozen=True)
class Outline:
    course: Course
    modules: list[Module]
    #: module id -> its quiz; the final exam under None
    quizzes: dict[int | None, QuizInfo]

    @property
    def lessons(self) -> list[Lesson]:
        return [lesson for module in self.modules for lesson in module.lessons]


def course_outline(session: Session, course: Course) -> Outline:
    """Modules, lessons (without their bodies) and quiz summaries of ``course``."""
    modules = list(session.scalars(
        select(Module).where(Module.course_id == course.id).order_by(Module.position)
        .options(selectinload(Module.lessons))
    ))
    fixed_count = (
        select(func.count()).where(QuizQuestion.quiz_id == Quiz.id).scalar_subquery()
    )
    rows = session.execute(
        select(Quiz, fixed_count)
        .where(Quiz.course_id == course.id, Quiz.is_archived.is_(False))
        .options(selectinload(Quiz.draw_rules))
    ).all()
    quizzes = {
        quiz.module_id: QuizInfo(
            id=quiz.id, title=quiz.title,
            question_count=n or sum(rule.count for rule in quiz.draw_rules),
            pass_percent=quiz.pass_percent, time_limit_minutes=quiz.time_limit_minutes,
        )
        for quiz, n in rows
    }
    return Outline(course=course, modules=modules, quizzes=quizzes)
