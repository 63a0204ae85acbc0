"""Database plumbing: the declarative base, one engine per app, one session per request.

Views and operations get the request's session from :func:`session`; it is committed once,
after the view returns a successful response, and rolled back on any error (see
:func:`init_app`). Operations only ``flush``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _begin).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # A request that may write takes SQLite's write lock up front (BEGIN IMMEDIATE):
            # otherwise a read-then-write transaction fails with SQLITE_BUSY when another
            # writer commits in between. Reads keep WAL's concurrent deferred transactions.
            # This also makes SAVEPOINTs behave, which pysqlite's own handling does not.
            writes = has_request_context() and request.method not in ("GET", "HEAD")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

        return engine
    # No pool_pre_ping: it costs a round trip on every request. Connections are recycled
    # well before any server-side idle timeout instead.
    return create_engine(url, echo=echo, pool_size=5, max_overflow=10, pool_recycle=1800)


def engine() -> Engine:
    return current_app.extensions["lms_db"]["engine"]


def session() -> Session:
    """The session of the current request (or app context), created on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["lms_db"]["sessionmaker"]()
    return g.db_session


def keep_changes() -> None:
    """Commit this request's changes even though its response is an error.

    For the rare case where refusing the request still changed something that must stay,
    e.g. an attempt closed by its deadline when a late answer arrives.
    """
    g.db_keep_changes = True


def init_app(app: Flask) -> None:
    eng = make_engine(app.config["DATABASE_URL"], echo=app.config.get("SQL_ECHO", False))
    factory = sessionmaker(bind=eng, expire_on_commit=False)
    app.extensions["lms_db"] = {"engine": eng, "sessionmaker": factory}

    @app.after_request
    def _commit(response: Any) -> Any:
        sess: Session | None = g.pop("db_session", None)
        if sess is None:
            return response
        try:
            if response.status_code < 400 or g.pop("db_keep_changes", False):
                sess.commit()
            else:
                sess.rollback()
        finally:
            sess.close()
        return response

    @app.teardown_appcontext
    def _close(exc: BaseException | None) -> None:
        sess: Session | None = g.pop("db_session", None)
        if sess is not None:
            sess.rollback()
            sess.close()
