"""initial schema: org tree, people, courses, question banks, quizzes, progress, audit

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 11:40:17.612170
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('competency',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_zh', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_competency'))
    )
    # The eight competency codes are a contract (DESIGN §3); they are data, not configuration.
    competency = sa.table("competency", sa.column("code", sa.String), sa.column("name_zh", sa.String),
                          sa.column("position", sa.Integer))
    op.bulk_insert(competency, [
        {"code": code, "name_zh": name, "position": i}
        for i, (code, name) in enumerate([
            ("service-awareness", "服务意识"),
            ("internet-thinking", "互联网思维"),
            ("digital-tools", "信息化工具应用"),
            ("integrated-platform", "一体化政务服务平台"),
            ("information-disclosure", "政务公开"),
            ("public-interaction", "政民互动"),
            ("supervision-accountability", "网络监督与问责"),
            ("data-security", "数据安全与个人信息保护"),
        ])
    ])
    op.create_table('org_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['org_unit.id'], name=op.f('fk_org_unit_parent_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_org_unit_code'))
    )
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_unit_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_org_unit_path', ['path'], unique=False, postgresql_ops={'path': 'text_pattern_ops'})

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=64), nullable=False),
    sa.Column('employee_no', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('rank', sa.String(length=32), nullable=True),
    sa.Column('staff_type', sa.String(length=16), nullable=True),
    sa.Column('scope_unit_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=True),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['scope_unit_id'], ['org_unit.id'], name=op.f('fk_person_scope_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_person_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('employee_no', name=op.f('uq_person_employee_no')),
    sa.UniqueConstraint('session_token', name=op.f('uq_person_session_token')),
    sa.UniqueConstraint('username', name=op.f('uq_person_username'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_unit_id'), ['unit_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=True),
    sa.Column('target_id', sa.String(length=64), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['person.id'], name=op.f('fk_audit_event_actor_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_event_hash')),
    sa.UniqueConstraint('prev_hash', name=op.f('uq_audit_event_prev_hash'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('course',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('credit_hours', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('lesson_count', sa.Integer(), nullable=False),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], name=op.f('fk_course_owner_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course')),
    sa.UniqueConstraint('code', name=op.f('uq_course_code'))
    )
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_status'), ['status'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(unit_id IS NULL) <> (person_id IS NULL)', name=op.f('ck_assignment_one_target')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['person.id'], name=op.f('fk_assignment_assigned_by_id_person')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_assignment_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_assignment_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_assignment_unit_id_org_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_assignment_person_year', ['person_id', 'year'], unique=False)
        batch_op.create_index('ix_assignment_unit_year', ['unit_id', 'year'], unique=False)

    op.create_table('course_competency',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('competency_code', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_code'], ['competency.code'], name=op.f('fk_course_competency_competency_code_competency')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_competency_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', 'competency_code', name=op.f('pk_course_competency'))
    )
    with op.batch_alter_table('course_competency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_competency_competency_code'), ['competency_code'], unique=False)
    op.create_table('enrollment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('created_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', lms.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_enrollment_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_enrollment_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollment')),
    sa.UniqueConstraint('person_id', 'course_id', name=op.f('uq_enrollment_person_id'))
    )
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollment_course_id'), ['course_id'], unique=False)

    op.create_table('module',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_module_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module')),
    sa.UniqueConstraint('course_id', 'position', name=op.f('uq_module_course_id'))
    )
    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('stem', sa.Text(), nullable=False),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('competency_code', sa.String(length=40), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=True),
    sa.Column('reference_answer', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['competency_code'], ['competency.code'], name=op.f('fk_question_competency_code_competency')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_question_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['question.id'], name=op.f('fk_question_parent_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sa.UniqueConstraint('course_id', 'key', name=op.f('uq_question_course_id'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_competency_code'), ['competency_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_parent_id'), ['parent_id'], unique=False)

    op.create_table('choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('is_correct', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_choice_question_id_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_choice')),
    sa.UniqueConstraint('question_id', 'key', name=op.f('uq_choice_question_id'))
    )
    op.create_table('lesson',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body_md', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('video_url', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_lesson_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_lesson_module_id_module'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson')),
    sa.UniqueConstraint('course_id', 'slug', name=op.f('uq_lesson_course_id'))
    )
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_lesson_module_position', ['module_id', 'position'], unique=False)

    op.create_table('quiz',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('pass_percent', sa.Integer(), nullable=False),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('max_attempts', sa.Integer(), nullable=True),
    sa.Column('grading', sa.String(length=16), nullable=False),
    sa.Column('review_policy', sa.String(length=16), nullable=False),
    sa.Column('multiple_scoring', sa.String(length=16), nullable=False),
    sa.Column('shuffle_choices', sa.Boolean(), nullable=False),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_quiz_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_quiz_module_id_module'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz')),
    sa.UniqueConstraint('module_id', name=op.f('uq_quiz_module_id'))
    )
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_course_id'), ['course_id'], unique=False)

    op.create_table('lesson_progress',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', lms.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_lesson_progress_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_lesson_progress_lesson_id_lesson'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_lesson_progress_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'lesson_id', name=op.f('pk_lesson_progress'))
    )
    with op.batch_alter_table('lesson_progress', schema=None) as batch_op:
        batch_op.create_index('ix_lesson_progress_person_course', ['person_id', 'course_id'], unique=False)

    op.create_table('quiz_draw_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('competency_code', sa.String(length=40), nullable=True),
    sa.Column('tag', sa.String(length=40), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_code'], ['competency.code'], name=op.f('fk_quiz_draw_rule_competency_code_competency')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_quiz_draw_rule_quiz_id_quiz'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_draw_rule'))
    )
    with op.batch_alter_table('quiz_draw_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_draw_rule_quiz_id'), ['quiz_id'], unique=False)

    op.create_table('quiz_question',
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_quiz_question_question_id_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_quiz_question_quiz_id_quiz'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('quiz_id', 'question_id', name=op.f('pk_quiz_question'))
    )


def downgrade() -> None:
    op.drop_table('quiz_question')
    with op.batch_alter_table('quiz_draw_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_draw_rule_quiz_id'))

    op.drop_table('quiz_draw_rule')
    with op.batch_alter_table('lesson_progress', schema=None) as batch_op:
        batch_op.drop_index('ix_lesson_progress_person_course')

    op.drop_table('lesson_progress')
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_course_id'))

    op.drop_table('quiz')
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_index('ix_lesson_module_position')
        batch_op.drop_index(batch_op.f('ix_lesson_course_id'))

    op.drop_table('lesson')
    op.drop_table('choice')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_parent_id'))
        batch_op.drop_index(batch_op.f('ix_question_course_id'))
        batch_op.drop_index(batch_op.f('ix_question_competency_code'))

    op.drop_table('question')
    op.drop_table('module')
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrollment_course_id'))

    op.drop_table('enrollment')
    with op.batch_alter_table('course_competency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_competency_competency_code'))

    op.drop_table('course_competency')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_unit_year')
        batch_op.drop_index('ix_assignment_person_year')
        batch_op.drop_index(batch_op.f('ix_assignment_course_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_status'))

    op.drop_table('course')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_unit_id'))

    op.drop_table('person')
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_index('ix_org_unit_path', postgresql_ops={'path': 'text_pattern_ops'})
        batch_op.drop_index(batch_op.f('ix_org_unit_parent_id'))

    op.drop_table('org_unit')
    op.drop_table('competency')
