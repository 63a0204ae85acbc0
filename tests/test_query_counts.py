"""Pages run a fixed number of SQL statements, whatever the number of courses and lessons."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from lms.courses.models import Course
from lms.courses.package import yamlfile
from lms.learning.models import Assignment
from tests.conftest import post, today


def write_packages(root: Path, prefix: str, courses: int, lessons: int) -> Path:
    """``courses`` generated packages of ``lessons`` lessons each, titled "<prefix>组课程N"."""
    for c in range(courses):
        folder = root / f"{prefix}-course-{c:03d}"
        folder.mkdir(parents=True)
        names = [f"lesson-{i:03d}.md" for i in range(lessons)]
        for name in names:
            (folder / name).write_text(
                f"---\ntitle: 第{name}课\n---\n正文 **{name}**\n", encoding="utf-8"
            )
        half = max(1, lessons // 2)
        modules = [
            {
                "title": "第一章",
                "lessons": names[:half],
                "quiz": {"title": "小测验", "questions": ["q-1"]},
            }
        ]
        if names[half:]:
            modules.append({"title": "第二章", "lessons": names[half:]})
        (folder / "course.yaml").write_text(
            yamlfile.dump(
                {
                    "code": folder.name,
                    "title": f"{prefix}组课程{c}",
                    "summary": "摘要",
                    "credit_hours": 2,
                    "competencies": ["service-awareness", "digital-tools"],
                    "status": "published",
                    "modules": modules,
                    "final_exam": {
                        "title": "考试",
                        "draw": [{"competency": "service-awareness", "count": 1}],
                    },
                }
            ),
            encoding="utf-8",
        )
        (folder / "questions.yaml").write_text(
            yamlfile.dump(
                [
                    {
                        "id": "q-1",
                        "kind": "true_false",
                        "competency": "service-awareness",
                        "points": 1,
                        "stem": "题干",
                        "answer": True,
                        "explanation": "解析",
                    }
                ]
            ),
            encoding="utf-8",
        )
    return root


def _count(client, count_queries, url):
    client.get(url)  # warm up first-use lookups
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_catalogue_with_5_and_50_courses(as_user, org, import_package, count_queries, tmp_path):
    import_package(write_packages(tmp_path, "small", 5, 2))
    import_package(write_packages(tmp_path / "b", "large", 50, 2))
    client = as_user("learner")
    for c in range(0, 50, 2):
        post(client, f"/courses/large-course-{c:03d}/lessons/lesson-000/complete")
    post(client, "/courses/small-course-000/lessons/lesson-000/complete")
    small = _count(client, count_queries, "/courses/?q=small组")
    large = _count(client, count_queries, "/courses/?q=large组")
    everything = _count(client, count_queries, "/courses/?competency=digital-tools&page=2")
    assert small == large == everything


def test_course_and_lesson_pages_with_5_and_50_lessons(
    as_user, org, import_package, count_queries, tmp_path
):
    import_package(write_packages(tmp_path, "small", 1, 5))
    import_package(write_packages(tmp_path / "b", "large", 1, 50))
    client = as_user("learner")
    for prefix, size in (("small", 5), ("large", 50)):
        for i in range(0, size, 2):
            post(client, f"/courses/{prefix}-course-000/lessons/lesson-{i:03d}/complete")
    assert _count(client, count_queries, "/courses/small-course-000") == _count(
        client, count_queries, "/courses/large-course-000"
    )
    assert _count(client, count_queries, "/courses/small-course-000/lessons/lesson-002") == _count(
        client, count_queries, "/courses/large-course-000/lessons/lesson-022"
    )


def test_learner_home_with_5_and_50_courses(
    as_user, org, import_package, count_queries, tmp_path, session
):
    import_package(write_packages(tmp_path, "small", 5, 2))
    import_package(write_packages(tmp_path / "b", "large", 50, 2))
    year, due = today().year, today() + timedelta(days=30)
    for course in session.query(Course).all():
        person = org.learner if course.code.startswith("small") else org.villager
        session.add(Assignment(course_id=course.id, person_id=person.id, year=year, due_date=due))
    session.commit()
    counts = []
    for username, prefix, size in (("learner", "small", 5), ("villager", "large", 50)):
        client = as_user(username)
        for c in range(0, size, 2):
            post(client, f"/courses/{prefix}-course-{c:03d}/lessons/lesson-000/complete")
        counts.append(_count(client, count_queries, "/learn/"))
    assert counts[0] == counts[1]


def test_personnel_pages_with_5_and_50_people(
    app, as_user, org, make_unit, make_person, count_queries, session, sample_course
):
    """The dashboard, the filtered people table, the required courses and a data-feed page
    of two counties, one with 5 people in 1 township and one with 50 in 10: the same
    statements."""
    from lms.api.tokens import create_token
    from lms.learning.models import Enrollment

    year = today().year
    counts = []
    for code, townships, per_township in (("S", 1, 5), ("L", 10, 5)):
        county = make_unit(code, f"{code}县", "county", org.province)
        manager = make_person(f"m-{code}", county, "manager", scope_unit_id=county.id)
        for t in range(townships):
            township = make_unit(f"{code}-{t}", f"{code}镇{t}", "township", county)
            for n in range(per_township):
                person = make_person(f"{code}-{t}-{n}", township)
                session.add(Enrollment(person_id=person.id, course_id=sample_course.id))
                session.add(
                    Assignment(
                        course_id=sample_course.id,
                        person_id=person.id,
                        year=year,
                        due_date=today(),
                    )
                )
            session.add(
                Assignment(
                    course_id=sample_course.id, unit_id=township.id, year=year, due_date=today()
                )
            )
        _row, token = create_token(session, manager, "sync")
        session.commit()
        client = as_user(manager.username)
        page = [
            _count(client, count_queries, "/manage/"),
            _count(client, count_queries, f"/manage/?unit={code}-0"),
            _count(
                client,
                count_queries,
                "/manage/people?status=behind&competency=data-security&below=60&sort=hours",
            ),
            _count(client, count_queries, "/manage/assignments"),
        ]
        api = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        api.get("/api/v1/people", headers=headers)
        with count_queries() as counter:
            assert api.get("/api/v1/people", headers=headers).status_code == 200
        counts.append([*page, counter.count])
    assert counts[0] == counts[1]
