"""What the learner's pages show: required courses, progress, enrolments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.courses.models import Course
from lms.learning.models import Assignment, Enrollment, LessonProgress
from lms.orgs.models import OrgUnit


@dataclass(frozen=True)
class EnrollmentStatus:
    completed_at: datetime | None
    #: lessons studied in the course
    studied: int


def enrollment_status(
    session: Session, person_id: int, course_ids: list[int] | None = None
) -> dict[int, EnrollmentStatus]:
    """course id -> the person's enrolment and lessons studied (one statement).

    Studying a lesson always enrols, so a course without an enrolment has no progress.
    ``course_ids=None`` means every course the person is enrolled in.
    """
    if course_ids is not None and not course_ids:
        return {}
    studied = (
        select(func.count())
        .where(
            LessonProgress.person_id == person_id, LessonProgress.course_id == Enrollment.course_id
        )
        .scalar_subquery()
    )
    query = select(Enrollment.course_id, Enrollment.completed_at, studied.label("studied")).where(
        Enrollment.person_id == person_id
    )
    if course_ids is not None:
        query = query.where(Enrollment.course_id.in_(course_ids))
    return {
        row.course_id: EnrollmentStatus(row.completed_at, row.studied)
        for row in session.execute(query)
    }


@dataclass(frozen=True)
class CourseStatus:
    enrolled: bool
    completed_at: datetime | None
    #: the due date when the course is required of the person this year
    due_date: date | None


def course_status(session: Session, person: Person, course_id: int, year: int) -> CourseStatus:
    """The person's enrolment and required-course status for one course (one statement)."""
    mine = (Enrollment.person_id == person.id, Enrollment.course_id == course_id)
    row = session.execute(
        select(
            select(Enrollment.id).where(*mine).scalar_subquery(),
            select(Enrollment.completed_at).where(*mine).scalar_subquery(),
            select(func.min(Assignment.due_date))
            .where(
                _applies_to(person, person.unit),
                Assignment.year == year,
                Assignment.course_id == course_id,
            )
            .scalar_subquery(),
        )
    ).one()
    return CourseStatus(enrolled=row[0] is not None, completed_at=row[1], due_date=row[2])


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
    """The learner's home in three statements, whatever the number of courses."""
    due_rows = session.execute(
        select(Assignment.course_id, func.min(Assignment.due_date))
        .where(_applies_to(person, person.unit), Assignment.year == year)
        .group_by(Assignment.course_id)
    ).all()
    due = {course_id: due_date for course_id, due_date in due_rows}
    status = enrollment_status(session, person.id)
    course_ids = list(due.keys() | status.keys())
    courses = (
        {
            c.id: c
            for c in session.scalars(
                select(Course).where(Course.id.in_(course_ids), Course.status == "published")
            )
        }
        if course_ids
        else {}
    )

    def card(course_id: int) -> CourseCard:
        s = status.get(course_id)
        return CourseCard(
            course=courses[course_id],
            completed=s.studied if s else 0,
            due_date=due.get(course_id),
            completed_at=s.completed_at if s else None,
        )

    required = sorted(
        (card(cid) for cid in due if cid in courses),
        key=lambda c: (c.completed_at is not None, c.due_date, c.course.title),
    )
    in_progress = sorted(
        (
            card(cid)
            for cid, s in status.items()
            if cid in courses and cid not in due and s.completed_at is None
        ),
        key=lambda c: -c.percent,
    )
    completed = sorted(
        (card(cid) for cid, s in status.items() if cid in courses and s.completed_at),
        key=lambda c: c.completed_at,
        reverse=True,
    )[:10]  # type: ignore[arg-type,return-value]
    return Home(required=required, in_progress=in_progress, completed=completed)


def is_required(session: Session, person: Person, course_id: int, year: int) -> date | None:
    """The due date when the course is required of the person this year, else None."""
    return session.scalar(
        select(func.min(Assignment.due_date)).where(
            _applies_to(person, person.unit),
            Assignment.year == year,
            Assignment.course_id == course_id,
        )
    )
