"""per-person yearly summaries for reports (person_year_summary)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 12:44:42.711202
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('person_year_summary',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('online', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('offline', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('external', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('total', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('target_total', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('target_online', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('target_offline', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('on_track', sa.Boolean(), nullable=False),
    sa.Column('certificates', sa.Integer(), nullable=False),
    sa.Column('updated_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_year_summary_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_person_year_summary_unit_id_org_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'year', name=op.f('pk_person_year_summary'))
    )
    with op.batch_alter_table('person_year_summary', schema=None) as batch_op:
        batch_op.create_index('ix_person_year_summary_year_track', ['year', 'on_track'], unique=False)
        batch_op.create_index('ix_person_year_summary_year_unit', ['year', 'unit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('person_year_summary', schema=None) as batch_op:
        batch_op.drop_index('ix_person_year_summary_year_unit')
        batch_op.drop_index('ix_person_year_summary_year_track')

    op.drop_table('person_year_summary')
