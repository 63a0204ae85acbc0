"""Test fixtures: a real database (SQLite by default, PostgreSQL with LMS_TEST_DATABASE_URL),
the schema built by the migrations, and flaskr/Indico-style factory fixtures.

Every test starts from empty tables (the competency rows from the first migration stay).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from lms import create_app, db, migrate
from lms.accounts.models import Person
from lms.db import Base
from lms.extensions import limiter
from lms.orgs.models import OrgUnit
from lms.orgs.operations import create_unit

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "Test-pass-2026"
KEEP_TABLES = {"competency", "alembic_version"}


def _compile_translations() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (ROOT / "lms" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as f:
                catalog = read_po(f)
            with mo.open("wb") as f:
                write_mo(f, catalog)


def _database_url(tmp_root: Path) -> str:
    return os.environ.get("LMS_TEST_DATABASE_URL") or f"sqlite:///{tmp_root / 'test.db'}"


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("LMS_TEST_DATABASE_URL") or "sqlite (temporary file)"
    return f"database: {url}"


def _postgres_problem(url: str) -> str | None:
    from sqlalchemy import create_engine

    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL is not reachable at {url}: {exc.__class__.__name__}"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        problem = _postgres_problem(url)
        if problem:
            if IN_CI:
                pytest.exit(f"{problem} (CI=true: PostgreSQL tests may not be skipped)", 1)
            for item in items:
                item.add_marker(pytest.mark.skip(reason=problem))
    else:
        # Tests of real concurrent transactions belong to the PostgreSQL run (make test runs
        # both); on SQLite they are deselected, not skipped.
        postgres_only = [item for item in items if "postgres_only" in item.keywords]
        if postgres_only:
            config.hook.pytest_deselected(items=postgres_only)
            items[:] = [item for item in items if "postgres_only" not in item.keywords]


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    _compile_translations()
    tmp_root = tmp_path_factory.mktemp("lms")
    url = _database_url(tmp_root)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(tmp_root / "instance"),
            "SECRET_KEY": "test-secret-key",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "LMS_LOGIN_RATE_LIMIT": "1000 per minute",
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    engine = app.extensions["lms_db"]["engine"]
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(engine)
    yield app
    engine.dispose()


def _empty_tables(app: Flask) -> None:
    engine = app.extensions["lms_db"]["engine"]
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        _empty_tables(app)
        limiter.reset()


@pytest.fixture(scope="session")
def _inspection_engine(app: Flask) -> Iterator[Any]:
    """The engine behind the test's own session.

    On SQLite the app begins every transaction explicitly, so a read holds one snapshot until
    it ends. Test code reads before and after requests without ending its transaction, so
    it gets pysqlite's default behaviour instead (reads see the latest commit, like READ
    COMMITTED on PostgreSQL); on PostgreSQL it simply uses the app's engine.
    """
    engine = app.extensions["lms_db"]["engine"]
    if engine.dialect.name != "sqlite":
        yield engine
        return
    from sqlalchemy import create_engine

    plain = create_engine(engine.url, connect_args={"timeout": 15})

    @event.listens_for(plain, "connect")
    def _foreign_keys(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    yield plain
    plain.dispose()


@pytest.fixture
def session(_inspection_engine: Any) -> Iterator[Session]:
    """A session of its own (not the request's), for setting up and checking data."""
    sess = Session(_inspection_engine, expire_on_commit=False)
    try:
        yield sess
    finally:
        sess.rollback()
        sess.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Session]:
    """An app context whose request-style session is yielded (for operations under test)."""
    with app.test_request_context():
        yield db.session()


# -- factories ---------------------------------------------------------------------------------


@pytest.fixture
def make_unit(session: Session) -> Callable[..., OrgUnit]:
    def make(
        code: str, name: str | None = None, kind: str = "township", parent: OrgUnit | None = None
    ) -> OrgUnit:
        unit = create_unit(session, code=code, name=name or code, kind=kind, parent=parent)
        session.commit()
        return unit

    return make


@pytest.fixture
def make_person(session: Session, app: Flask) -> Callable[..., Person]:
    from werkzeug.security import generate_password_hash

    from lms.core.time import local_year
    from lms.reports.summaries import refresh

    hashed = generate_password_hash(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])

    def make(username: str, unit: OrgUnit, role: str = "learner", **fields: Any) -> Person:
        person = Person(
            username=username,
            display_name=fields.pop("display_name", username),
            unit_id=unit.id,
            role=role,
            password_hash=hashed,
            **fields,
        )
        session.add(person)
        session.flush()
        # as saving a person or importing a roster does: this year's summary row exists
        refresh(session.connection(), [person.id], [local_year()])
        session.commit()
        return person

    return make


class Org:
    """A province with two counties, as in the demo: managers see only their own county."""

    def __init__(self, make_unit: Callable[..., OrgUnit], make_person: Callable[..., Person]):
        self.province = make_unit("P", "示范省", "province")
        self.county_a = make_unit("P-A", "东山县", "county", self.province)
        self.county_b = make_unit("P-B", "西河县", "county", self.province)
        self.township_a = make_unit("P-A-1", "柳溪镇", "township", self.county_a)
        self.village_a = make_unit("P-A-1-V", "柳溪村", "village", self.township_a)
        self.township_b = make_unit("P-B-1", "河口镇", "township", self.county_b)
        self.admin = make_person("admin", self.province, "admin")
        self.trainer = make_person("trainer", self.province, "trainer")
        self.trainer2 = make_person("trainer2", self.province, "trainer")
        self.manager = make_person(
            "manager", self.county_a, "manager", scope_unit_id=self.county_a.id
        )
        self.manager2 = make_person(
            "manager2", self.county_b, "manager", scope_unit_id=self.county_b.id
        )
        self.learner = make_person("learner", self.township_a, "learner", display_name="李明")
        self.learner_b = make_person("learner_b", self.township_b, "learner")
        self.villager = make_person("villager", self.village_a, "learner")


@pytest.fixture
def org(make_unit: Callable[..., OrgUnit], make_person: Callable[..., Person]) -> Org:
    return Org(make_unit, make_person)


# -- courses -------------------------------------------------------------------------------------

SAMPLE_PACKAGE = ROOT / "tests" / "data" / "courses" / "sample-course"


@pytest.fixture
def import_package(app: Flask) -> Callable[[Path], Any]:
    """Import a package folder (or a folder of packages) and commit."""
    from lms.courses.operations import import_course_folder

    def do(path: Path) -> Any:
        with app.app_context():
            sess = db.session()
            reports = import_course_folder(sess, path)
            sess.commit()
            return reports

    return do


@pytest.fixture
def sample_course(import_package: Callable[[Path], Any], org: Org, session: Session):
    """The small published sample course from tests/data (owner: trainer)."""
    from sqlalchemy import select

    from lms.courses.models import Course

    import_package(SAMPLE_PACKAGE)
    return session.scalar(select(Course).where(Course.code == "sample-course"))


# -- HTTP helpers --------------------------------------------------------------------------------

_CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient) -> str:
    """A CSRF token for the client's session (from the login page, or any page once signed in)."""
    response = client.get("/login")
    if response.status_code == 302:
        response = client.get("/password")
    match = _CSRF_RE.search(response.get_data(as_text=True))
    assert match, "no csrf token found"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> Any:
    token = csrf_token(client)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def post(client: FlaskClient, url: str, data: dict[str, Any] | None = None) -> Any:
    """POST with a valid CSRF token taken from a page of the same session."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)})


@pytest.fixture
def as_user(app: Flask) -> Callable[[str], FlaskClient]:
    """A fresh client signed in as ``username`` (None: anonymous)."""

    def make(username: str | None) -> FlaskClient:
        c = app.test_client()
        if username:
            response = login(c, username)
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return c

    return make


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.count += 1
        self.statements.append(statement)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """Use as ``with count_queries() as counter: ...``; counter.count is the SQL statements."""
    from contextlib import contextmanager

    engine = app.extensions["lms_db"]["engine"]

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


def today() -> date:
    from lms.core.time import today_local

    return today_local()
