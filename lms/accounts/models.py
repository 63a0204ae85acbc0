"""People: every learner, trainer, manager and administrator."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UTCDateTime, utcnow
from lms.orgs.models import OrgUnit

STAFF_TYPES = ("公务员", "参公人员", "事业人员", "村干部")
RANKS = ("乡科级正职", "乡科级副职", "一级主任科员及以下", "其他")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class Person(Base):
    __tablename__ = "person"
    #: the dashboard's "active in the last 30 days" reads this index and the matching rows;
    #: without ``is_active`` in it, SQLite never prefers it over a table scan for the
    #: people table (it did, walking people in sign-in order: three times slower)
    __table_args__ = (Index("ix_person_login_unit", "last_login_at", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    #: 工号 from the personnel system; unique when present
    employee_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    #: learner | trainer | manager | admin
    role: Mapped[str] = mapped_column(String(16), default="learner")
    #: 职级
    rank: Mapped[str | None] = mapped_column(String(32))
    #: 人员类别: 公务员, 参公人员, 事业人员, 村干部
    staff_type: Mapped[str | None] = mapped_column(String(16))
    #: for managers: the root of the org subtree they may see (their own unit when unset)
    scope_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    #: preferred UI language, e.g. "en"; None follows the site default
    locale: Mapped[str | None] = mapped_column(String(16))
    #: the Flask-Login id; replaced on password change so other sessions end
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: last change to what the data feed reports about the person (hours, certificates,
    #: scores); ``updated_since`` compares against the later of this and updated_at
    record_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[OrgUnit] = relationship(foreign_keys=[unit_id], lazy="joined", innerjoin=True)
    scope_unit: Mapped[OrgUnit | None] = relationship(foreign_keys=[scope_unit_id], lazy="raise")

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    def __repr__(self) -> str:
        return f"<Person {self.username} {self.role}>"
