"""The learner's pages: home, catalogue, course, lesson, enrolment and completion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.courses.models import Course
from lms.learning.models import Assignment, Enrollment, LessonProgress
from tests.conftest import post, today


@pytest.fixture
def learner(as_user, sample_course):
    return as_user("learner")


def _assign(session, course, unit, due):
    session.add(Assignment(course_id=course.id, unit_id=unit.id, year=today().year, due_date=due))
    session.commit()


def test_home_lists_required_courses_with_due_dates_for_the_unit_subtree(
    as_user, sample_course, org, session
):
    _assign(session, sample_course, org.county_a, today() + timedelta(days=30))
    page = as_user("villager").get("/learn/").get_data(as_text=True)  # a village below county A
    assert "样例课程：窗口服务基本功" in page and "前完成" in page
    other = as_user("learner_b").get("/learn/").get_data(as_text=True)  # county B
    assert "样例课程" not in other and "今年暂无指派给您的必修课程" in other


def test_overdue_required_course_is_marked(as_user, sample_course, org, session):
    _assign(session, sample_course, org.township_a, today() - timedelta(days=1))
    page = as_user("learner").get("/learn/").get_data(as_text=True)
    assert "已逾期" in page


def test_catalogue_search_and_competency_filter(learner, session):
    page = learner.get("/courses/?q=窗口").get_data(as_text=True)
    assert "样例课程" in page and "共找到 1 门课程" in page
    assert "共找到 0 门课程" in learner.get("/courses/?q=不存在的词").get_data(as_text=True)
    assert "共找到 1 门课程" in learner.get("/courses/?competency=data-security").get_data(
        as_text=True
    )
    assert "共找到 0 门课程" in learner.get("/courses/?competency=internet-thinking").get_data(
        as_text=True
    )
    # an unknown competency is ignored rather than an error
    assert learner.get("/courses/?competency=%3Cscript%3E&page=abc").status_code == 200


def test_catalogue_search_treats_wildcards_literally(learner):
    assert "共找到 0 门课程" in learner.get("/courses/?q=%25").get_data(as_text=True)


def test_course_page_shows_outline_quizzes_and_progress(learner):
    page = learner.get("/courses/sample-course").get_data(as_text=True)
    assert "第一章 接待群众" in page and "首问负责与文明接待" in page
    assert "测验：第一章 小测验" in page and "结业考试" in page
    assert "已学完 0 / 3 课" in page
    assert "2.5 学时" in page


def test_unknown_course_and_lesson_are_404_in_chinese(learner):
    response = learner.get("/courses/no-such-course")
    assert response.status_code == 404
    assert "该课程不存在或尚未开放" in response.get_data(as_text=True)
    response = learner.get("/courses/sample-course/lessons/no-such-lesson")
    assert response.status_code == 404
    assert "该课时不存在" in response.get_data(as_text=True)


def test_lesson_page_renders_markdown_video_and_neighbours(learner):
    page = learner.get("/courses/sample-course/lessons/02-one-time-notice").get_data(as_text=True)
    assert '<video controls preload="none" src="https://video.example.org/notice.mp4">' in page
    assert "<strong>一次性</strong>" in page
    assert 'rel="prev" href="/courses/sample-course/lessons/01-greeting"' in page
    assert 'rel="next" href="/courses/sample-course/lessons/03-privacy"' in page


def test_finishing_a_lesson_records_progress_enrols_and_moves_on(learner, session, org):
    response = post(learner, "/courses/sample-course/lessons/01-greeting/complete")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/courses/sample-course/lessons/02-one-time-notice"
    )
    assert session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    enrollment = session.scalar(select(Enrollment))
    assert enrollment.person_id == org.learner.id and enrollment.source == "self"
    assert "已学完 1 / 3 课" in learner.get("/courses/sample-course").get_data(as_text=True)
    # finishing it twice changes nothing
    post(learner, "/courses/sample-course/lessons/01-greeting/complete")
    assert session.scalar(select(func.count()).select_from(LessonProgress)) == 1
    lesson = learner.get("/courses/sample-course/lessons/01-greeting").get_data(as_text=True)
    assert "您已学完本课" in lesson


def test_finishing_a_required_course_lesson_marks_the_enrolment_assigned(
    learner, sample_course, session, org
):
    _assign(session, sample_course, org.county_a, today() + timedelta(days=10))
    post(learner, "/courses/sample-course/lessons/01-greeting/complete")
    assert session.scalar(select(Enrollment.source)) == "assigned"


def test_the_last_lesson_leads_back_to_the_course(learner):
    response = post(learner, "/courses/sample-course/lessons/03-privacy/complete")
    assert response.headers["Location"].endswith("/courses/sample-course")


def test_a_course_with_quizzes_is_not_complete_from_lessons_alone(learner, session):
    for slug in ("01-greeting", "02-one-time-notice", "03-privacy"):
        post(learner, f"/courses/sample-course/lessons/{slug}/complete")
    assert session.scalar(select(Enrollment.completed_at)) is None


def test_a_course_without_quizzes_completes_when_every_lesson_is_studied(
    learner, session, sample_course
):
    from lms.assessment.models import Quiz

    session.execute(Quiz.__table__.delete())
    session.commit()
    for slug in ("01-greeting", "02-one-time-notice", "03-privacy"):
        post(learner, f"/courses/sample-course/lessons/{slug}/complete")
    assert session.scalar(select(Enrollment.completed_at)) is not None
    home = learner.get("/learn/").get_data(as_text=True)
    assert "最近完成" in home and "完成" in home.split("最近完成")[1]


def test_enrolling_in_an_elective(learner, session):
    response = post(learner, "/courses/sample-course/enroll")
    assert response.status_code == 302
    assert session.scalar(select(func.count()).select_from(Enrollment)) == 1
    post(learner, "/courses/sample-course/enroll")
    assert session.scalar(select(func.count()).select_from(Enrollment)) == 1
    assert "样例课程" in learner.get("/learn/").get_data(as_text=True)


def test_enrolling_without_csrf_token_is_refused(learner, session):
    response = learner.post("/courses/sample-course/enroll")
    assert response.status_code == 400
    assert session.scalar(select(func.count()).select_from(Enrollment)) == 0


class TestUnpublishedCourse:
    @pytest.fixture(autouse=True)
    def draft(self, sample_course, session):
        course = session.get(Course, sample_course.id)
        course.status = "draft"
        session.commit()

    def test_learners_get_404_on_course_and_lessons(self, learner):
        assert learner.get("/courses/sample-course").status_code == 404
        assert learner.get("/courses/sample-course/lessons/01-greeting").status_code == 404
        assert (
            post(learner, "/courses/sample-course/lessons/01-greeting/complete").status_code == 404
        )
        assert "共找到 0 门课程" in learner.get("/courses/").get_data(as_text=True)

    def test_its_owner_and_admins_can_preview(self, as_user):
        for username in ("trainer", "admin"):
            page = as_user(username).get("/courses/sample-course/lessons/01-greeting")
            assert page.status_code == 200
            assert "预览：本课程尚未发布" in page.get_data(as_text=True)
            assert "我已学完本课" not in page.get_data(as_text=True)

    def test_another_trainer_cannot(self, as_user):
        assert as_user("trainer2").get("/courses/sample-course").status_code == 404


def test_language_switch_shows_english_and_is_remembered(learner, session, org):
    response = post(learner, "/language/en", {"next": "/courses/"})
    assert response.headers["Location"] == "/courses/"
    page = learner.get("/courses/").get_data(as_text=True)
    assert '<html lang="en">' in page and "1 courses found" in page and "Sign out" in page
    from lms.accounts.models import Person

    session.expire_all()
    assert session.get(Person, org.learner.id).locale == "en"


def test_pages_are_light_and_assets_cacheable(learner, client, app):
    """Learner pages stay under 100 KB with their CSS and JS; assets are cached for a year."""
    import re

    for url in (
        "/learn/",
        "/courses/",
        "/courses/sample-course",
        "/courses/sample-course/lessons/01-greeting",
    ):
        page = learner.get(url)
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.get_data(as_text=True))
        assert len(assets) == 2
        weight = len(page.data)
        for asset in assets:
            response = learner.get(asset)
            assert response.status_code == 200
            assert "max-age=31536000" in response.headers["Cache-Control"]
            weight += len(response.data)
        assert weight < 100_000, (url, weight)
