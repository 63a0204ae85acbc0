"""The `lms` command: demo, db upgrade, course import/export."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.accounts.permissions import people_in_scope
from lms.cli import main
from lms.courses.models import Course
from lms.demo import DEMO_PASSWORD
from lms.learning.models import Assignment
from tests.conftest import SAMPLE_PACKAGE, login


@pytest.fixture
def run(app):
    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))

    return invoke


def test_demo_loads_everything_and_prints_the_logins(run, app, session):
    result = run("demo")
    assert result.exit_code == 0, result.output
    for username in ("admin", "trainer", "manager", "manager2", "learner"):
        assert f"  {username}" in result.output
    assert DEMO_PASSWORD in result.output
    assert session.scalar(select(func.count()).select_from(Course)) >= 6
    assert session.scalar(select(func.count()).select_from(Person)) >= 45
    assert session.scalar(select(func.count()).select_from(Assignment)) > 0
    # the logins work with the demo password
    client = app.test_client()
    assert login(client, "learner", DEMO_PASSWORD).status_code == 302
    assert "必修课程" in client.get("/learn/").get_data(as_text=True)
    # manager and manager2 see disjoint counties; learner is in manager's county
    manager = session.scalar(select(Person).where(Person.username == "manager"))
    manager2 = session.scalar(select(Person).where(Person.username == "manager2"))
    seen = {p.username for p in session.scalars(people_in_scope(session, manager))}
    seen2 = {p.username for p in session.scalars(people_in_scope(session, manager2))}
    assert "learner" in seen and "learner" not in seen2 and not seen & seen2


def test_demo_is_idempotent_and_keeps_passwords(run, session):
    assert run("demo").exit_code == 0
    before = {
        name: session.scalar(select(func.count()).select_from(model))
        for name, model in (("people", Person), ("courses", Course), ("assignments", Assignment))
    }
    hashed = session.scalar(select(Person.password_hash).where(Person.username == "admin"))
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "passwords were not changed" in result.output
    session.expire_all()
    after = {
        name: session.scalar(select(func.count()).select_from(model))
        for name, model in (("people", Person), ("courses", Course), ("assignments", Assignment))
    }
    assert after == before
    assert session.scalar(select(Person.password_hash).where(Person.username == "admin")) == hashed


def test_demo_refuses_a_database_with_real_people(run, org, session):
    result = run("demo")
    assert result.exit_code == 1
    assert "real people" in result.output
    assert session.scalar(select(func.count()).select_from(Course)) == 0


def test_courses_import_reports_problems_and_writes_nothing(run, tmp_path, session):
    package = tmp_path / "sample-course"
    shutil.copytree(SAMPLE_PACKAGE, package)
    (package / "01-greeting.md").unlink()
    result = run("courses", "import", str(package))
    assert result.exit_code == 1
    assert "sample-course/01-greeting.md: 缺少课时文件" in result.output
    assert "nothing was imported" in result.output
    assert session.scalar(select(func.count()).select_from(Course)) == 0


def test_courses_import_then_export(run, tmp_path, session, org):
    result = run("courses", "import", str(SAMPLE_PACKAGE))
    assert result.exit_code == 0, result.output
    assert "sample-course: created (3 lessons, 6 questions)" in result.output
    result = run("courses", "export", "sample-course", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sample-course" / "questions.yaml").is_file()
    result = run("courses", "export", "no-such-course", str(tmp_path))
    assert result.exit_code == 1 and "does not exist" in result.output


def test_attempts_close_expired(run, app, sample_course, session):
    from datetime import timedelta

    from lms.accounts.models import Person
    from lms.assessment.models import Quiz
    from lms.attempts.models import Attempt
    from lms.attempts.operations import start_attempt
    from lms.db import utcnow

    quiz = session.scalar(select(Quiz).where(Quiz.module_id.is_not(None)))
    learner = session.scalar(select(Person).where(Person.username == "learner"))
    start_attempt(session, learner, quiz, now=utcnow() - timedelta(hours=2))
    session.commit()
    result = run("attempts", "close-expired")
    assert result.exit_code == 0, result.output
    assert "1 expired attempt(s) submitted." in result.output
    session.expire_all()
    attempt = session.scalar(select(Attempt))
    assert attempt.auto_submitted and attempt.submitted_at == attempt.deadline_at
