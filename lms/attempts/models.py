"""One sitting of a quiz (an attempt) and the questions drawn for it, with the answers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UTCDateTime, utcnow

ATTEMPT_STATUSES = ("in_progress", "awaiting_grading", "graded")


class Attempt(Base):
    __tablename__ = "attempt"
    __table_args__ = (
        # Numbers are unique per person and quiz, so two concurrent starts cannot both take
        # the last allowed attempt; and only one attempt may be open at a time.
        UniqueConstraint("quiz_id", "person_id", "number"),
        Index(
            "uq_attempt_one_open",
            "quiz_id",
            "person_id",
            unique=True,
            sqlite_where=text("submitted_at IS NULL"),
            postgresql_where=text("submitted_at IS NULL"),
        ),
        Index("ix_attempt_person_status", "person_id", "status"),
        Index("ix_attempt_open_deadline", "deadline_at", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    #: 1 for the person's first attempt at this quiz, 2 for the second …
    number: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: answers are refused after this moment (None: untimed)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: submitted by the server because the time ran out
    auto_submitted: Mapped[bool] = mapped_column(default=False)
    #: in_progress | awaiting_grading (an essay is not graded yet) | graded
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    max_score: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(0))
    #: set once every item is graded
    score: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    passed: Mapped[bool | None]
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    items: Mapped[list[AttemptItem]] = relationship(
        order_by="AttemptItem.position", cascade="all, delete-orphan", lazy="raise"
    )

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AttemptItem(Base):
    """A question as drawn for one attempt: its order, its choices' order, the answer, the score."""

    __tablename__ = "attempt_item"
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        Index("ix_attempt_item_question", "question_id"),
        Index("ix_attempt_item_manual", "needs_manual", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    #: for the parts of a case question: the case (they are shown together under its stem)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"))
    position: Mapped[int]
    #: choice ids in the order this person sees them (shuffled per attempt)
    choice_order: Mapped[list[int] | None] = mapped_column(JSON)
    #: chosen choice ids, true/false, or text; None when unanswered
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    max_points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    #: None until graded (essays wait for a trainer)
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    needs_manual: Mapped[bool] = mapped_column(default=False)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    grader_comment: Mapped[str | None] = mapped_column(Text)
