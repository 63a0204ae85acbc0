"""Certificates and the credit-hour ledger.

A certificate keeps a snapshot of what it certified, so a later change to the course or the
person never changes a certificate already issued. The ledger is append-only: a correction
is a new row that reverses an old one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UTCDateTime, utcnow

CATEGORIES = ("online", "offline", "external")


class Certificate(Base):
    __tablename__ = "certificate"
    __table_args__ = (
        # one certificate per person and course, however many requests race to issue it
        Index("uq_certificate_person_course", "person_id", "course_id", unique=True),
        Index("ix_certificate_issued_at", "issued_at"),
        # and one per person and thematic class
        Index("uq_certificate_person_class", "person_id", "class_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: e.g. TA-2026-7K3M-Q9XD-2F8H-W4NZ-P (see serials.py)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    #: the course certified, or None for a thematic class certificate (结业证书)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("thematic_class.id"))
    #: what was certified, as it was on the day
    holder_name: Mapped[str] = mapped_column(String(64))
    unit_name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    #: the final exam's (or best average) percentage, when there was an exam
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    completed_on: Mapped[date]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_class(self) -> bool:
        return self.class_id is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CreditEntry(Base):
    """One row of a person's credit-hour ledger; corrections reverse, never delete."""

    __tablename__ = "credit_entry"
    __table_args__ = (
        CheckConstraint("category IN ('online', 'offline', 'external')", name="category"),
        Index("ix_credit_entry_person_year", "person_id", "year"),
        # one credit per certificate and one reversal per entry
        Index(
            "uq_credit_entry_certificate",
            "certificate_id",
            unique=True,
            sqlite_where=text("reverses_id IS NULL AND certificate_id IS NOT NULL"),
            postgresql_where=text("reverses_id IS NULL AND certificate_id IS NOT NULL"),
        ),
        Index("uq_credit_entry_reverses", "reverses_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    year: Mapped[int]
    #: online | offline | external
    category: Mapped[str] = mapped_column(String(16))
    #: 学时, one decimal; negative on a reversal
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str | None] = mapped_column(String(120))
    occurred_on: Mapped[date]
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("hours_claim.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("credit_entry.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HoursClaim(Base):
    """A learner's claim for hours earned elsewhere, approved or rejected by a manager."""

    __tablename__ = "hours_claim"
    __table_args__ = (Index("ix_hours_claim_person_status", "person_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(120))
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    occurred_on: Mapped[date]
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    #: stored file name under the instance folder's uploads/, and what the learner called it
    evidence_file: Mapped[str | None] = mapped_column(String(120))
    evidence_name: Mapped[str | None] = mapped_column(String(200))
    #: pending | approved | rejected
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AnnualTarget(Base):
    """Yearly hours a person should reach, set on a unit (inherited down the tree) and
    optionally narrowed to a rank and/or staff type. The most specific target wins."""

    __tablename__ = "annual_target"
    __table_args__ = (Index("ix_annual_target_unit", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    #: None: every year
    year: Mapped[int | None]
    rank: Mapped[str | None] = mapped_column(String(32))
    staff_type: Mapped[str | None] = mapped_column(String(16))
    total_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    online_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    offline_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
