"""A personnel manager opens the dashboard, sees the charts, and drills down to a person."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_dashboard_charts_and_drill_down(live_server, page_factory, sample_course, org):
    page = page_factory(1280, 900)
    page.goto(f"{live_server}/login")
    page.get_by_label("用户名").fill("manager")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/manage/")
    for chart in ("bars", "radar", "line"):
        box = page.locator(f"svg[data-chart={chart}]").first.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
    page.get_by_role("link", name="柳溪镇").click()
    page.wait_for_url("**/manage/?unit=P-A-1")
    page.get_by_role("link", name="本单位全部人员 ›").click()
    page.get_by_role("link", name="李明").click()
    page.wait_for_url("**/manage/people/*")
    assert "学习档案" in page.locator("h1").inner_text()
    assert page.locator("svg.bars").count() == 1
