"""A timed quiz on a phone survives a dropped link: nothing answered is lost."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lms.assessment.models import Quiz
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, base):
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill("learner")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/learn/")


def test_answers_given_offline_reach_the_server_when_the_link_returns(
    live_server, page_factory, sample_course, session
):
    page = page_factory(360, 740)
    page.on("dialog", lambda dialog: dialog.accept())
    _sign_in(page, live_server)
    page.goto(f"{live_server}/courses/sample-course")
    page.get_by_role("link", name="测验：第一章 小测验", exact=False).click()
    page.get_by_role("button", name="开始第 1 次作答").click()
    page.wait_for_url("**/attempts/*")
    assert page.locator("#time-left").inner_text().startswith(("9:", "10:"))
    questions = page.locator("fieldset.question")
    assert questions.count() == 3

    # first question online: single choice, the option "主动解答或引导到对应窗口"
    questions.nth(0).get_by_text("主动解答或引导到对应窗口").click()
    expect(page.locator("#save-state")).to_have_text("答案已全部保存")

    page.context.set_offline(True)
    for text in ("起身迎接", "复述确认诉求", "主动问询"):
        questions.nth(1).get_by_text(text).click()
    questions.nth(2).get_by_text("错误").click()
    expect(page.locator("#save-state")).to_have_text(re.compile("^未保存"))
    expect(page.locator("#answered")).to_have_text("已答 3 / 3 题")  # counted while offline
    no_horizontal_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_horizontal_scroll

    page.context.set_offline(False)
    expect(page.locator("#save-state")).to_have_text("答案已全部保存", timeout=15000)
    # forget what the browser kept: the page must now come back from the server alone
    page.evaluate("window.localStorage.clear()")
    page.reload()
    questions = page.locator("fieldset.question")
    assert questions.nth(0).locator("input:checked").count() == 1
    assert questions.nth(1).locator("input:checked").count() == 3
    assert questions.nth(2).locator("input[value=false]").is_checked()
    assert "已答 3 / 3 题" in page.locator("#attempt-bar").inner_text()

    page.get_by_role("button", name="交卷").click()
    page.wait_for_url("**/review")
    assert "得分 6 / 6（100%）" in page.locator("main").inner_text()
    assert "应当一次性告知" in page.locator("main").inner_text()


def test_a_reload_while_offline_keeps_the_queued_answers(
    live_server, page_factory, sample_course, session
):
    quiz = session.query(Quiz).filter(Quiz.module_id.is_not(None)).one()
    page = page_factory(360, 740)
    _sign_in(page, live_server)
    page.goto(f"{live_server}/quizzes/{quiz.id}")
    page.get_by_role("button", name="开始第 1 次作答").click()
    page.wait_for_url("**/attempts/*")
    url = page.url
    page.context.set_offline(True)
    page.locator("fieldset.question").nth(2).get_by_text("正确").click()
    expect(page.locator("#save-state")).to_have_text(re.compile("^未保存"))
    # the tab is closed while offline; later, back online, the attempt is opened again:
    # the queued answer is put back into the page and sent
    context = page.context
    page.close()
    context.set_offline(False)
    page = context.new_page()
    page.goto(url)
    assert page.locator("fieldset.question").nth(2).locator("input[value=true]").is_checked()
    expect(page.locator("#save-state")).to_have_text("答案已全部保存", timeout=15000)
    session.expire_all()
    from lms.attempts.models import AttemptItem

    saved = session.query(AttemptItem).filter(AttemptItem.response.is_not(None)).count()
    assert saved == 1
