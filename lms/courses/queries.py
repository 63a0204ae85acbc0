"""Queries behind the catalogue and the course page, each in a fixed number of statements.

Pages read plain rows (not ORM objects) where they only display: it is the cheaper path and
these are the pages every learner opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, false, func, select
from sqlalchemy.orm import Session, joinedload

from lms.assessment.models import Quiz, QuizDrawRule, QuizQuestion
from lms.core.paging import Page
from lms.courses.models import Course, CourseCompetency, Lesson, Module
from lms.learning.models import LessonProgress


def catalogue(
    session: Session,
    *,
    query: str = "",
    competency: str | None = None,
    page: int = 1,
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
        conditions.append(
            exists().where(
                CourseCompetency.course_id == Course.id,
                CourseCompetency.competency_code == competency,
            )
        )
    total = session.scalar(select(func.count()).select_from(Course).where(*conditions)) or 0
    items = list(
        session.scalars(
            select(Course)
            .where(*conditions)
            .options(joinedload(Course.competency_links))
            .order_by(Course.published_at.desc().nulls_last(), Course.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).unique()
    )
    return Page(items=items, page=page, per_page=per_page, total=total)


@dataclass(frozen=True)
class LessonEntry:
    id: int
    slug: str
    title: str
    #: whether the person the outline was read for has studied this lesson
    studied: bool = False


@dataclass(frozen=True)
class ModuleEntry:
    id: int
    title: str
    summary: str
    lessons: list[LessonEntry] = field(default_factory=list)


@dataclass(frozen=True)
class QuizInfo:
    id: int
    title: str
    question_count: int
    pass_percent: int
    time_limit_minutes: int | None
    grading: str


@dataclass(frozen=True)
class Outline:
    modules: list[ModuleEntry]

    @property
    def lessons(self) -> list[LessonEntry]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def studied_count(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.studied)

    @property
    def percent(self) -> int:
        total = len(self.lessons)
        return round(100 * self.studied_count / total) if total else 0

    def locate(self, lesson_id: int) -> tuple[ModuleEntry, LessonEntry | None, LessonEntry | None]:
        """The module of a lesson and the lessons before and after it in course order."""
        ordered = [(module, lesson) for module in self.modules for lesson in module.lessons]
        index = next(i for i, (_m, lesson) in enumerate(ordered) if lesson.id == lesson_id)
        prev = ordered[index - 1][1] if index > 0 else None
        nxt = ordered[index + 1][1] if index + 1 < len(ordered) else None
        return ordered[index][0], prev, nxt


def course_outline(session: Session, course_id: int, person_id: int | None = None) -> Outline:
    """Modules and their lessons (titles only, and whether ``person_id`` has studied each)
    in one statement."""
    studied = (
        exists().where(LessonProgress.lesson_id == Lesson.id, LessonProgress.person_id == person_id)
        if person_id
        else false()
    )
    rows = session.execute(
        select(
            Module.id,
            Module.title,
            Module.summary,
            Lesson.id.label("lesson_id"),
            Lesson.slug,
            Lesson.title.label("lesson_title"),
            studied.label("studied"),
        )
        .outerjoin(Lesson, Lesson.module_id == Module.id)
        .where(Module.course_id == course_id)
        .order_by(Module.position, Lesson.position)
    )
    modules: dict[int, ModuleEntry] = {}
    for row in rows:
        module = modules.get(row.id)
        if module is None:
            module = modules[row.id] = ModuleEntry(row.id, row.title, row.summary)
        if row.lesson_id is not None:
            module.lessons.append(
                LessonEntry(row.lesson_id, row.slug, row.lesson_title, bool(row.studied))
            )
    return Outline(modules=list(modules.values()))


def course_quizzes(session: Session, course_id: int) -> dict[int | None, QuizInfo]:
    """module id -> its quiz summary (the final exam under None), in one statement."""
    fixed = select(func.count()).where(QuizQuestion.quiz_id == Quiz.id).scalar_subquery()
    drawn = (
        select(func.coalesce(func.sum(QuizDrawRule.count), 0))
        .where(QuizDrawRule.quiz_id == Quiz.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Quiz.id,
            Quiz.module_id,
            Quiz.title,
            Quiz.pass_percent,
            Quiz.time_limit_minutes,
            Quiz.grading,
            fixed.label("fixed"),
            drawn.label("drawn"),
        ).where(Quiz.course_id == course_id, Quiz.is_archived.is_(False))
    )
    return {
        row.module_id: QuizInfo(
            row.id,
            row.title,
            row.fixed or row.drawn,
            row.pass_percent,
            row.time_limit_minutes,
            row.grading,
        )
        for row in rows
    }
