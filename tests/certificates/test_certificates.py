"""Issuing exactly once, the PDF (read back: text, rendering, QR), the signed credential,
public verification and revocation."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.certificates.models import Certificate, CreditEntry
from lms.courses.models import Course
from tests.certificates.conftest import complete_course
from tests.conftest import post


def test_completion_issues_one_certificate_and_one_ledger_row(
    app, certificate, no_quizzes, org, session
):
    assert certificate.holder_name == "李明" and certificate.unit_name == "柳溪镇"
    assert certificate.title == "样例课程：窗口服务基本功"
    assert certificate.credit_hours == Decimal("2.5")
    complete_course(app, org.learner.id, no_quizzes.id)  # again: nothing new
    assert session.scalar(select(func.count()).select_from(Certificate)) == 1
    entries = session.scalars(select(CreditEntry)).all()
    assert [(e.category, e.hours) for e in entries] == [("online", Decimal("2.5"))]


def test_the_certificate_keeps_what_it_certified(certificate, session, as_user):
    course = session.get(Course, certificate.course_id)
    course.title = "改名后的课程"
    course.credit_hours = Decimal(9)
    session.commit()
    page = as_user("learner").get(f"/certificates/{certificate.serial}").get_data(as_text=True)
    assert "样例课程：窗口服务基本功" in page and "改名后的课程" not in page


def test_pdf_reads_back_with_chinese_text_and_a_qr_code_to_the_verify_page(
    as_user, certificate, app
):
    import pypdfium2
    import zxingcpp
    from pypdf import PdfReader

    client = as_user("learner")
    response = client.get(f"/certificates/{certificate.serial}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    data = response.data
    assert client.get(f"/certificates/{certificate.serial}.pdf").data == data  # deterministic
    reader = PdfReader(io.BytesIO(data))
    text = "".join(reader.pages[0].extract_text().replace("\x00", "").split())
    assert "李明" in text and "样例课程：窗口服务基本功" in text and certificate.serial in text
    fonts = [f for f in reader.pages[0]["/Resources"]["/Font"].values()]
    descendants = fonts[0].get_object()["/DescendantFonts"][0].get_object()
    assert (
        "/FontFile2" in descendants["/FontDescriptor"]
        or "/FontFile3" in descendants["/FontDescriptor"]
    )  # the CJK font is embedded
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=3).to_pil()
    codes = zxingcpp.read_barcodes(image)
    base = app.config["LMS_BASE_URL"].rstrip("/")
    assert [c.text for c in codes] == [f"{base}/verify/{certificate.serial}"]


def test_signed_credential_verifies_with_the_published_keys_and_fails_when_tampered(
    client, certificate
):
    from lms.certificates.credentials import verify_jwt

    token = client.get(f"/verify/{certificate.serial}.jwt").get_data(as_text=True)
    keys = client.get("/.well-known/jwks.json").json
    claims = verify_jwt(token, keys)
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["credentialSubject"]["achievement"]["name"] == "样例课程：窗口服务基本功"
    assert "李明" not in token and claims["jti"].endswith(certificate.serial)
    header, payload, signature = token.split(".")
    flipped = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    with pytest.raises(ValueError):
        verify_jwt(f"{header}.{flipped}.{signature}", keys)


def test_public_verification_masks_the_name(client, certificate):
    page = client.get(f"/verify/{certificate.serial}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "证书有效" in text
    assert "李*" in text and "李明" not in text and "柳溪镇" in text
    assert client.get(f"/verify/{certificate.serial.lower()}").status_code == 200


@pytest.mark.parametrize("serial", ["TA-2026-AAAA-AAAA-AAAA-AAAA-A", "nonsense", "TA-2026"])
def test_unknown_and_malformed_serials_get_the_same_calm_page(client, serial, certificate):
    page = client.get(f"/verify/{serial}")
    assert page.status_code == 404
    assert "未找到该编号的证书" in page.get_data(as_text=True)
    assert client.get(f"/verify/{serial}.jwt").status_code == 404


def test_the_verify_form_redirects_to_the_certificate(client, certificate):
    response = client.get(f"/verify?serial={certificate.serial.lower().replace('-', ' ')}")
    assert response.headers["Location"].endswith(f"/verify/{certificate.serial}")
    assert client.get("/verify?serial=xyz").status_code == 404


def test_manager_in_scope_revokes_with_a_reason(as_user, certificate, client, session):
    manager = as_user("manager")
    assert (
        post(manager, f"/certificates/{certificate.serial}/revoke", {"reason": ""}).status_code
        == 400
    )
    response = post(
        manager, f"/certificates/{certificate.serial}/revoke", {"reason": "考试作弊，经查属实"}
    )
    assert response.status_code == 302
    page = client.get(f"/verify/{certificate.serial}").get_data(as_text=True)
    assert "该证书已撤销" in page and "考试作弊，经查属实" in page
    assert client.get(f"/verify/{certificate.serial}.jwt").status_code == 410
    hours = session.scalar(select(func.sum(CreditEntry.hours)))
    assert hours == 0  # the reversal cancels the credit
    again = post(manager, f"/certificates/{certificate.serial}/revoke", {"reason": "再次"})
    assert again.status_code == 409
    assert session.scalar(select(func.count()).select_from(CreditEntry)) == 2


def test_a_manager_of_another_county_cannot_see_or_revoke(as_user, certificate):
    other = as_user("manager2")
    assert other.get(f"/certificates/{certificate.serial}").status_code == 404
    assert other.get(f"/certificates/{certificate.serial}.pdf").status_code == 404
    assert (
        post(other, f"/certificates/{certificate.serial}/revoke", {"reason": "x"}).status_code
        == 404
    )
    learner_b = as_user("learner_b")
    assert learner_b.get(f"/certificates/{certificate.serial}.pdf").status_code == 404


def test_the_learning_record_adds_up(as_user, certificate):
    page = as_user("learner").get("/me/record").get_data(as_text=True)
    assert "2.5" in page and certificate.serial in page
    assert "90" in page and "50" in page  # the default annual targets
    assert "未达到年度学时要求" in page


def test_without_a_cjk_font_the_pdf_falls_back_to_stsong_and_logs_it(app, certificate, caplog):
    from lms.certificates import pdf

    app.config["LMS_CERT_FONT"] = "/nonexistent/font.ttf"
    try:
        with app.test_request_context(), caplog.at_level("WARNING"):
            data = pdf.certificate_pdf(certificate)
    finally:
        app.config["LMS_CERT_FONT"] = None
    assert data.startswith(b"%PDF") and b"STSong-Light" in data
    assert any("STSong-Light" in record.message for record in caplog.records)


def test_verification_is_rate_limited(app, client, certificate):
    from lms.certificates import views

    statuses = [
        client.get(f"/verify/{certificate.serial}").status_code
        for _ in range(int(views.VERIFY_LIMIT.split()[0]) + 1)
    ]
    assert statuses[:-1] == [200] * (len(statuses) - 1)
    assert statuses[-1] == 429
