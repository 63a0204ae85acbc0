"""Managers assign required courses in their units and follow who has not finished."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.courses.models import Course
from lms.learning.models import Assignment
from tests.certificates.conftest import complete_course
from tests.conftest import post, today


def _form(course, **overrides):
    data = {
        "course": str(course.id),
        "unit_code": "",
        "people": "",
        "year": str(today().year),
        "due_date": (today() + timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def test_assign_to_a_unit_and_follow_progress(app, as_user, no_quizzes, org, session):
    manager = as_user("manager")
    outside = post(manager, "/manage/assignments", _form(no_quizzes, unit_code="P-B"))
    assert outside.status_code == 400 and "没有该单位" in outside.get_data(as_text=True)
    wrong_year = post(
        manager,
        "/manage/assignments",
        _form(no_quizzes, unit_code="P-A", due_date=f"{today().year + 1}-01-10"),
    )
    assert wrong_year.status_code == 400
    assert session.scalar(select(func.count()).select_from(Assignment)) == 0
    response = post(manager, "/manage/assignments", _form(no_quizzes, unit_code="P-A"))
    assert response.status_code == 302
    page = manager.get("/manage/assignments").get_data(as_text=True)
    assert "0 / 3" in page  # learner, villager, manager
    complete_course(app, org.learner.id, no_quizzes.id)
    assert "1 / 3" in manager.get("/manage/assignments").get_data(as_text=True)
    assignment = session.scalar(select(Assignment))
    detail = manager.get(f"/manage/assignments/{assignment.id}").get_data(as_text=True)
    assert "尚未完成：2" in detail and "villager" in detail and "李明" not in detail
    assert as_user("manager2").get(f"/manage/assignments/{assignment.id}").status_code == 404
    assert "样例课程" in as_user("villager").get("/learn/").get_data(as_text=True)


def test_assign_to_people_all_or_nothing(as_user, no_quizzes, org, session):
    manager = as_user("manager")
    response = post(manager, "/manage/assignments", _form(no_quizzes, people="villager\nlearner_b"))
    assert response.status_code == 400 and "learner_b" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Assignment)) == 0
    assert (
        post(manager, "/manage/assignments", _form(no_quizzes, people="villager")).status_code
        == 302
    )
    assert session.scalar(select(Assignment.person_id)) == org.villager.id
    assert "样例课程" not in as_user("learner").get("/learn/").get_data(as_text=True)


def test_only_published_courses_can_be_assigned(as_user, no_quizzes, session):
    course = session.get(Course, no_quizzes.id)
    course.status = "draft"
    session.commit()
    response = post(as_user("manager"), "/manage/assignments", _form(course, unit_code="P-A"))
    assert response.status_code == 400
