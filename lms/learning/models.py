"""Enrolments (选修 and 必修), required-course assignments and lesson progress."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UTCDateTime, utcnow


class Enrollment(Base):
    """A person studying a course, by their own choice or because it was assigned."""

    __tablename__ = "enrollment"
    __table_args__ = (
        UniqueConstraint("person_id", "course_id"),
        Index("ix_enrollment_report", "course_id", "active", "unit_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    #: "self" (elective) or "assigned" (required)
    source: Mapped[str] = mapped_column(String(16), default="self")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the time the course was completed (set by learning.operations.complete_course)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the person's current unit and ``is_active``, copied in the same flush by the
    #: summaries' refresh, so required-course reports count completions by unit from this
    #: table alone (reports only: never read these from domain code)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())


class Assignment(Base):
    """A required course (必修) for a unit subtree or one person, for a year, with a due date."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("(unit_id IS NULL) <> (person_id IS NULL)", name="one_target"),
        Index("ix_assignment_unit_year", "unit_id", "year"),
        Index("ix_assignment_person_year", "person_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    #: everyone in this unit's subtree …
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    #: … or this one person
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    year: Mapped[int]
    due_date: Mapped[date]
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LessonProgress(Base):
    """A lesson the person has studied to the end (no time-on-page is kept: DESIGN §2)."""

    __tablename__ = "lesson_progress"
    __table_args__ = (Index("ix_lesson_progress_person_course", "person_id", "course_id"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lesson.id", ondelete="CASCADE"), primary_key=True
    )
    #: denormalised from the lesson for per-course counts
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
