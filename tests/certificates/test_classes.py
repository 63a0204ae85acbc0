"""Thematic classes: members by unit or by name, hours inside the window, a class
certificate exactly once on completion."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from lms.certificates.models import Certificate, CreditEntry
from lms.classes.models import ThematicClass
from lms.core.time import today_local
from tests.certificates.conftest import complete_course
from tests.conftest import post


def _form(course, **overrides):
    today = today_local()
    data = {
        "code": "szh-2026",
        "title": "数字政府能力提升专题班",
        "description": "",
        "starts_on": (today - timedelta(days=30)).isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
        "required_hours": "2.5",
        "courses": [str(course.id)],
        "unit_codes": "P-A-1",
        "people": "",
    }
    data.update(overrides)
    return data


def test_completing_the_hours_issues_one_class_certificate(app, as_user, no_quizzes, org, session):
    manager = as_user("manager")
    refused = post(manager, "/manage/classes", _form(no_quizzes, unit_codes="P-B"))
    assert refused.status_code == 400
    assert post(manager, "/manage/classes", _form(no_quizzes)).status_code == 302
    cls = session.scalar(select(ThematicClass))
    assert "数字政府能力提升专题班" in as_user("villager").get("/learn/").get_data(as_text=True)
    complete_course(app, org.learner.id, no_quizzes.id)
    certificates = session.scalars(select(Certificate).where(Certificate.class_id == cls.id)).all()
    assert len(certificates) == 1 and certificates[0].person_id == org.learner.id
    assert certificates[0].course_id is None and certificates[0].credit_hours == 2.5
    # class certificates add no hours: the course already did
    assert session.scalar(select(func.sum(CreditEntry.hours))) == 2.5
    progress = manager.get(f"/manage/classes/{cls.id}").get_data(as_text=True)
    assert "李明" in progress and "villager" in progress
    post(manager, f"/manage/classes/{cls.id}")  # checking again issues nothing new
    assert (
        session.scalar(
            select(func.count()).select_from(Certificate).where(Certificate.class_id == cls.id)
        )
        == 1
    )
    page = as_user("learner").get("/learn/").get_data(as_text=True)
    assert "数字政府能力提升专题班" in page
    verify = app.test_client().get(f"/verify/{certificates[0].serial}").get_data(as_text=True)
    assert "证书有效" in verify and "数字政府能力提升专题班" in verify
    jwt = app.test_client().get(f"/verify/{certificates[0].serial}.jwt")
    assert jwt.status_code == 200
    pdf = as_user("learner").get(f"/certificates/{certificates[0].serial}.pdf")
    assert pdf.status_code == 200
    assert as_user("manager2").get(f"/manage/classes/{cls.id}").status_code == 404


def test_hours_outside_the_window_do_not_count(app, as_user, no_quizzes, org, session):
    complete_course(app, org.learner.id, no_quizzes.id)  # completed today
    start = today_local() + timedelta(days=1)
    post(
        as_user("manager"),
        "/manage/classes",
        _form(
            no_quizzes,
            starts_on=start.isoformat(),
            ends_on=(start + timedelta(days=10)).isoformat(),
            unit_codes="",
            people="learner",
        ),
    )
    assert (
        session.scalar(
            select(func.count()).select_from(Certificate).where(Certificate.class_id.is_not(None))
        )
        == 0
    )


def test_bad_windows_and_missing_parts_are_refused(as_user, no_quizzes, session):
    manager = as_user("manager")
    today = today_local()
    backwards = post(
        manager,
        "/manage/classes",
        _form(no_quizzes, ends_on=(today - timedelta(days=60)).isoformat()),
    )
    assert backwards.status_code == 400
    no_courses = _form(no_quizzes)
    del no_courses["courses"]
    assert post(manager, "/manage/classes", no_courses).status_code == 400
    assert session.scalar(select(func.count()).select_from(ThematicClass)) == 0


def test_the_list_of_classes_comes_in_pages_and_shows_a_manager_their_own(as_user, org, session):
    today = today_local()
    for n in range(35):
        session.add(
            ThematicClass(
                code=f"c-{n:02d}",
                title=f"专题班{n:02d}号",
                starts_on=today - timedelta(days=n),
                ends_on=today + timedelta(days=30),
                required_hours=2,
                created_by_id=org.manager.id,
            )
        )
    session.commit()
    manager = as_user("manager")
    first = manager.get("/manage/classes").get_data(as_text=True)
    second = manager.get("/manage/classes?page=2").get_data(as_text=True)
    titles = re.compile(r"专题班\d\d号")
    assert len(titles.findall(first)) == 30 and "专题班00号" in first  # newest first
    assert len(titles.findall(second)) == 5 and "专题班34号" in second
    assert "专题班00号" not in as_user("manager2").get("/manage/classes").get_data(as_text=True)
