"""Benchmark: start + answer + submit + grade of a 50-question attempt, through the test client.

Runs on SQLite (a temporary file) and on PostgreSQL (a database whose name contains "bench",
dropped and recreated), and prints attempts per second for each. Not a test: nothing here
asserts a time.

    .venv/bin/python tests/perf/attempt_benchmark.py [--attempts 20] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

import yaml

QUESTIONS = 50
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/lms_bench_attempts"


def write_package(root: Path) -> Path:
    folder = root / "bench-course"
    folder.mkdir(parents=True)
    (folder / "l1.md").write_text("---\ntitle: 课\n---\n正文\n", encoding="utf-8")
    bank = []
    kinds = ["single", "multiple", "true_false", "fill_blank"]
    for i in range(QUESTIONS):
        kind = kinds[i % 4]
        q = {
            "id": f"q{i:03d}",
            "kind": kind,
            "competency": "service-awareness",
            "points": 2,
            "stem": f"第{i}题",
            "explanation": "解析",
        }
        if kind in ("single", "multiple"):
            q["choices"] = {"A": "甲", "B": "乙", "C": "丙", "D": "丁"}
            q["answer"] = "B" if kind == "single" else ["A", "C"]
        elif kind == "true_false":
            q["answer"] = True
        else:
            q["accepted"] = ["一网通办"]
        bank.append(q)
    course = {
        "code": "bench-course",
        "title": "基准课程",
        "credit_hours": 1,
        "competencies": ["service-awareness"],
        "status": "published",
        "modules": [
            {
                "title": "章",
                "lessons": ["l1.md"],
                "quiz": {
                    "title": "50题",
                    "questions": [q["id"] for q in bank],
                    "pass_percent": 60,
                    "time_limit_minutes": 60,
                },
            }
        ],
    }
    (folder / "course.yaml").write_text(yaml.safe_dump(course, allow_unicode=True), "utf-8")
    (folder / "questions.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), "utf-8")
    return folder


def prepare(url: str, package: Path, instance: Path):  # type: ignore[no-untyped-def]
    from werkzeug.security import generate_password_hash

    from lms import create_app, db, migrate
    from lms.accounts.models import Person
    from lms.courses.operations import import_course_folder
    from lms.orgs.operations import create_unit

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(instance),
            "SESSION_COOKIE_SECURE": False,
            "LMS_LOGIN_RATE_LIMIT": "1000 per minute",
        }
    )
    migrate.upgrade(app.extensions["lms_db"]["engine"])
    with app.app_context():
        session = db.session()
        unit = create_unit(session, code="B", name="基准镇", kind="township")
        session.add(
            Person(
                username="bench",
                display_name="基准",
                unit_id=unit.id,
                password_hash=generate_password_hash("bench-pass-1", "pbkdf2:sha256:1000"),
            )
        )
        import_course_folder(session, package)
        session.commit()
    return app


def run(app, attempts: int) -> float:  # type: ignore[no-untyped-def]
    from lms import db
    from lms.assessment.models import Quiz

    client = app.test_client()
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").get_data(as_text=True)
    ).group(1)
    client.post(
        "/login", data={"username": "bench", "password": "bench-pass-1", "csrf_token": token}
    )
    with app.app_context():
        quiz_id = db.session().query(Quiz.id).scalar()
    headers = {"X-CSRFToken": token}

    def one_attempt() -> None:
        response = client.post(f"/quizzes/{quiz_id}/start", data={"csrf_token": token})
        attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
        page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        for page_no in range(1, 11):
            if page_no > 1:
                page = client.get(f"/attempts/{attempt_id}?page={page_no}").get_data(as_text=True)
            for item_id, kind in re.findall(r'data-item="(\d+)" data-kind="(\w+)"', page):
                body = {"item": int(item_id)}
                if kind == "true_false":
                    body["response"] = True
                elif kind == "fill_blank":
                    body["response"] = "一网通办"
                else:
                    first = re.search(rf'name="q{item_id}" value="(\d+)"', page)
                    body["response"] = [int(first.group(1))]
                assert (
                    client.post(
                        f"/attempts/{attempt_id}/answers", json=body, headers=headers
                    ).status_code
                    == 200
                )
        client.post(f"/attempts/{attempt_id}/submit", data={"csrf_token": token})
        assert "得分" in client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)

    one_attempt()  # warm up
    started = time.perf_counter()
    for _ in range(attempts):
        one_attempt()
    elapsed = time.perf_counter() - started
    return attempts / elapsed


def reset_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    assert "bench" in name
    admin = url.replace("postgresql+psycopg", "postgresql").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attempts", type=int, default=20)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--database-url", default=PG_URL)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        package = write_package(root / "courses")
        targets = [("SQLite", f"sqlite:///{root / 'bench.db'}")]
        if not args.skip_postgres:
            reset_postgres(args.database_url)
            targets.append(("PostgreSQL", args.database_url))
        print(
            f"{QUESTIONS}-question attempts: start, answer each question (one request "
            f"each), submit, grade, review; {args.attempts} attempts per database"
        )
        for name, url in targets:
            print(f"[{name}] preparing …", flush=True)
            app = prepare(url, package, root / name)
            rate = run(app, args.attempts)
            print(
                f"[{name}] {rate:.2f} attempts/s ({1000 / rate:.0f} ms per attempt, "
                f"{QUESTIONS + 14} requests each)"
            )
            app.extensions["lms_db"]["engine"].dispose()


if __name__ == "__main__":
    main()
