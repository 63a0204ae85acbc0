"""Question banks and quiz definitions (DESIGN §3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UTCDateTime

QUESTION_KINDS = ("single", "multiple", "true_false", "fill_blank", "essay", "case")
PART_KINDS = ("single", "multiple", "true_false", "fill_blank", "essay")
GRADING_METHODS = ("highest", "last")
REVIEW_POLICIES = ("never", "after_submit", "after_pass", "after_close")
MULTIPLE_SCORING = ("all_or_nothing", "proportional")


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("course_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    #: the stable id from questions.yaml, unique within the course
    key: Mapped[str] = mapped_column(String(60))
    #: a case question's sub-questions point at the case
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16))
    stem: Mapped[str] = mapped_column(Text)
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    competency_code: Mapped[str] = mapped_column(ForeignKey("competency.code"), index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    #: true/false key (bool), or accepted fill-in answers (list of str); choices carry their own
    answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    #: essay model answer / grading guide for trainers
    reference_answer: Mapped[str | None] = mapped_column(Text)
    #: removed from the package but kept because attempts refer to it; never drawn again
    is_retired: Mapped[bool] = mapped_column(default=False)

    choices: Mapped[list[Choice]] = relationship(
        order_by="Choice.position", cascade="all, delete-orphan", lazy="raise"
    )
    parts: Mapped[list[Question]] = relationship(
        order_by="Question.position", cascade="all, delete-orphan", lazy="raise"
    )


class Choice(Base):
    __tablename__ = "choice"
    __table_args__ = (UniqueConstraint("question_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    #: "A".."H" as authored
    key: Mapped[str] = mapped_column(String(2))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    is_correct: Mapped[bool] = mapped_column(default=False)


class Quiz(Base):
    __tablename__ = "quiz"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    #: the module this quiz closes; None for the course's final exam
    module_id: Mapped[int | None] = mapped_column(
        ForeignKey("module.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(String(200))
    pass_percent: Mapped[int] = mapped_column(default=60)
    time_limit_minutes: Mapped[int | None]
    max_attempts: Mapped[int | None]
    #: highest | last
    grading: Mapped[str] = mapped_column(String(16), default="highest")
    #: never | after_submit | after_pass | after_close
    review_policy: Mapped[str] = mapped_column(String(16), default="after_submit")
    #: all_or_nothing | proportional
    multiple_scoring: Mapped[str] = mapped_column(String(16), default="all_or_nothing")
    shuffle_choices: Mapped[bool] = mapped_column(default=True)
    #: for the "after_close" review policy: answers are shown once this moment has passed
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_archived: Mapped[bool] = mapped_column(default=False)

    questions: Mapped[list[QuizQuestion]] = relationship(
        order_by="QuizQuestion.position", cascade="all, delete-orphan", lazy="raise"
    )
    draw_rules: Mapped[list[QuizDrawRule]] = relationship(
        order_by="QuizDrawRule.position", cascade="all, delete-orphan", lazy="raise"
    )

    @property
    def is_final(self) -> bool:
        return self.module_id is None


class QuizQuestion(Base):
    """A question on a quiz with a fixed question list."""

    __tablename__ = "quiz_question"

    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("quiz.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int]

    question: Mapped[Question] = relationship(lazy="raise")


class QuizDrawRule(Base):
    """Draw ``count`` random questions by competency or by tag when an attempt starts."""

    __tablename__ = "quiz_draw_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    competency_code: Mapped[str | None] = mapped_column(ForeignKey("competency.code"))
    tag: Mapped[str | None] = mapped_column(String(40))
    count: Mapped[int]
