"""The demo: an org tree, demo people and logins, the courses in courses/, some assignments.

Idempotent: units, people and assignments are created only when missing, and the demo
password is set only on accounts that this command creates. It refuses to add demo
accounts (with a known password) to a database that already holds real people.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from lms.accounts.models import Person
from lms.certificates.models import CreditEntry
from lms.certificates.operations import issue_certificate
from lms.core.errors import Conflict
from lms.core.time import local_year, today_local
from lms.courses.models import Course, Lesson
from lms.courses.operations import import_course_folder
from lms.db import utcnow
from lms.learning.models import Assignment, Enrollment, LessonProgress
from lms.orgs.models import OrgUnit
from lms.orgs.operations import create_unit, unit_by_code
from lms.reports.summaries import refresh_everyone

DEMO_PASSWORD = "demo-pass-2026"

#: (code, name, kind, parent code)
UNITS = [
    ("SF", "示范省", "province", None),
    ("SF-ZZB", "示范省委组织部", "department", "SF"),
    ("SF-QS", "青山市", "city", "SF"),
    ("SF-QS-DX", "青山市委党校", "department", "SF-QS"),
    ("SF-QS-DS", "东山县", "county", "SF-QS"),
    ("SF-QS-DS-ZZB", "东山县委组织部", "department", "SF-QS-DS"),
    ("SF-QS-DS-LX", "柳溪镇", "township", "SF-QS-DS"),
    ("SF-QS-DS-LX-DZB", "柳溪镇党政综合办公室", "department", "SF-QS-DS-LX"),
    ("SF-QS-DS-LX-BM", "柳溪镇便民服务中心", "department", "SF-QS-DS-LX"),
    ("SF-QS-DS-LX-LXC", "柳溪村", "village", "SF-QS-DS-LX"),
    ("SF-QS-DS-LX-THC", "桃花村", "village", "SF-QS-DS-LX"),
    ("SF-QS-DS-TY", "桃源乡", "township", "SF-QS-DS"),
    ("SF-QS-DS-TY-SW", "桃源乡社会事务办", "department", "SF-QS-DS-TY"),
    ("SF-QS-DS-TY-SMC", "石门村", "village", "SF-QS-DS-TY"),
    ("SF-QS-DS-SQ", "石桥镇", "township", "SF-QS-DS"),
    ("SF-QS-DS-SQ-BM", "石桥镇便民服务中心", "department", "SF-QS-DS-SQ"),
    ("SF-QS-XH", "西河县", "county", "SF-QS"),
    ("SF-QS-XH-ZZB", "西河县委组织部", "department", "SF-QS-XH"),
    ("SF-QS-XH-HK", "河口镇", "township", "SF-QS-XH"),
    ("SF-QS-XH-HK-BM", "河口镇便民服务中心", "department", "SF-QS-XH-HK"),
    ("SF-QS-XH-HK-HKC", "河口村", "village", "SF-QS-XH-HK"),
    ("SF-QS-XH-BS", "白沙乡", "township", "SF-QS-XH"),
    ("SF-QS-XH-BS-ZZ", "白沙乡综治中心", "department", "SF-QS-XH-BS"),
]

#: username, display name, role, unit, scope unit, rank, staff type, description
LOGINS = [
    (
        "admin",
        "系统管理员",
        "admin",
        "SF-ZZB",
        None,
        "其他",
        "公务员",
        "administrator (whole province)",
    ),
    (
        "trainer",
        "王老师",
        "trainer",
        "SF-QS-DX",
        None,
        "其他",
        "事业人员",
        "trainer (青山市委党校), owns the demo courses",
    ),
    (
        "manager",
        "陈组织",
        "manager",
        "SF-QS-DS-ZZB",
        "SF-QS-DS",
        "乡科级正职",
        "公务员",
        "personnel manager of 东山县",
    ),
    (
        "manager2",
        "周人事",
        "manager",
        "SF-QS-XH-ZZB",
        "SF-QS-XH",
        "乡科级正职",
        "公务员",
        "personnel manager of 西河县",
    ),
    (
        "learner",
        "李明",
        "learner",
        "SF-QS-DS-LX-BM",
        None,
        "一级主任科员及以下",
        "公务员",
        "learner in 柳溪镇便民服务中心 (东山县)",
    ),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜"
GIVEN = [
    "建国",
    "海燕",
    "志强",
    "秀英",
    "晓东",
    "丽华",
    "文斌",
    "春梅",
    "国庆",
    "红霞",
    "俊杰",
    "雪梅",
    "永红",
    "佳怡",
    "子涵",
    "明辉",
    "玉兰",
    "宏伟",
    "晓燕",
    "德明",
    "思远",
    "静",
    "磊",
    "芳",
    "勇",
    "敏",
    "涛",
    "婷",
    "超",
    "丹",
]
LEARNER_UNITS = [
    "SF-QS-DS-LX-DZB",
    "SF-QS-DS-LX-BM",
    "SF-QS-DS-LX-LXC",
    "SF-QS-DS-LX-THC",
    "SF-QS-DS-TY-SW",
    "SF-QS-DS-TY-SMC",
    "SF-QS-DS-SQ-BM",
    "SF-QS-XH-HK-BM",
    "SF-QS-XH-HK-HKC",
    "SF-QS-XH-BS-ZZ",
]
RANKS = ["乡科级正职", "乡科级副职", "一级主任科员及以下", "一级主任科员及以下"]
STAFF_TYPES = ["公务员", "公务员", "参公人员", "事业人员", "村干部"]
DEMO_LEARNERS = 40

#: (course code, unit code, month, day) of required courses this year
ASSIGNMENTS = [
    ("hotline-12345", "SF-QS-DS", 10, 31),
    ("one-network-service", "SF-QS-DS", 12, 15),
    ("data-security", "SF-QS-DS", 12, 31),
    ("gov-openness", "SF-QS-XH", 11, 30),
    ("online-opinion", "SF-QS-XH", 12, 31),
]


@dataclass
class DemoSummary:
    units: int = 0
    people: int = 0
    courses: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)
    existing_passwords_kept: bool = False


def _demo_usernames() -> set[str]:
    return {login[0] for login in LOGINS} | {f"demo{i:03d}" for i in range(1, DEMO_LEARNERS + 1)}


def load_demo(
    session: Session, *, courses_dir: Path, progress: Callable[[str], None] = lambda _m: None
) -> DemoSummary:
    summary = DemoSummary()
    others = (
        session.scalar(
            select(func.count())
            .select_from(Person)
            .where(Person.username.not_in(_demo_usernames()))
        )
        or 0
    )
    if others:
        raise Conflict(
            "this database already holds real people; the demo (with its known "
            "password) is only loaded into a database of its own"
        )
    progress("[1/4] org tree")
    units = _ensure_units(session)
    progress("[2/4] demo people")
    password_hash = generate_password_hash(
        DEMO_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    created = _ensure_people(session, units, password_hash)
    summary.existing_passwords_kept = not created
    progress(f"[3/4] courses from {courses_dir}")
    if courses_dir.is_dir():
        import_course_folder(session, courses_dir, progress=progress)
    progress("[4/4] assignments and sample progress")
    _ensure_assignments(session, units)
    _sample_progress(session, created)
    refresh_everyone(session.connection(), local_year())
    summary.units = session.scalar(select(func.count()).select_from(OrgUnit)) or 0
    summary.people = session.scalar(select(func.count()).select_from(Person)) or 0
    summary.courses = session.scalar(select(func.count()).select_from(Course)) or 0
    summary.logins = [(login[0], login[7]) for login in LOGINS]
    return summary


def _ensure_units(session: Session) -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for code, name, kind, parent in UNITS:
        unit = unit_by_code(session, code)
        if unit is None:
            unit = create_unit(
                session, code=code, name=name, kind=kind, parent=units[parent] if parent else None
            )
        units[code] = unit
    return units


def _ensure_people(session: Session, units: dict[str, OrgUnit], password_hash: str) -> list[Person]:
    existing = set(session.scalars(select(Person.username)))
    created: list[Person] = []
    for username, name, role, unit, scope, rank, staff_type, _d in LOGINS:
        if username in existing:
            continue
        person = Person(
            username=username,
            display_name=name,
            role=role,
            unit_id=units[unit].id,
            scope_unit_id=units[scope].id if scope else None,
            rank=rank,
            staff_type=staff_type,
            password_hash=password_hash,
            employee_no=f"E{len(created) + 1:05d}" if role != "admin" else None,
        )
        session.add(person)
        created.append(person)
    rng = random.Random(2026)
    for i in range(1, DEMO_LEARNERS + 1):
        username = f"demo{i:03d}"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        unit = LEARNER_UNITS[i % len(LEARNER_UNITS)]
        staff_type = "村干部" if unit.endswith("C") else rng.choice(STAFF_TYPES[:4])
        if username in existing:
            continue
        person = Person(
            username=username,
            display_name=name,
            role="learner",
            unit_id=units[unit].id,
            rank=rng.choice(RANKS),
            staff_type=staff_type,
            password_hash=password_hash,
            employee_no=f"D{i:05d}",
        )
        session.add(person)
        created.append(person)
    session.flush()
    return created


def _ensure_assignments(session: Session, units: dict[str, OrgUnit]) -> None:
    year = local_year()
    courses = {c.code: c for c in session.scalars(select(Course))}
    for code, unit_code, month, day in ASSIGNMENTS:
        course = courses.get(code)
        if course is None or course.status != "published":
            continue
        unit_id = units[unit_code].id
        exists = session.scalar(
            select(Assignment.id).where(
                Assignment.course_id == course.id,
                Assignment.unit_id == unit_id,
                Assignment.year == year,
            )
        )
        if exists is None:
            session.add(
                Assignment(
                    course_id=course.id, unit_id=unit_id, year=year, due_date=date(year, month, day)
                )
            )
    session.flush()


def _sample_progress(session: Session, people: list[Person]) -> None:
    """Give newly created demo learners (not the 'learner' login) some studied lessons."""
    learners = [p for p in people if p.username.startswith("demo")]
    if not learners:
        return
    lessons = list(
        session.execute(
            select(Lesson.id, Lesson.course_id)
            .join(Course, Course.id == Lesson.course_id)
            .where(Course.status == "published")
            .order_by(Lesson.course_id, Lesson.id)
        )
    )
    by_course: dict[int, list[int]] = {}
    for lesson_id, course_id in lessons:
        by_course.setdefault(course_id, []).append(lesson_id)
    rng = random.Random(7)
    year, today = local_year(), today_local()
    courses = {c.id: c for c in session.scalars(select(Course))}
    for person in learners:
        for course_id, lesson_ids in by_course.items():
            if rng.random() < 0.5:
                continue
            enrollment = Enrollment(person_id=person.id, course_id=course_id, source="self")
            session.add(enrollment)
            studied = lesson_ids[: rng.randint(1, len(lesson_ids))]
            for lesson_id in studied:
                session.add(
                    LessonProgress(person_id=person.id, lesson_id=lesson_id, course_id=course_id)
                )
            if len(studied) == len(lesson_ids) and rng.random() < 0.6:
                # a completion earlier this year, with its certificate and online hours
                when = datetime(
                    year, rng.randint(1, today.month), rng.randint(1, 28), 9, tzinfo=UTC
                )
                enrollment.completed_at = min(when, utcnow())
                session.flush()
                issue_certificate(
                    session, person, courses[course_id], completed_at=enrollment.completed_at
                )
        if rng.random() < 0.7:
            session.add(
                CreditEntry(
                    person_id=person.id,
                    year=year,
                    category="offline",
                    hours=Decimal(rng.choice([8, 16, 24, 32, 40])),
                    title="乡镇干部集中轮训",
                    provider="县委党校",
                    occurred_on=date(year, rng.randint(1, today.month), 10)
                    if today.month > 1
                    else today,
                )
            )
    session.flush()
