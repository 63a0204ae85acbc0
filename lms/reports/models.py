"""One row per person and year: hours by category against the target, kept current.

Dashboards, the people table, exports and the data feed filter and sort on these rows in
SQL instead of summing the ledger and resolving targets for every person on every request.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, SmallInteger, true
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UTCDateTime, utcnow


class PersonYearSummary(Base):
    __tablename__ = "person_year_summary"
    __table_args__ = (
        Index("ix_person_year_summary_year_unit", "year", "unit_id"),
        Index("ix_person_year_summary_year_track", "year", "on_track"),
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(primary_key=True)
    #: the person's unit when the row was computed (subtree filters join on it)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    online: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal(0))
    offline: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal(0))
    external: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal(0))
    total: Mapped[Decimal] = mapped_column(Numeric(6, 1), default=Decimal(0))
    target_total: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    target_online: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    target_offline: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    #: 达标: every target met
    on_track: Mapped[bool] = mapped_column(default=False)
    #: valid certificates for courses completed in the year
    certificates: Mapped[int] = mapped_column(default=0)
    #: the person's ``is_active``, kept on every year's row (reports count active people)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: courses completed in each month of the year (Asia/Shanghai months), so the
    #: dashboard's monthly line comes out of the same scan as every other figure
    completed_01: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_02: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_03: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_04: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_05: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_06: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_07: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_08: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_09: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_10: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_11: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    completed_12: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PersonCompetency(Base):
    """A person's competency score, kept current like the yearly summary (reports read it)."""

    __tablename__ = "person_competency"
    __table_args__ = (
        Index("ix_person_competency_code_share", "competency_code", "share"),
        # covering: the dashboard's competency averages of a subtree read the index alone
        Index("ix_person_competency_unit", "unit_id", "active", "competency_code", "share"),
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    competency_code: Mapped[str] = mapped_column(ForeignKey("competency.code"), primary_key=True)
    earned: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    possible: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    #: earned ÷ possible, 0–1
    share: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    #: the person's unit and ``is_active`` (kept current by the summaries' refresh), so the
    #: dashboard's competency profile of a subtree reads this table alone
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())


#: PersonYearSummary's monthly completion columns, January first
MONTH_COLUMNS = tuple(f"completed_{m:02d}" for m in range(1, 13))
