"""A learner on a phone: sign in, open a required course, study a lesson, see progress move."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.learning.models import Assignment
from tests.conftest import PASSWORD, today

pytestmark = pytest.mark.browser


@pytest.fixture
def required_course(sample_course, org, session):
    session.add(
        Assignment(
            course_id=sample_course.id,
            unit_id=org.county_a.id,
            year=today().year,
            due_date=today() + timedelta(days=20),
        )
    )
    session.commit()
    return sample_course


def _no_horizontal_scroll(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("viewport", [(1280, 800), (360, 740)], ids=["desktop", "phone"])
def test_learner_studies_a_required_lesson(live_server, page_factory, required_course, viewport):
    page = page_factory(*viewport)
    page.goto(f"{live_server}/")
    assert page.url.endswith("/login")
    page.get_by_label("用户名").fill("learner")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/learn/")
    _no_horizontal_scroll(page)

    required = page.locator("section", has=page.get_by_role("heading", name="必修课程"))
    required.get_by_role("link", name="样例课程：窗口服务基本功").click()
    page.wait_for_url("**/courses/sample-course")
    assert page.locator("#progress-text").inner_text() == "已学完 0 / 3 课"
    _no_horizontal_scroll(page)

    page.get_by_role("link", name="首问负责与文明接待").click()
    page.wait_for_url("**/lessons/01-greeting")
    assert page.locator(".prose strong").first.inner_text() == "第一个被问到的工作人员"
    _no_horizontal_scroll(page)
    page.get_by_role("button", name="我已学完本课").click()
    page.wait_for_url("**/lessons/02-one-time-notice")
    assert "已学完：首问负责与文明接待" in page.locator(".flash").inner_text()
    _no_horizontal_scroll(page)  # a lesson with a video

    page.get_by_role("link", name="样例课程：窗口服务基本功").click()
    assert page.locator("#progress-text").inner_text() == "已学完 1 / 3 课"
    assert page.locator("progress").first.get_attribute("value") == "33"
    page.goto(f"{live_server}/learn/")
    assert "已学 1 / 3 课" in page.locator(".course-card").first.inner_text()


def test_catalogue_and_every_page_fit_a_phone(live_server, page_factory, required_course):
    page = page_factory(360, 740)
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill("learner")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/learn/")
    for path in (
        "/courses/",
        "/courses/?q=窗口",
        "/password",
        "/courses/sample-course/lessons/03-privacy",
        "/courses/nope",
    ):
        page.goto(f"{live_server}{path}")
        _no_horizontal_scroll(page)
    page.goto(f"{live_server}/courses/")
    page.get_by_label("能力维度").select_option("data-security")
    page.get_by_role("button", name="搜索").click()
    assert "共找到 1 门课程" in page.content()
