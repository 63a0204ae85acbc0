"""reports read one table per figure: active flag and monthly completions on the yearly
summary, unit and active flag on the stored competency scores (backfilled here)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 15:00:00
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MONTHS = [f"completed_{m:02d}" for m in range(1, 13)]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def upgrade() -> None:
    with op.batch_alter_table("person_year_summary", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        for name in MONTHS:
            batch_op.add_column(
                sa.Column(name, sa.SmallInteger(), server_default="0", nullable=False)
            )
    with op.batch_alter_table("person_competency", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_index("ix_person_competency_unit", ["unit_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_person_competency_unit_id_org_unit"),
            "org_unit",
            ["unit_id"],
            ["id"],
            ondelete="CASCADE",
        )
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "UPDATE person_year_summary SET active = "
            "(SELECT is_active FROM person WHERE person.id = person_year_summary.person_id)"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE person_competency SET "
            "unit_id = (SELECT unit_id FROM person WHERE person.id = person_competency.person_id), "
            "active = (SELECT is_active FROM person WHERE person.id = person_competency.person_id)"
        )
    )
    # monthly completions, bucketed by the Asia/Shanghai month in Python (portable)
    enrollment = sa.table(
        "enrollment",
        sa.column("person_id", sa.Integer()),
        sa.column("completed_at", sa.DateTime(timezone=True)),
    )
    counts: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0] * 12)
    rows = bind.execute(
        sa.select(enrollment.c.person_id, enrollment.c.completed_at).where(
            enrollment.c.completed_at.is_not(None)
        )
    )
    for person_id, completed_at in rows:
        if isinstance(completed_at, str):  # SQLite without type information
            from datetime import datetime

            completed_at = datetime.fromisoformat(completed_at)
        if completed_at.tzinfo is None:
            completed_at = completed_at.replace(tzinfo=UTC)
        local = completed_at.astimezone(SHANGHAI)
        counts[(person_id, local.year)][local.month - 1] += 1
    if not counts:
        return
    summary = sa.table(
        "person_year_summary",
        sa.column("person_id", sa.Integer()),
        sa.column("year", sa.Integer()),
        *[sa.column(name, sa.SmallInteger()) for name in MONTHS],
    )
    statement = (
        sa.update(summary)
        .where(summary.c.person_id == sa.bindparam("p"), summary.c.year == sa.bindparam("y"))
        .values({name: sa.bindparam(f"v_{name}") for name in MONTHS})
    )
    batch = []
    for (person_id, year), months in counts.items():
        batch.append(
            {
                "p": person_id,
                "y": year,
                **{f"v_{n}": v for n, v in zip(MONTHS, months, strict=True)},
            }
        )
        if len(batch) >= 5000:
            bind.execute(statement, batch)
            batch.clear()
    if batch:
        bind.execute(statement, batch)


def downgrade() -> None:
    with op.batch_alter_table("person_competency", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_person_competency_unit_id_org_unit"), type_="foreignkey"
        )
        batch_op.drop_index("ix_person_competency_unit")
        batch_op.drop_column("active")
        batch_op.drop_column("unit_id")
    with op.batch_alter_table("person_year_summary", schema=None) as batch_op:
        for name in reversed(MONTHS):
            batch_op.drop_column(name)
        batch_op.drop_column("active")
