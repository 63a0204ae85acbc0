"""A phone scans the QR code: the verification page, valid then revoked, at 360 px."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.certificates.models import Certificate
from tests.certificates.conftest import complete_course

pytestmark = pytest.mark.browser


@pytest.fixture
def certificate(app, sample_course, org, session):
    from lms.assessment.models import Quiz

    session.execute(Quiz.__table__.delete())
    session.commit()
    complete_course(app, org.learner.id, sample_course.id)
    return session.scalar(select(Certificate))


def test_the_verification_page_on_a_phone(live_server, page_factory, certificate, session):
    page = page_factory(360, 740)
    page.goto(f"{live_server}/verify/{certificate.serial}")
    main = page.locator("main").inner_text()
    assert "证书有效" in main and "李*" in main and "李明" not in main
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )

    page.goto(f"{live_server}/verify")
    page.get_by_label("证书编号").fill(certificate.serial.lower())
    page.get_by_role("button", name="查验").click()
    page.wait_for_url(f"**/verify/{certificate.serial}")

    from lms.db import utcnow

    stored = session.get(Certificate, certificate.id)
    stored.revoked_at, stored.revoke_reason = utcnow(), "信息有误"
    session.commit()
    page.reload()
    main = page.locator("main").inner_text()
    assert "该证书已撤销" in main and "信息有误" in main
