"""``lms bench seed``: a realistic synthetic province for scale benchmarks.

With ``--people 100000``: one province, 5 cities of ~20,000 people, 40 counties, 400
townships and 1,200 departments/villages; about 40 courses; ~3.7M lesson progress rows,
~600k graded attempts, ~300k certificates with their ledger rows, group training, required
courses on the province, the cities, the counties and single people, sign-ins over the last
two months, 1 % of people deactivated, and every yearly summary. Rows
go in with Core bulk inserts in batches (the per-flush hooks are not needed: summaries are
rebuilt once at the end). It refuses a database that holds people other than its own.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from flask import current_app
from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from lms.accounts.models import RANKS, STAFF_TYPES, Person
from lms.assessment.models import Question, Quiz
from lms.attempts.models import Attempt, AttemptItem
from lms.certificates.models import Certificate, CreditEntry
from lms.certificates.serials import new_serial
from lms.core.competencies import CODES
from lms.core.errors import Conflict
from lms.core.time import local_year
from lms.courses.models import Course, Lesson
from lms.courses.operations import import_course_folder
from lms.learning.models import Assignment, Enrollment, LessonProgress
from lms.orgs.models import OrgUnit
from lms.reports.summaries import refresh_all_competencies, refresh_everyone

BATCH = 20_000
PREFIX = "bench-"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜"
GIVEN = "建国海燕志强秀英晓东丽华文斌春梅国庆红霞俊杰雪梅永红佳怡子涵明辉玉兰宏伟德明思远"


def _bulk(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Executemany in batches; every row gets every key (missing ones as NULL)."""
    keys = {key for row in rows for key in row}
    for row in rows:
        for key in keys - row.keys():
            row[key] = None
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[start : start + BATCH])


def _next_id(session: Session, table: Table) -> int:
    return (session.scalar(select(func.max(table.c.id))) or 0) + 1


def _fix_sequences(session: Session, tables: list[str]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in tables:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {name}), 1))"
            )
        )


def write_courses(root: Path, count: int, rng: random.Random) -> Path:
    """``count`` course packages of 3 modules × 3 lessons with quizzes and a final exam."""
    for c in range(count):
        folder = root / f"{PREFIX}course-{c:02d}"
        folder.mkdir(parents=True)
        competencies = rng.sample(list(CODES), 2)
        bank, modules = [], []
        for m in range(3):
            names = []
            for lesson in range(3):
                name = f"m{m}-l{lesson}.md"
                (folder / name).write_text(
                    f"---\ntitle: 第{m + 1}章第{lesson + 1}课\n---\n"
                    + "乡镇公共服务的实务要点。" * 40
                    + "\n",
                    encoding="utf-8",
                )
                names.append(name)
            ids = []
            for q in range(4):
                qid = f"q{m}{q}"
                ids.append(qid)
                bank.append(
                    {
                        "id": qid,
                        "kind": "single",
                        "competency": competencies[q % 2],
                        "points": 2,
                        "stem": f"第{m + 1}章 题{q + 1}",
                        "choices": {"A": "甲", "B": "乙", "C": "丙"},
                        "answer": "B",
                        "explanation": "解析",
                    }
                )
            modules.append(
                {
                    "title": f"第{m + 1}章",
                    "lessons": names,
                    "quiz": {"title": f"第{m + 1}章测验", "questions": ids, "pass_percent": 60},
                }
            )
        course = {
            "code": folder.name,
            "title": f"基层治理专题课程 {c + 1:02d}",
            "summary": "基准数据课程",
            "credit_hours": rng.choice([2, 3, 4, 6]),
            "competencies": competencies,
            "status": "published",
            "modules": modules,
            "final_exam": {
                "title": "结业考试",
                "draw": [{"competency": competencies[0], "count": 3}],
                "pass_percent": 60,
            },
        }
        (folder / "course.yaml").write_text(
            yaml.safe_dump(course, allow_unicode=True), encoding="utf-8"
        )
        (folder / "questions.yaml").write_text(
            yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8"
        )
    return root


def seed(
    session: Session, people: int, *, progress: Callable[[str], None], seed_value: int = 2026
) -> dict[str, int]:
    others = (
        session.scalar(
            select(func.count()).select_from(Person).where(~Person.username.startswith(PREFIX))
        )
        or 0
    )
    if others:
        raise Conflict(
            "this database holds people other than benchmark data; seed a database of its own"
        )
    rng = random.Random(seed_value)
    year = local_year()
    progress("[1/7] courses")
    with tempfile.TemporaryDirectory() as tmp:
        import_course_folder(session, write_courses(Path(tmp), 40, rng))
    session.flush()
    courses = list(
        session.execute(
            select(Course.id, Course.credit_hours, Course.title).where(
                Course.code.startswith(PREFIX)
            )
        )
    )
    lessons: dict[int, list[int]] = {}
    for lesson_id, course_id in session.execute(select(Lesson.id, Lesson.course_id)):
        lessons.setdefault(course_id, []).append(lesson_id)
    quizzes: dict[int, list[int]] = {}
    for quiz_id, course_id in session.execute(select(Quiz.id, Quiz.course_id)):
        quizzes.setdefault(course_id, []).append(quiz_id)
    questions: dict[int, list[tuple[int, Decimal]]] = {}
    for qid, course_id, points in session.execute(
        select(Question.id, Question.course_id, Question.points)
    ):
        questions.setdefault(course_id, []).append((qid, Decimal(points)))

    progress("[2/7] org tree")
    units, leaves = _units(session, rng)
    progress(f"    {len(units)} units")

    progress(f"[3/7] {people} people")
    hashed = generate_password_hash(
        "bench-pass-2026", method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    first = _next_id(session, Person.__table__)
    person_rows = []
    for i in range(people):
        pid = first + i
        person_rows.append(
            {
                "id": pid,
                "username": f"{PREFIX}{pid}",
                "employee_no": f"B{pid:07d}",
                "display_name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
                "unit_id": rng.choice(leaves),
                "role": "learner",
                "rank": rng.choice(RANKS),
                "staff_type": rng.choice(STAFF_TYPES),
                "password_hash": hashed,
                "is_active": rng.random() >= 0.01,
                "must_change_password": False,
                "last_login_at": (
                    datetime.now(UTC) - timedelta(days=rng.uniform(0, 60))
                    if rng.random() < 0.8
                    else None
                ),
                "session_token": f"bench-{pid}-{rng.getrandbits(64):x}",
                "created_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
                "record_changed_at": datetime.now(UTC),
            }
        )
    _bulk(session, Person.__table__, person_rows)
    _fix_sequences(session, ["person"])
    counts = {"people": people}

    progress("[4/7] enrolments and lesson progress")
    enrollments, studied, completions = [], [], []
    start_of_year = datetime(year, 1, 1, tzinfo=UTC)
    span = max((datetime.now(UTC) - start_of_year).total_seconds(), 3600)
    for n, row in enumerate(person_rows):
        for course_id, hours, title in rng.sample(courses, 5):
            done = rng.random() < 0.6
            when = start_of_year + timedelta(seconds=rng.uniform(0, span))
            enrollments.append(
                {
                    "person_id": row["id"],
                    "course_id": course_id,
                    "source": "self",
                    "created_at": when,
                    "completed_at": when if done else None,
                }
            )
            course_lessons = lessons[course_id]
            for lesson_id in (
                course_lessons if done else course_lessons[: rng.randint(1, len(course_lessons))]
            ):
                studied.append(
                    {
                        "person_id": row["id"],
                        "lesson_id": lesson_id,
                        "course_id": course_id,
                        "completed_at": when,
                    }
                )
            if done:
                completions.append((row, course_id, hours, title, when))
        if n % 20_000 == 19_999:
            progress(f"    {n + 1}/{people} people")
    _bulk(session, Enrollment.__table__, enrollments)
    _bulk(session, LessonProgress.__table__, studied)
    counts["lesson_progress"] = len(studied)
    counts["assignments"] = _assignments(session, rng, units, person_rows, courses, year)

    progress("[5/7] attempts")
    attempt_id = _next_id(session, Attempt.__table__)
    attempts, items = [], []
    for row, course_id, _hours, _title, when in completions:
        for quiz_id in quizzes[course_id][:2]:
            picked = rng.sample(questions[course_id], 2)
            scores = [points if rng.random() < 0.8 else Decimal(0) for _q, points in picked]
            maximum = sum((p for _q, p in picked), Decimal(0))
            score = sum(scores, Decimal(0))
            attempts.append(
                {
                    "id": attempt_id,
                    "quiz_id": quiz_id,
                    "person_id": row["id"],
                    "number": 1,
                    "started_at": when,
                    "submitted_at": when,
                    "auto_submitted": False,
                    "status": "graded",
                    "max_score": maximum,
                    "score": score,
                    "percent": (100 * score / maximum).quantize(Decimal("0.01")),
                    "passed": score * 100 >= maximum * 60,
                    "graded_at": when,
                }
            )
            for position, ((qid, points), earned) in enumerate(zip(picked, scores, strict=True)):
                items.append(
                    {
                        "attempt_id": attempt_id,
                        "question_id": qid,
                        "position": position,
                        "max_points": points,
                        "score": earned,
                        "needs_manual": False,
                        "response": None,
                    }
                )
            attempt_id += 1
    _bulk(session, Attempt.__table__, attempts)
    _bulk(session, AttemptItem.__table__, items)
    _fix_sequences(session, ["attempt", "attempt_item"])
    counts["attempts"] = len(attempts)

    progress("[6/7] certificates and the ledger")
    certificate_id = _next_id(session, Certificate.__table__)
    unit_names = dict(session.execute(select(OrgUnit.id, OrgUnit.name)).all())
    certificates, entries = [], []
    for row, course_id, hours, title, when in completions:
        completed_on = when.date()
        certificates.append(
            {
                "id": certificate_id,
                "serial": new_serial(completed_on.year),
                "person_id": row["id"],
                "course_id": course_id,
                "holder_name": row["display_name"],
                "unit_name": unit_names[row["unit_id"]],
                "title": title,
                "credit_hours": hours,
                "score": Decimal(80),
                "completed_on": completed_on,
                "issued_at": when,
            }
        )
        entries.append(
            {
                "person_id": row["id"],
                "year": completed_on.year,
                "category": "online",
                "hours": hours,
                "title": title,
                "occurred_on": completed_on,
                "certificate_id": certificate_id,
                "created_at": when,
            }
        )
        certificate_id += 1
    for row in person_rows:
        if rng.random() < 0.7:
            entries.append(
                {
                    "person_id": row["id"],
                    "year": year,
                    "category": "offline",
                    "hours": Decimal(rng.choice([8, 16, 24, 32, 40])),
                    "title": "乡镇干部集中轮训",
                    "provider": "县委党校",
                    "occurred_on": date(year, 1, 15),
                    "created_at": datetime.now(UTC),
                }
            )
    _bulk(session, Certificate.__table__, certificates)
    _bulk(session, CreditEntry.__table__, entries)
    _fix_sequences(session, ["certificate", "credit_entry", "enrollment"])
    counts["certificates"] = len(certificates)
    counts["ledger_rows"] = len(entries)

    progress("[7/7] yearly summaries and competency scores")
    refresh_all_competencies(session.connection())
    refresh_everyone(
        session.connection(),
        year,
        progress=lambda done, total: (
            progress(f"    {done}/{total} summaries")
            if done % 20_000 < 2_000 or done == total
            else None
        ),
    )
    return counts


def _assignments(
    session: Session,
    rng: random.Random,
    units: list[dict[str, Any]],
    person_rows: list[dict[str, Any]],
    courses: list[Any],
    year: int,
) -> int:
    """Required courses: four on the province (two already due), one on each city and
    county, and 500 on single people."""
    now = datetime.now(UTC)
    due = [date(year, 3, 31), date(year, 6, 30), date(year, 12, 31), date(year, 12, 31)]
    rows = [
        {"course_id": courses[i].id, "unit_id": units[0]["id"], "due_date": due[i]}
        for i in range(4)
    ]
    for unit in units:
        if unit["kind"] in ("city", "county"):
            rows.append(
                {
                    "course_id": rng.choice(courses).id,
                    "unit_id": unit["id"],
                    "due_date": rng.choice(due),
                }
            )
    for row in rng.sample(person_rows, min(500, len(person_rows))):
        rows.append(
            {"course_id": rng.choice(courses).id, "person_id": row["id"], "due_date": due[1]}
        )
    for row in rows:
        row.update(year=year, created_at=now)
    _bulk(session, Assignment.__table__, rows)
    return len(rows)


def _units(session: Session, rng: random.Random) -> tuple[list[dict[str, Any]], list[int]]:
    next_id = _next_id(session, OrgUnit.__table__)
    rows: list[dict[str, Any]] = []
    leaves: list[int] = []
    now = datetime.now(UTC)

    def add(code: str, name: str, kind: str, parent: dict[str, Any] | None) -> dict[str, Any]:
        nonlocal next_id
        row = {
            "id": next_id,
            "code": code,
            "name": name,
            "kind": kind,
            "parent_id": parent["id"] if parent else None,
            "path": f"{parent['path'] if parent else '/'}{next_id}/",
            "depth": parent["depth"] + 1 if parent else 0,
            "created_at": now,
        }
        next_id += 1
        rows.append(row)
        return row

    province = add(f"{PREFIX}P", "基准省", "province", None)
    for c in range(5):
        city = add(f"{PREFIX}C{c:02d}", f"第{c + 1}市", "city", province)
        for k in range(8):
            county = add(f"{city['code']}-{k}", f"第{c + 1}市第{k + 1}县", "county", city)
            for t in range(10):
                township = add(
                    f"{county['code']}-{t}", f"{county['name']}第{t + 1}镇", "township", county
                )
                leaves.append(township["id"])
                for s in range(3):
                    kind = "village" if s else "department"
                    suffix = f"第{s}村" if s else "便民服务中心"
                    sub = add(
                        f"{township['code']}-{s}", f"{township['name']}{suffix}", kind, township
                    )
                    leaves.append(sub["id"])
    _bulk(session, OrgUnit.__table__, rows)
    _fix_sequences(session, ["org_unit"])
    return rows, leaves
