"""attempts: taking quizzes (attempt, attempt_item), retired questions, quiz close time

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 11:58:39.527570
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('started_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deadline_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('auto_submitted', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('max_score', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('score', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('graded_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_attempt_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_attempt_quiz_id_quiz'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt')),
    sa.UniqueConstraint('quiz_id', 'person_id', 'number', name=op.f('uq_attempt_quiz_id'))
    )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_open_deadline', ['deadline_at', 'submitted_at'], unique=False)
        batch_op.create_index('ix_attempt_person_status', ['person_id', 'status'], unique=False)
        batch_op.create_index('uq_attempt_one_open', ['quiz_id', 'person_id'], unique=True, sqlite_where=sa.text('submitted_at IS NULL'), postgresql_where=sa.text('submitted_at IS NULL'))

    op.create_table('attempt_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('choice_order', sa.JSON(), nullable=True),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('answered_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('max_points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('score', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('needs_manual', sa.Boolean(), nullable=False),
    sa.Column('graded_by_id', sa.Integer(), nullable=True),
    sa.Column('graded_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('grader_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_attempt_item_attempt_id_attempt'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['case_id'], ['question.id'], name=op.f('fk_attempt_item_case_id_question')),
    sa.ForeignKeyConstraint(['graded_by_id'], ['person.id'], name=op.f('fk_attempt_item_graded_by_id_person')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_attempt_item_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_item')),
    sa.UniqueConstraint('attempt_id', 'question_id', name=op.f('uq_attempt_item_attempt_id'))
    )
    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.create_index('ix_attempt_item_manual', ['needs_manual', 'score'], unique=False)
        batch_op.create_index('ix_attempt_item_question', ['question_id'], unique=False)

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_retired', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closes_at', lms.db.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_column('closes_at')

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('is_retired')

    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_item_question')
        batch_op.drop_index('ix_attempt_item_manual')

    op.drop_table('attempt_item')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index('uq_attempt_one_open', sqlite_where=sa.text('submitted_at IS NULL'), postgresql_where=sa.text('submitted_at IS NULL'))
        batch_op.drop_index('ix_attempt_person_status')
        batch_op.drop_index('ix_attempt_open_deadline')

    op.drop_table('attempt')
