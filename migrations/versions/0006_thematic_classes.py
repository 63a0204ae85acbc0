"""thematic classes (专题班) and class certificates

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 13:07:55.474952
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('thematic_class',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('required_hours', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_thematic_class_created_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thematic_class')),
    sa.UniqueConstraint('code', name=op.f('uq_thematic_class_code'))
    )
    op.create_table('class_course',
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['thematic_class.id'], name=op.f('fk_class_course_class_id_thematic_class'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_class_course_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('class_id', 'course_id', name=op.f('pk_class_course'))
    )
    op.create_table('class_member',
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['thematic_class.id'], name=op.f('fk_class_member_class_id_thematic_class'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_class_member_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('class_id', 'person_id', name=op.f('pk_class_member'))
    )
    op.create_table('class_unit',
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['class_id'], ['thematic_class.id'], name=op.f('fk_class_unit_class_id_thematic_class'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_class_unit_unit_id_org_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('class_id', 'unit_id', name=op.f('pk_class_unit'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('class_id', sa.Integer(), nullable=True))
        batch_op.alter_column('course_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('uq_certificate_person_class', ['person_id', 'class_id'], unique=True)
        batch_op.create_foreign_key(batch_op.f('fk_certificate_class_id_thematic_class'), 'thematic_class', ['class_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certificate_class_id_thematic_class'), type_='foreignkey')
        batch_op.drop_index('uq_certificate_person_class')
        batch_op.alter_column('course_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('class_id')

    op.drop_table('class_unit')
    op.drop_table('class_member')
    op.drop_table('class_course')
    op.drop_table('thematic_class')
