"""The org tree, stored as a materialised path so a subtree is one indexed prefix query."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UTCDateTime, utcnow

UNIT_KINDS = ("province", "city", "county", "township", "department", "village")


class OrgUnit(Base):
    __tablename__ = "org_unit"
    __table_args__ = (
        Index("ix_org_unit_path", "path", postgresql_ops={"path": "text_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable code used by rosters, the API and exports (e.g. "SF-QS-DS-LX")
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: one of UNIT_KINDS
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    #: ids from the root down, e.g. "/1/4/9/"; a subtree is ``path LIKE '/1/4/%'``
    path: Mapped[str] = mapped_column(String(400))
    depth: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[OrgUnit | None] = relationship(remote_side="OrgUnit.id", lazy="raise")

    def ancestor_ids(self) -> list[int]:
        """Ids of this unit and every unit above it, root first."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def __repr__(self) -> str:
        return f"<OrgUnit {self.code} {self.path}>"
