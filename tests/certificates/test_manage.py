"""The personnel office's ledger pages: claims, group training, targets, certificate ZIPs;
and the learner's claim form and record PDF."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.certificates.models import AnnualTarget, CreditEntry, HoursClaim
from lms.core.time import today_local
from tests.conftest import csrf_token, post

PDF = b"%PDF-1.4\n% evidence\n"


def _claim(client, **overrides):
    data = {
        "title": "省网络学院专题课",
        "provider": "省干部网络学院",
        "hours": "6",
        "occurred_on": today_local().isoformat(),
        "note": "见截图",
        "csrf_token": csrf_token(client),
    }
    data.update(overrides)
    return client.post("/me/claims/new", data=data, content_type="multipart/form-data")


def test_a_claim_with_evidence_is_approved_into_the_ledger(as_user, org, session, app):
    learner = as_user("learner")
    response = _claim(learner, evidence=(io.BytesIO(PDF), "证明.pdf"))
    assert response.status_code == 302
    claim = session.scalar(select(HoursClaim))
    assert claim.status == "pending" and claim.evidence_name == "证明.pdf"
    assert "待审核" in learner.get("/me/record").get_data(as_text=True)
    manager = as_user("manager")
    assert "省网络学院专题课" in manager.get("/manage/claims").get_data(as_text=True)
    assert manager.get(f"/manage/claims/{claim.id}/evidence").data == PDF
    assert as_user("manager2").get(f"/manage/claims/{claim.id}").status_code == 404
    response = post(manager, f"/manage/claims/{claim.id}", {"decision": "approve"})
    assert response.status_code == 302
    entry = session.scalar(select(CreditEntry))
    assert (entry.category, entry.hours) == ("external", Decimal(6))
    again = post(manager, f"/manage/claims/{claim.id}", {"decision": "reject", "reason": "x"})
    assert again.status_code == 409


def test_rejecting_needs_a_reason(as_user, org, session):
    _claim(as_user("learner"))
    claim = session.scalar(select(HoursClaim))
    manager = as_user("manager")
    response = post(manager, f"/manage/claims/{claim.id}", {"decision": "reject"})
    assert response.status_code == 400 and "请填写驳回理由" in response.get_data(as_text=True)
    post(manager, f"/manage/claims/{claim.id}", {"decision": "reject", "reason": "证明不清晰"})
    session.expire_all()
    assert session.get(HoursClaim, claim.id).status == "rejected"
    assert session.scalar(select(func.count()).select_from(CreditEntry)) == 0


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"hours": "-2"}, "大于 0"),
        ({"hours": "0"}, "大于 0"),
        ({"hours": "300"}, "不超过 200"),
        ({"hours": "1.25"}, "一位小数"),
        ({"occurred_on": "2999-01-01"}, "晚于今天"),
        ({"evidence": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "virus.exe")}, "PDF、PNG 或 JPEG"),
        ({"evidence": (io.BytesIO(b"%PDF" + b"0" * (5 * 1024 * 1024 + 10)), "big.pdf")}, "5 MB"),
    ],
)
def test_bad_claims_are_refused_and_nothing_is_stored(
    as_user, org, session, app, overrides, message
):
    response = _claim(as_user("learner"), **overrides)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(HoursClaim)) == 0


def test_group_training_for_people_by_username_or_employee_number(as_user, org, session):
    session.get(type(org.villager), org.villager.id).employee_no = "E777"
    session.commit()
    manager = as_user("manager")
    data = {
        "title": "乡村振兴专题培训",
        "provider": "县委党校",
        "hours": "8",
        "occurred_on": (today_local() - timedelta(days=3)).isoformat(),
    }
    unknown = post(manager, "/manage/offline", {**data, "people": "learner\nlearner_b"})
    assert unknown.status_code == 400 and "learner_b" in unknown.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(CreditEntry)) == 0
    response = post(manager, "/manage/offline", {**data, "people": "learner\nE777\n"})
    assert response.status_code == 302
    assert session.scalar(select(func.sum(CreditEntry.hours))) == Decimal(16)


def test_targets_are_set_in_scope_and_shown_in_the_record(as_user, org, session):
    manager = as_user("manager")
    outside = post(manager, "/manage/targets", {"unit_code": "P-B", "total_hours": "100"})
    assert outside.status_code == 400
    response = post(
        manager,
        "/manage/targets",
        {
            "unit_code": "P-A",
            "total_hours": "120",
            "online_hours": "70",
            "rank": "",
            "staff_type": "",
        },
    )
    assert response.status_code == 302
    assert session.scalar(select(AnnualTarget.total_hours)) == Decimal(120)
    record = as_user("learner").get("/me/record").get_data(as_text=True)
    assert "120" in record and "70" in record
    assert "P-A" not in as_user("manager2").get("/manage/targets").get_data(as_text=True)


def test_certificate_zip_streams_a_units_certificates(as_user, certificate, session):
    manager = as_user("manager")
    response = manager.get(f"/manage/certificates.zip?unit=P-A&from={today_local().year}-01-01")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    assert len(names) == 1 and certificate.serial in names[0]
    assert archive.read(names[0]).startswith(b"%PDF")
    assert as_user("manager2").get("/manage/certificates.zip?unit=P-A").status_code == 404
    empty = manager.get("/manage/certificates.zip?unit=P-A-1&from=2001-01-01&to=2001-12-31")
    assert zipfile.ZipFile(io.BytesIO(empty.get_data())).namelist() == []
    assert manager.get("/manage/certificates.zip?unit=P-A&from=yesterday").status_code == 400


def test_the_record_downloads_as_a_pdf(as_user, certificate):
    from pypdf import PdfReader

    response = as_user("learner").get("/me/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(
        PdfReader(io.BytesIO(response.data)).pages[0].extract_text().replace("\x00", "").split()
    )
    assert "李明" in text and "样例课程：窗口服务基本功" in text and "2.5" in text
