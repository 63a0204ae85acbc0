"""Thematic classes and who belongs to them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Integer, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import Base, UTCDateTime, utcnow

class_course = Table(
    "class_course",
    Base.metadata,
    Column("class_id", ForeignKey("thematic_class.id", ondelete="CASCADE"), primary_key=True),
    Column("course_id", ForeignKey("course.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)
#: units whose whole subtree belongs to the class
class_unit = Table(
    "class_unit",
    Base.metadata,
    Column("class_id", ForeignKey("thematic_class.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("org_unit.id", ondelete="CASCADE"), primary_key=True),
)
#: people who belong to the class one by one
class_member = Table(
    "class_member",
    Base.metadata,
    Column("class_id", ForeignKey("thematic_class.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
)


class ThematicClass(Base):
    __tablename__ = "thematic_class"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: hours from the class's courses count when the course is completed in [starts_on, ends_on]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    required_hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
