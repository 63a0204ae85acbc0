"""Small SQL helpers that hide the differences between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def insert_ignore(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """INSERT a row unless it would violate a unique key; True when a row was inserted."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    key = next(iter(table.primary_key.columns))
    stmt = module.insert(table).values(**values).on_conflict_do_nothing().returning(key)
    # rowcount is not reliable here (psycopg reports -1), RETURNING is: no row, no insert.
    return session.execute(stmt).first() is not None


def add_unless_duplicate(session: Session, obj: object) -> bool:
    """Add and flush ``obj`` inside a SAVEPOINT; False (and the session still usable) when
    a unique key says another transaction got there first. Races between concurrent
    requests are settled by the database's unique keys this way."""
    try:
        with session.begin_nested():
            session.add(obj)
            session.flush()
    except IntegrityError:
        return False
    return True
