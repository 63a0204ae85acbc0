"""The schema comes only from migrations, so the models and the migrations must agree."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from lms.core.competencies import CODES
from lms.courses.models import Competency
from lms.db import Base


def test_models_match_migrations(app):
    engine = app.extensions["lms_db"]["engine"]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_first_migration_creates_the_eight_competencies(session):
    codes = session.scalars(select(Competency.code).order_by(Competency.position)).all()
    assert tuple(codes) == CODES
