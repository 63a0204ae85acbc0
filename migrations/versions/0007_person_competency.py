"""stored competency scores per person (person_competency) for reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 13:16:25.299597
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('person_competency',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('competency_code', sa.String(length=40), nullable=False),
    sa.Column('earned', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('possible', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('share', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.ForeignKeyConstraint(['competency_code'], ['competency.code'], name=op.f('fk_person_competency_competency_code_competency')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_competency_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'competency_code', name=op.f('pk_person_competency'))
    )
    with op.batch_alter_table('person_competency', schema=None) as batch_op:
        batch_op.create_index('ix_person_competency_code_share', ['competency_code', 'share'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('person_competency', schema=None) as batch_op:
        batch_op.drop_index('ix_person_competency_code_share')

    op.drop_table('person_competency')
