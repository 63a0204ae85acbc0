"""The authorization matrix: every route declares an access rule, and every role gets the
right answer on every route. A new route fails this test until it is added to MATRIX."""

from __future__ import annotations

import pytest

from lms.courses.models import Course
from tests.conftest import csrf_token

ROLES = ("anonymous", "learner", "trainer", "manager", "admin")
USERS = {
    "anonymous": None,
    "learner": "learner",
    "trainer": "trainer",
    "manager": "manager",
    "admin": "admin",
}


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status, anonymous=302):
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], status)}


#: endpoint -> list of (method, url, {role: status}); "draft" cases run on an unpublished course
MATRIX = {
    "index": [("GET", "/", everyone(302))],
    "static": [("GET", "/static/css/app.css", everyone(200))],
    "accounts.login": [("GET", "/login", {**signed_in(302), "anonymous": 200})],
    "accounts.logout": [("POST", "/logout", everyone(302))],
    "accounts.change_password": [("GET", "/password", signed_in(200))],
    "accounts.set_language": [("POST", "/language/en", everyone(302))],
    "learning.home": [("GET", "/learn/", signed_in(200))],
    "courses.catalogue": [("GET", "/courses/", signed_in(200))],
    "courses.course": [
        ("GET", "/courses/sample-course", signed_in(200)),
        (
            "GET",
            "/courses/draft-course",
            {"anonymous": 302, "learner": 404, "trainer": 200, "manager": 404, "admin": 200},
        ),
    ],
    "courses.enroll": [
        ("POST", "/courses/sample-course/enroll", signed_in(302)),
        # the owner may preview a draft but nobody can enrol in it
        (
            "POST",
            "/courses/draft-course/enroll",
            {"anonymous": 302, "learner": 404, "trainer": 400, "manager": 404, "admin": 400},
        ),
    ],
    "learning.lesson": [
        ("GET", "/courses/sample-course/lessons/01-greeting", signed_in(200)),
        (
            "GET",
            "/courses/draft-course/lessons/01-greeting",
            {"anonymous": 302, "learner": 404, "trainer": 200, "manager": 404, "admin": 200},
        ),
    ],
    "learning.complete": [
        ("POST", "/courses/sample-course/lessons/01-greeting/complete", signed_in(302)),
        (
            "POST",
            "/courses/draft-course/lessons/01-greeting/complete",
            {"anonymous": 302, "learner": 404, "trainer": 400, "manager": 404, "admin": 400},
        ),
    ],
}


def test_every_route_declares_an_access_rule_and_is_in_the_matrix(app):
    missing_rule, missing_matrix = [], []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_rule", None) is None:
            missing_rule.append(rule.endpoint)
        if rule.endpoint not in MATRIX:
            missing_matrix.append(rule.endpoint)
    assert missing_rule == [], "routes without @public/@login_required/@role_required"
    assert missing_matrix == [], "routes missing from the authorization matrix"


def test_declared_rules_agree_with_the_matrix(app):
    """A route's declared rule must allow exactly the roles the matrix lets through."""
    for endpoint, cases in MATRIX.items():
        rule = app.view_functions[endpoint].access_rule
        _method, _url, expected = cases[0]
        for role in ROLES:
            allowed = rule.allows(None if role == "anonymous" else role)
            if not allowed:
                assert expected[role] in (302, 401, 403, 404), (endpoint, role)


@pytest.fixture
def courses(import_package, org, session, tmp_path):
    import shutil

    from tests.conftest import SAMPLE_PACKAGE

    shutil.copytree(SAMPLE_PACKAGE, tmp_path / "draft-course")
    text = (tmp_path / "draft-course" / "course.yaml").read_text(encoding="utf-8")
    (tmp_path / "draft-course" / "course.yaml").write_text(
        text.replace("code: sample-course", "code: draft-course").replace(
            "status: published", "status: draft"
        ),
        encoding="utf-8",
    )
    import_package(SAMPLE_PACKAGE)
    import_package(tmp_path / "draft-course")
    assert session.query(Course).filter_by(code="draft-course").one().status == "draft"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_right_answer_on_every_route(app, courses, role):
    failures = []
    for cases in MATRIX.values():
        for method, url, expected in cases:
            client = app.test_client()
            if USERS[role]:
                token = csrf_token(client)
                client.post(
                    "/login",
                    data={
                        "username": USERS[role],
                        "password": "Test-pass-2026",
                        "csrf_token": token,
                    },
                )
            if method == "GET":
                status = client.get(url).status_code
            else:
                status = client.post(url, data={"csrf_token": csrf_token(client)}).status_code
            if status != expected[role]:
                failures.append(f"{method} {url} as {role}: {status}, expected {expected[role]}")
    assert failures == []
