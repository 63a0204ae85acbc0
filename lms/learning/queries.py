"""What the learner's pages show: required courses, progress, enrolments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.courses.models import Course, Lesson
from lms.learning.models import Assignment, Enrollment, LessonProgress
from lms.orgs.models import OrgUnit


def completed_counts(session: Session, person_id: int, course_ids: list[int]) -> dict[int, int]:
    """course id -> number of lessons the person has completed in it."""
    if not course_ids:
        return {}
    rows = session.execute(
        select(LessonProgress.course_id, func.count())
        .where(LessonProgress.person_id == person_id, LessonProgress.course_id.in_(course_ids))
        .group_by(LessonProgress.course_id)
    )
    return {course_id: n for course_id, n in rows}


def completed_lesson_ids(session: Session, person_id: int, course_id: int) -> set[int]:
    return set(session.scalars(
        select(LessonProgress.lesson_id)
        .where(LessonProgress.person_id == person_id, LessonProgress.course_id == course_id)
    ))


def enrollments_for(session: Session, person_id: int,
                    course_ids: list[int]) -> dict[int, Enrollment]:
    if not course_ids:
        return {}
    return {e.course_id: e for e in session.scalars(
        select(Enrollment).where(Enrollment.person_id == person_id,
                                 Enrollment.course_id.in_(course_ids))
    )}


def _applies_to(person: Person, unit: OrgUnit):  # type: ignore[no-untyped-def]
    return or_(Assignment.person_id == person.id, Assignment.unit_id.in_(unit.ancestor_ids()))


@dataclass(frozen=True)
class CourseCard:
    course: Course
    completed: int
    due_date: date | None = None
    completed_at: datetime | None = None

    @property
    def percent(self) -> int:
        total = self.course.lesson_count
        return 100 if total == 0 else min(100, round(100 * self.completed / total))

    def is_overdue(self, today: date) -> bool:
        return self.due_date is not None and self.completed_at is None and self.due_date < today


@dataclass(frozen=True)
class Home:
    required: list[CourseCard]
    in_progress: list[CourseCard]
    completed: list[CourseCard]


def learner_home(session: Session, person: Person, year: int) -> Home:
    """The learner's home in five statements, whatever the number of courses."""
    unit = person.unit
    due_rows = session.execute(
        select(Assignment.course_id, func.min(Assignment.due_date))
        .where(_applies_to(person, unit), Assignment.year == year)
        .group_by(Assignment.course_id)
    ).all()
    due = {course_id: due_date for course_id, due_date in due_rows}
    enrolled = {e.course_id: e for e in session.scalars(
        select(Enrollment).where(Enrollment.person_id == person.id))}
    course_ids = list(due.keys() | enrolled.keys())
    courses = {c.id: c for c in session.scalars(
        select(Course).where(Course.id.in_(course_ids), Course.status == "published")
    )} if course_ids else {}
    counts = completed_counts(session, person.id, list(courses))

    def card(course_id: int) -> CourseCard:
        e = enrolled.get(course_id)
        return CourseCard(course=courses[course_id], completed=counts.get(course_id, 0),
                          due_date=due.get(course_id),
                          completed_at=e.completed_at if e else None)

    required = sorted((card(cid) for cid in due if cid in courses),
                      key=lambda c: (c.completed_at is not None, c.due_date, c.course.title))
    in_progress = sorted(
        (card(cid) for cid, e in enrolled.items()
         if cid in courses and cid not in due and e.completed_at is None),
        key=lambda c: -c.percent)
    completed = sorted(
        (card(cid) for cid, e in enrolled.items() if cid in courses and e.completed_at),
        key=lambda c: c.completed_at, reverse=True)[:10]  # type: ignore[arg-type,return-value]
    return Home(required=required, in_progress=in_progress, completed=completed)


def is_required(session: Session, person: Person, course_id: int, year: int) -> date | None:
    """The due date when the course is required of the person this year, else None."""
    return session.scalar(
        select(func.min(Assignment.due_date))
        .where(_applies_to(person, person.unit), Assignment.year == year,
               Assignment.course_id == course_id)
    )


def neighbours(session: Session, course_id: int, lesson: Lesson) -> tuple[Lesson | None,
                                                                           Lesson | None]:
    """The lessons before and after ``lesson`` in course order (one statement)."""
    from lms.courses.models import Module

    ordered = list(session.scalars(
        select(Lesson).join(Module, Lesson.module_id == Module.id)
        .where(Lesson.course_id == course_id)
        .order_by(Module.position, Lesson.position)
    ))
    index = next(i for i, other in enumerate(ordered) if other.id == lesson.id)
    prev = ordered[index - 1] if index > 0 else None
    nxt = ordered[index + 1] if index + 1 < len(ordered) else None
    return prev, nxt
