"""Learning operations: enrolling, studying lessons, completing courses."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.core.errors import Invalid
from lms.core.sql import insert_ignore
from lms.courses.models import Course, Lesson
from lms.db import utcnow
from lms.learning.models import Assignment, Enrollment, LessonProgress


def enroll(session: Session, person: Person, course: Course, *, source: str = "self") -> Enrollment:
    """Enrol ``person`` in ``course`` (idempotent; safe against a double click)."""
    if course.status != "published":
        raise Invalid(_("Only published courses can be studied."))
    insert_ignore(
        session,
        Enrollment.__table__,
        {
            "person_id": person.id,
            "course_id": course.id,
            "source": source,
            "created_at": utcnow(),
        },
    )
    enrollment = session.scalar(
        select(Enrollment).where(
            Enrollment.person_id == person.id, Enrollment.course_id == course.id
        )
    )
    assert enrollment is not None
    return enrollment


def complete_lesson(
    session: Session, person: Person, lesson: Lesson, course: Course, *, required: bool = False
) -> bool:
    """Record that ``person`` studied ``lesson`` to the end; True if this is new.

    Studying a lesson enrols the person in its course. Completing the last piece of a
    course completes the course (see :func:`complete_course_if_done`).
    """
    enroll(session, person, course, source="assigned" if required else "self")
    inserted = insert_ignore(
        session,
        LessonProgress.__table__,
        {
            "person_id": person.id,
            "lesson_id": lesson.id,
            "course_id": course.id,
            "completed_at": utcnow(),
        },
    )
    if inserted:
        complete_course_if_done(session, person, course)
    return inserted


def complete_course_if_done(session: Session, person: Person, course: Course) -> bool:
    """Mark the course complete when every lesson is studied and every quiz passed.

    This is the one operation that decides course completion; certificates and credit
    hours hang off the completion time it records.
    """
    enrollment = session.scalar(
        select(Enrollment).where(
            Enrollment.person_id == person.id, Enrollment.course_id == course.id
        )
    )
    if enrollment is None or enrollment.completed_at is not None:
        return False
    studied = (
        session.scalar(
            select(func.count())
            .select_from(LessonProgress)
            .where(LessonProgress.person_id == person.id, LessonProgress.course_id == course.id)
        )
        or 0
    )
    if studied < course.lesson_count:
        return False
    if not quizzes_passed(session, person, course):
        return False
    enrollment.completed_at = utcnow()
    session.flush()
    from lms.certificates.operations import issue_certificate

    issue_certificate(session, person, course, completed_at=enrollment.completed_at)
    return True


def quizzes_passed(session: Session, person: Person, course: Course) -> bool:
    """Whether the person has passed every active quiz of the course (module quizzes and the
    final exam), under each quiz's grading method."""
    from lms.attempts.queries import active_quizzes, quiz_results

    quizzes = active_quizzes(session, course.id)
    results = quiz_results(session, person.id, quizzes)
    return all(results.get(q.id) is not None and results[q.id].passed for q in quizzes)


def assign_course(
    session: Session,
    course: Course,
    *,
    year: int,
    due_date,
    unit_id=None,  # type: ignore[no-untyped-def]
    person_id=None,
    assigned_by_id: int | None = None,
) -> Assignment:
    """Make ``course`` required for a unit subtree or one person."""
    if (unit_id is None) == (person_id is None):
        raise Invalid(_("Assign a course either to a unit or to a person."))
    if course.status != "published":
        raise Invalid(_("Only published courses can be assigned."))
    assignment = Assignment(
        course_id=course.id,
        unit_id=unit_id,
        person_id=person_id,
        year=year,
        due_date=due_date,
        assigned_by_id=assigned_by_id,
    )
    session.add(assignment)
    session.flush()
    return assignment
