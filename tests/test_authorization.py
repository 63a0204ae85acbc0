"""The authorization matrix: every route declares an access rule, and every role gets the
right answer on every route. A new route fails this test until it is added to MATRIX."""

from __future__ import annotations

from pathlib import Path

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


def owner_only(status, others=404):
    """Routes on the learner's own attempt: everyone else gets 'not found'."""
    return {
        "anonymous": 302,
        "learner": status,
        "trainer": others,
        "manager": others,
        "admin": others,
    }


def holder_and_managers(status):
    return {"anonymous": 302, "learner": status, "trainer": 404, "manager": status, "admin": status}


def admins_only(status):
    return {"anonymous": 302, "learner": 403, "trainer": 403, "manager": 403, "admin": status}


def managers(status):
    """Personnel office routes; the learner's county is "manager"'s scope."""
    return {"anonymous": 302, "learner": 403, "trainer": 403, "manager": status, "admin": status}


def graders(status):
    """Trainer routes (the trainer owns the sample course) — admins too."""
    return {"anonymous": 302, "learner": 403, "trainer": status, "manager": 403, "admin": status}


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
    "attempts.quiz": [
        ("GET", "/quizzes/{quiz}", signed_in(200)),
        (
            "GET",
            "/quizzes/{draft_quiz}",
            {"anonymous": 302, "learner": 404, "trainer": 200, "manager": 404, "admin": 200},
        ),
    ],
    "attempts.start": [
        (
            "POST",
            "/quizzes/{draft_quiz}/start",
            {"anonymous": 302, "learner": 404, "trainer": 403, "manager": 404, "admin": 403},
        ),
        ("POST", "/quizzes/{quiz}/start", signed_in(302)),
    ],
    # in this order: the attempt page, saving, submitting, then the review
    "attempts.attempt": [("GET", "/attempts/{attempt}", owner_only(200))],
    "attempts.save": [("POST", "/attempts/{attempt}/answers", owner_only(400))],
    "attempts.submit": [("POST", "/attempts/{attempt}/submit", owner_only(302))],
    "attempts.review": [("GET", "/attempts/{attempt}/review", owner_only(200))],
    "grading.queue": [("GET", "/grading/", graders(200))],
    "grading.grade": [("GET", "/grading/items/{item}", graders(200))],
    "grading.questions": [("GET", "/grading/courses/sample-course/questions", graders(200))],
    "grading.correct_key": [("GET", "/grading/questions/{question}/key", graders(200))],
    "certificates.verify_form": [("GET", "/verify", everyone(200))],
    "certificates.verify": [("GET", "/verify/{serial}", everyone(200))],
    "certificates.credential": [("GET", "/verify/{serial}.jwt", everyone(200))],
    "certificates.jwks": [("GET", "/.well-known/jwks.json", everyone(200))],
    # the learner holds the certificate; "manager" manages the learner's county
    "certificates.detail": [("GET", "/certificates/{serial}", holder_and_managers(200))],
    "certificates.certificate_pdf": [
        ("GET", "/certificates/{serial}.pdf", holder_and_managers(200))
    ],
    "certificates.revoke": [
        # without a reason: the form is refused, nothing is revoked
        (
            "POST",
            "/certificates/{serial}/revoke",
            {"anonymous": 302, "learner": 403, "trainer": 404, "manager": 400, "admin": 400},
        )
    ],
    "certificates.record": [("GET", "/me/record", signed_in(200))],
    "certificates.record_pdf": [("GET", "/me/record.pdf", signed_in(200))],
    "certificates.new_claim": [("GET", "/me/claims/new", signed_in(200))],
    "admin.audit": [
        (
            "GET",
            "/admin/audit?action=auth",
            {"anonymous": 302, "learner": 403, "trainer": 403, "manager": 403, "admin": 200},
        )
    ],
    "admin.import_people": [
        (
            "GET",
            "/admin/people/import",
            {"anonymous": 302, "learner": 403, "trainer": 403, "manager": 403, "admin": 200},
        )
    ],
    "admin.units": [("GET", "/admin/units", admins_only(200))],
    "admin.move": [("GET", "/admin/units/P-A-1/move", admins_only(200))],
    "admin.people": [("GET", "/admin/people?q=learn", admins_only(200))],
    "admin.person": [
        ("GET", "/admin/people/new", admins_only(200)),
        ("GET", "/admin/people/{learner}", admins_only(200)),
    ],
    # the feed answers bearer tokens only: a browser session gets 401 whatever its role
    "api.people": [("GET", "/api/v1/people", everyone(401))],
    "api.record": [("GET", "/api/v1/people/E001/record", everyone(401))],
    "api.certificates": [("GET", "/api/v1/certificates", everyone(401))],
    "api.unit_summary": [("GET", "/api/v1/units/P-A/summary", everyone(401))],
    "api.openapi": [("GET", "/api/v1/openapi.json", everyone(200))],
    "manage.tokens": [("GET", "/manage/tokens", managers(200))],
    "manage.revoke_token": [("POST", "/manage/tokens/{token}/revoke", managers(302))],
    "manage.index": [("GET", "/manage/", managers(200))],
    "manage.assignments": [("GET", "/manage/assignments", managers(200))],
    "manage.classes": [("GET", "/manage/classes", managers(200))],
    "manage.class_progress": [("GET", "/manage/classes/{klass}", managers(200))],
    "manage.people": [("GET", "/manage/people?status=behind", managers(200))],
    "manage.export_people": [("GET", "/manage/people.csv", managers(200))],
    "manage.person": [("GET", "/manage/people/{learner}", managers(200))],
    "manage.assignment": [("GET", "/manage/assignments/{assignment}", managers(200))],
    "manage.claims": [("GET", "/manage/claims", managers(200))],
    "manage.claim": [("GET", "/manage/claims/{claim}", managers(200))],
    "manage.evidence": [("GET", "/manage/claims/{claim}/evidence", managers(200))],
    "manage.offline": [("GET", "/manage/offline", managers(200))],
    "manage.targets": [("GET", "/manage/targets", managers(200))],
    "manage.delete_target": [("POST", "/manage/targets/{target}/delete", managers(302))],
    "manage.certificates_zip": [("GET", "/manage/certificates.zip?unit=P-A", managers(200))],
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
def courses(app, import_package, org, session, tmp_path):
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
    return _attempts(session, org, app.app_context, app.instance_path)


def _attempts(session, org, app_context, app_instance):
    """An open module-quiz attempt and a submitted exam with an essay, both the learner's."""
    import random

    from sqlalchemy import select

    from lms.accounts.models import Person
    from lms.assessment.models import Question, Quiz
    from lms.attempts.models import AttemptItem
    from lms.attempts.operations import start_attempt, submit_attempt

    sample = session.query(Course).filter_by(code="sample-course").one()
    draft = session.query(Course).filter_by(code="draft-course").one()
    module_quiz = session.scalar(
        select(Quiz).where(Quiz.course_id == sample.id, Quiz.module_id.is_not(None))
    )
    final = session.scalar(
        select(Quiz).where(Quiz.course_id == sample.id, Quiz.module_id.is_(None))
    )
    draft_quiz = session.scalar(select(Quiz.id).where(Quiz.course_id == draft.id))
    learner = session.get(Person, org.learner.id)
    open_attempt = start_attempt(session, learner, module_quiz, rng=random.Random(1))
    for seed in range(100):
        exam = start_attempt(session, learner, final, rng=random.Random(seed))
        manual = session.scalar(
            select(AttemptItem.id).where(
                AttemptItem.attempt_id == exam.id, AttemptItem.needs_manual.is_(True)
            )
        )
        if manual:
            break
        session.delete(exam)
        session.flush()
    submit_attempt(session, exam)
    session.commit()
    from lms.certificates.operations import issue_certificate
    from lms.db import utcnow

    with app_context():
        certificate = issue_certificate(session, learner, sample, completed_at=utcnow())
        session.commit()
    from datetime import date
    from decimal import Decimal

    from lms.certificates.models import AnnualTarget, HoursClaim

    claim = HoursClaim(
        person_id=learner.id,
        title="外部培训",
        provider="省网院",
        hours=Decimal(3),
        occurred_on=date(2026, 1, 5),
        evidence_file="x.pdf",
        evidence_name="x.pdf",
    )
    target = AnnualTarget(unit_id=org.county_a.id, total_hours=Decimal(100))
    from lms.api.models import ApiToken

    token = ApiToken(name="t", token_hash="0" * 64, prefix="lms_x", owner_id=org.manager.id)
    from lms.learning.models import Assignment

    assignment = Assignment(
        course_id=sample.id, unit_id=org.county_a.id, year=2026, due_date=date(2026, 12, 31)
    )
    from lms.classes.models import ThematicClass

    klass = ThematicClass(
        code="k",
        title="专题班",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        required_hours=Decimal(10),
        created_by_id=org.manager.id,
    )
    session.add_all([claim, target, token, assignment, klass])
    session.commit()
    uploads = Path(app_instance) / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "x.pdf").write_bytes(b"%PDF-1.4")
    question = session.scalar(
        select(Question.id).where(Question.course_id == sample.id, Question.key == "s-001")
    )
    return {
        "attempt": open_attempt.id,
        "item": manual,
        "question": question,
        "quiz": module_quiz.id,
        "draft_quiz": draft_quiz,
        "serial": certificate.serial,
        "claim": claim.id,
        "target": target.id,
        "token": token.id,
        "assignment": assignment.id,
        "learner": learner.id,
        "klass": klass.id,
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_right_answer_on_every_route(app, courses, role):
    failures = []
    for cases in MATRIX.values():
        for method, template, expected in cases:
            url = template.format(**courses)
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
