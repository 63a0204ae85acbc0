"""Signing in and out, disabled accounts, throttling, forced password change, CSRF."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms import create_app
from lms.accounts.models import Person
from lms.audit.models import AuditEvent
from tests.conftest import PASSWORD, csrf_token, login, post


def test_login_with_right_password_goes_to_learner_home(client, org, session):
    response = login(client, "learner")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/learn/")
    page = client.get("/learn/").get_data(as_text=True)
    assert "我的学习" in page and "李明" in page
    events = session.scalars(select(AuditEvent.action)).all()
    assert events == ["auth.login"]


@pytest.mark.parametrize(
    "username,password", [("learner", "wrong-password-1"), ("nobody", PASSWORD)]
)
def test_wrong_password_and_unknown_user_get_the_same_message(client, org, username, password):
    response = login(client, username, password)
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.get_data(as_text=True)
    assert client.get("/learn/").status_code == 302


def test_disabled_account_is_refused_with_a_clear_message(client, org, session):
    person = session.get(Person, org.learner.id)
    person.is_active = False
    session.commit()
    response = login(client, "learner")
    assert response.status_code == 403
    assert "该账号已停用" in response.get_data(as_text=True)
    assert client.get("/learn/").status_code == 302


def test_disabling_an_account_ends_its_open_sessions(client, org, session):
    login(client, "learner")
    assert client.get("/learn/").status_code == 200
    session.get(Person, org.learner.id).is_active = False
    session.commit()
    assert client.get("/learn/").status_code == 302


def test_empty_form_is_rejected_with_field_errors(client, org):
    response = client.post("/login", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "请输入用户名" in text and "请输入密码" in text


def test_login_without_csrf_token_is_refused_in_chinese(client, org):
    response = client.post("/login", data={"username": "learner", "password": PASSWORD})
    assert response.status_code == 400
    assert "表单已失效" in response.get_data(as_text=True)
    assert client.get("/learn/").status_code == 302


def test_logout_requires_post_and_ends_the_session(client, org):
    login(client, "learner")
    assert client.get("/logout").status_code == 405
    response = post(client, "/logout")
    assert response.status_code == 302
    assert client.get("/learn/").status_code == 302


def test_open_redirect_after_login_is_refused(client, org):
    token = csrf_token(client)
    response = client.post(
        "/login?next=//evil.example.org/x",
        data={"username": "learner", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/learn/"
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    token = csrf_token(client)
    response = client.post(
        "/login?next=/courses/",
        data={"username": "learner", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/courses/"


def test_session_cookie_is_http_only_and_same_site(client, org):
    response = login(client, "learner")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookies_are_the_default_outside_debug(monkeypatch, tmp_path):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    app = create_app(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_missing_secret_key_outside_debug_is_a_clear_error(monkeypatch, tmp_path):
    from lms.config import ConfigError

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("LMS_DEBUG", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "INSTANCE_PATH": str(tmp_path)})


def test_login_is_throttled_with_a_chinese_message(app, client, org):
    app.config["LMS_LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [login(client, "learner", "wrong-password-1").status_code for _ in range(4)]
        assert statuses[:3] == [401, 401, 401]
        assert statuses[3] == 429
        response = login(client, "learner")  # even the right password waits
        assert response.status_code == 429
        assert "尝试次数过多" in response.get_data(as_text=True)
    finally:
        app.config["LMS_LOGIN_RATE_LIMIT"] = "1000 per minute"


def _change(client, current, new, confirm):
    return post(
        client, "/password", {"current_password": current, "new_password": new, "confirm": confirm}
    )


class TestForcedPasswordChange:
    @pytest.fixture
    def imported(self, org, session):
        person = session.get(Person, org.learner.id)
        person.must_change_password = True
        session.commit()
        return person

    def test_every_page_leads_to_the_password_form(self, client, imported):
        login(client, "learner")
        response = client.get("/courses/")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/password")
        assert "请先设置您自己的密码" in client.get("/password").get_data(as_text=True)

    def test_a_weak_new_password_is_refused_and_nothing_changes(self, client, imported, session):
        login(client, "learner")
        response = post(
            client,
            "/password",
            {"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
        )
        assert response.status_code == 400
        assert "至少需要 10 个字符" in response.get_data(as_text=True)
        session.expire_all()
        assert session.get(Person, imported.id).must_change_password is True

    def test_mismatched_confirmation_is_refused(self, client, imported):
        login(client, "learner")
        response = _change(client, PASSWORD, "New-pass-2026x", "New-pass-2026y")
        assert response.status_code == 400
        assert "两次输入的新密码不一致" in response.get_data(as_text=True)

    def test_wrong_current_password_is_refused(self, client, imported):
        login(client, "learner")
        response = _change(client, "not-it-12345", "New-pass-2026x", "New-pass-2026x")
        assert response.status_code == 400
        assert "当前密码不正确" in response.get_data(as_text=True)

    def test_changing_the_password_frees_the_account_and_ends_other_sessions(
        self, app, client, imported, session
    ):
        other = app.test_client()
        login(other, "learner")
        login(client, "learner")
        response = _change(client, PASSWORD, "New-pass-2026x", "New-pass-2026x")
        assert response.status_code == 302
        assert client.get("/courses/").status_code == 200
        assert other.get("/password").status_code == 302  # the other session has ended
        session.expire_all()
        assert session.get(Person, imported.id).must_change_password is False
        fresh = app.test_client()
        assert login(fresh, "learner", "New-pass-2026x").status_code == 302
