"""certificates and the credit-hour ledger: certificate, credit_entry, hours_claim, annual_target

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:19:26.040864
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('annual_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('rank', sa.String(length=32), nullable=True),
    sa.Column('staff_type', sa.String(length=16), nullable=True),
    sa.Column('total_hours', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('online_hours', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('offline_hours', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_annual_target_created_by_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_annual_target_unit_id_org_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_target'))
    )
    with op.batch_alter_table('annual_target', schema=None) as batch_op:
        batch_op.create_index('ix_annual_target_unit', ['unit_id'], unique=False)

    op.create_table('hours_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=120), nullable=False),
    sa.Column('hours', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('evidence_note', sa.Text(), nullable=False),
    sa.Column('evidence_file', sa.String(length=120), nullable=True),
    sa.Column('evidence_name', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['person.id'], name=op.f('fk_hours_claim_decided_by_id_person')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_hours_claim_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hours_claim'))
    )
    with op.batch_alter_table('hours_claim', schema=None) as batch_op:
        batch_op.create_index('ix_hours_claim_person_status', ['person_id', 'status'], unique=False)

    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=40), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('holder_name', sa.String(length=64), nullable=False),
    sa.Column('unit_name', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('credit_hours', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('issued_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_course_id_course')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_certificate_person_id_person')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['person.id'], name=op.f('fk_certificate_revoked_by_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificate_serial'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index('ix_certificate_issued_at', ['issued_at'], unique=False)
        batch_op.create_index('uq_certificate_person_course', ['person_id', 'course_id'], unique=True)

    op.create_table('credit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('hours', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=120), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=True),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("category IN ('online', 'offline', 'external')", name=op.f('ck_credit_entry_category')),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_credit_entry_certificate_id_certificate')),
    sa.ForeignKeyConstraint(['claim_id'], ['hours_claim.id'], name=op.f('fk_credit_entry_claim_id_hours_claim')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_credit_entry_created_by_id_person')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_credit_entry_person_id_person')),
    sa.ForeignKeyConstraint(['reverses_id'], ['credit_entry.id'], name=op.f('fk_credit_entry_reverses_id_credit_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_entry'))
    )
    with op.batch_alter_table('credit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_credit_entry_person_year', ['person_id', 'year'], unique=False)
        batch_op.create_index('uq_credit_entry_certificate', ['certificate_id'], unique=True, sqlite_where=sa.text('reverses_id IS NULL AND certificate_id IS NOT NULL'), postgresql_where=sa.text('reverses_id IS NULL AND certificate_id IS NOT NULL'))
        batch_op.create_index('uq_credit_entry_reverses', ['reverses_id'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('credit_entry', schema=None) as batch_op:
        batch_op.drop_index('uq_credit_entry_reverses')
        batch_op.drop_index('uq_credit_entry_certificate', sqlite_where=sa.text('reverses_id IS NULL AND certificate_id IS NOT NULL'), postgresql_where=sa.text('reverses_id IS NULL AND certificate_id IS NOT NULL'))
        batch_op.drop_index('ix_credit_entry_person_year')

    op.drop_table('credit_entry')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('uq_certificate_person_course')
        batch_op.drop_index('ix_certificate_issued_at')

    op.drop_table('certificate')
    with op.batch_alter_table('hours_claim', schema=None) as batch_op:
        batch_op.drop_index('ix_hours_claim_person_status')

    op.drop_table('hours_claim')
    with op.batch_alter_table('annual_target', schema=None) as batch_op:
        batch_op.drop_index('ix_annual_target_unit')

    op.drop_table('annual_target')
