"""required-course reports count completions by unit from the enrolment alone (unit and
active flag copied onto it, backfilled here); covering indexes for the dashboard's
competency averages, an index for its "active in 30 days" count

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_enrollment_unit_id_org_unit"),
            "org_unit",
            ["unit_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.get_bind().execute(
        sa.text(
            "UPDATE enrollment SET "
            "unit_id = (SELECT unit_id FROM person WHERE person.id = enrollment.person_id), "
            "active = (SELECT is_active FROM person WHERE person.id = enrollment.person_id)"
        )
    )
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enrollment_report",
            ["course_id", "active", "unit_id", "completed_at"],
            unique=False,
        )
    with op.batch_alter_table("person_competency", schema=None) as batch_op:
        batch_op.drop_index("ix_person_competency_unit")
        batch_op.create_index(
            "ix_person_competency_unit",
            ["unit_id", "active", "competency_code", "share"],
            unique=False,
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_login_unit",
            ["last_login_at", "unit_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_login_unit")
    with op.batch_alter_table("person_competency", schema=None) as batch_op:
        batch_op.drop_index("ix_person_competency_unit")
        batch_op.create_index("ix_person_competency_unit", ["unit_id"], unique=False)
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.drop_index("ix_enrollment_report")
        batch_op.drop_constraint(batch_op.f("fk_enrollment_unit_id_org_unit"), type_="foreignkey")
        batch_op.drop_column("active")
        batch_op.drop_column("unit_id")
