"""Alembic environment: runs on a connection handed over by `lms db upgrade`, or on DATABASE_URL."""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context

from lms.db import make_engine
from lms.models import Base

config = context.config
if config.config_file_name and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _render_as_batch(connection) -> bool:  # type: ignore[no-untyped-def]
    # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
    return connection.dialect.name == "sqlite"


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=_render_as_batch(connection),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    from lms.config import load_config

    url = load_config(os.environ.get("LMS_INSTANCE_PATH", "instance"), {"TESTING": True})[
        "DATABASE_URL"
    ]
    engine = make_engine(url)
    with engine.connect() as conn:
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=_render_as_batch(conn),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
