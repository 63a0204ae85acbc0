"""Courses, their modules and lessons, and the competency table."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UTCDateTime, utcnow

COURSE_STATUSES = ("draft", "published", "archived")


class Competency(Base):
    """One of the eight capability dimensions (rows are created by the first migration)."""

    __tablename__ = "competency"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)


class CourseCompetency(Base):
    """A competency a course develops, in the order the author listed them."""

    __tablename__ = "course_competency"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), primary_key=True
    )
    competency_code: Mapped[str] = mapped_column(
        ForeignKey("competency.code"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    competency: Mapped[Competency] = relationship(lazy="joined", innerjoin=True)


class Course(Base):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: slug, stable across imports and used in URLs (a contract)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: 学时 awarded on completion
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    #: draft | published | archived
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    #: number of lessons, kept in step by the course operations (avoids a count per row)
    lesson_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    competency_links: Mapped[list[CourseCompetency]] = relationship(
        order_by=CourseCompetency.position, cascade="all, delete-orphan", lazy="raise"
    )
    modules: Mapped[list[Module]] = relationship(
        back_populates="course",
        order_by="Module.position",
        cascade="all, delete-orphan",
        lazy="raise",
    )

    @property
    def competencies(self) -> list[Competency]:
        return [link.competency for link in self.competency_links]

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    def __repr__(self) -> str:
        return f"<Course {self.code}>"


class Module(Base):
    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("course_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")

    course: Mapped[Course] = relationship(back_populates="modules", lazy="raise")
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module",
        order_by="Lesson.position",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class Lesson(Base):
    __tablename__ = "lesson"
    __table_args__ = (
        UniqueConstraint("course_id", "slug"),
        Index("ix_lesson_module_position", "module_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    #: denormalised from the module so progress queries need no join
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    #: the lesson file's name without ".md"; stable across imports, used in URLs
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    #: the Markdown source as authored
    body_md: Mapped[str] = mapped_column(Text, default="", deferred=True)
    #: body_md rendered and passed through lms.core.sanitize (never set it directly)
    body_html: Mapped[str] = mapped_column(Text, default="", deferred=True)
    video_url: Mapped[str | None] = mapped_column(String(500))

    module: Mapped[Module] = relationship(back_populates="lessons", lazy="raise")
