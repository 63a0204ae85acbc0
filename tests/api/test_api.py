"""The personnel data feed: tokens, scope, pagination, incremental sync, errors, OpenAPI."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from sqlalchemy import func, select

from lms import db
from lms.accounts.models import Person
from lms.api.models import ApiToken
from lms.api.tokens import create_token
from lms.audit.models import AuditEvent
from lms.cli import main
from tests.conftest import post


@pytest.fixture
def staff(org, session):
    for number, name in enumerate(("learner", "villager", "learner_b", "manager"), 1):
        session.scalar(select(Person).where(Person.username == name)).employee_no = f"E{number:03d}"
    session.commit()
    return org


def _token(app, username: str) -> str:
    with app.app_context():
        session = db.session()
        person = session.scalar(select(Person).where(Person.username == username))
        _row, token = create_token(session, person, "人事系统同步")
        session.commit()
    return token


def _get(client, url, token):
    return client.get(url, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def schemas(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)  # a valid OpenAPI 3.1 document
    registry = Registry().with_resource("urn:lms", DRAFT202012.create_resource(document))

    def check(instance, name):
        """Validate a real response against the document's schema for it."""
        schema = {"$ref": f"urn:lms#/components/schemas/{name}"}
        Draft202012Validator(schema, registry=registry).validate(instance)

    return check


def test_no_or_bad_token_is_401_json(client, staff):
    for headers in ({}, {"Authorization": "Bearer lms_nope"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/people", headers=headers)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_manager_token_sees_exactly_their_county(app, client, staff, schemas):
    token = _token(app, "manager")
    page = _get(client, "/api/v1/people", token).json
    schemas(page, "PeoplePage")
    assert sorted(p["username"] for p in page["items"]) == ["learner", "manager", "villager"]
    other = _token(app, "manager2")
    assert sorted(p["username"] for p in _get(client, "/api/v1/people", other).json["items"]) == [
        "learner_b",
        "manager2",
    ]
    assert _get(client, "/api/v1/people/E003/record", token).status_code == 404
    assert _get(client, "/api/v1/units/P-B/summary", token).status_code == 404
    record = _get(client, "/api/v1/people/E001/record", token)
    assert record.status_code == 200
    schemas(record.json, "Record")
    summary = _get(client, "/api/v1/units/P-A/summary", token).json
    schemas(summary, "UnitSummary")
    assert summary["people"] == 3 and summary["compliance_rate"] == 0


def test_cursor_pagination_walks_everything_once(app, client, staff):
    token = _token(app, "admin")
    seen, url = [], "/api/v1/people?limit=3"
    while url:
        page = _get(client, url, token).json
        seen.extend(p["username"] for p in page["items"])
        url = (
            f"/api/v1/people?limit=3&cursor={page['next_cursor']}" if page["next_cursor"] else None
        )
    assert len(seen) == len(set(seen)) == 8


@pytest.mark.parametrize(
    "query,code",
    [
        ("limit=501", "bad_limit"),
        ("limit=0", "bad_limit"),
        ("limit=x", "bad_limit"),
        ("cursor=garbage", "bad_cursor"),
        ("updated_since=yesterday", "bad_updated_since"),
        ("year=99", "bad_year"),
    ],
)
def test_bad_parameters_are_400_json(app, client, staff, query, code):
    response = _get(client, f"/api/v1/people?{query}", _token(app, "manager"))
    assert response.status_code == 400 and response.json["error"]["code"] == code


def test_an_expired_cursor_is_refused(app, client, staff, monkeypatch):
    token = _token(app, "admin")
    cursor = _get(client, "/api/v1/people?limit=1", token).json["next_cursor"]
    monkeypatch.setattr("lms.api.auth.CURSOR_MAX_AGE", -1)
    response = _get(client, f"/api/v1/people?limit=1&cursor={cursor}", token)
    assert response.status_code == 400 and response.json["error"]["code"] == "cursor_expired"


def test_updated_since_returns_only_people_whose_record_changed(
    app, client, staff, session, sample_course, schemas
):
    from lms.db import utcnow
    from tests.certificates.conftest import complete_course

    token = _token(app, "manager")
    mark = utcnow()
    since = quote(mark.isoformat())
    assert _get(client, f"/api/v1/people?updated_since={since}", token).json["items"] == []
    from lms.assessment.models import Quiz

    session.execute(Quiz.__table__.delete())
    session.commit()
    complete_course(app, staff.learner.id, sample_course.id)
    changed = _get(client, f"/api/v1/people?updated_since={since}", token).json
    assert [p["username"] for p in changed["items"]] == ["learner"]
    person = changed["items"][0]
    assert person["hours"]["online"] == 2.5 and person["certificates"] == 1
    certificates = _get(client, "/api/v1/certificates", token).json
    schemas(certificates, "CertificatesPage")
    assert certificates["items"][0]["status"] == "valid"
    assert _get(client, "/api/v1/certificates", _token(app, "manager2")).json["items"] == []


def test_revoked_token_is_refused_and_reads_are_audited(app, client, staff, as_user, session):
    manager = as_user("manager")
    page = post(manager, "/manage/tokens", {"name": "人事系统"})
    assert page.status_code == 200
    token = page.get_data(as_text=True).split('token-value">')[1].split("<")[0]
    stored = session.scalar(select(ApiToken))
    assert stored.token_hash != token and token.startswith(stored.prefix)
    assert token not in manager.get("/manage/tokens").get_data(as_text=True)  # shown once
    assert _get(client, "/api/v1/people", token).status_code == 200
    assert (
        session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "api.read")
        )
        == 1
    )
    assert post(as_user("manager2"), f"/manage/tokens/{stored.id}/revoke").status_code == 404
    assert post(manager, f"/manage/tokens/{stored.id}/revoke").status_code == 302
    assert _get(client, "/api/v1/people", token).status_code == 401


def test_lms_tokens_create(app, staff):
    result = CliRunner().invoke(
        main,
        ["tokens", "create", "manager", "--name", "同步"],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("lms_")
    assert (
        app.test_client()
        .get("/api/v1/people", headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 200
    )
    refused = CliRunner().invoke(
        main, ["tokens", "create", "learner", "--name", "x"], obj=ScriptInfo(create_app=lambda: app)
    )
    assert refused.exit_code == 1


def test_the_feed_is_rate_limited(app, client, staff):
    token = _token(app, "manager")
    app.config["LMS_API_RATE_LIMIT"] = "3 per minute"
    try:
        responses = [_get(client, "/api/v1/people", token) for _ in range(4)]
    finally:
        app.config["LMS_API_RATE_LIMIT"] = "120 per minute"
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[-1].json["error"]["code"] == "too_many_requests"
