"""Flask-Login wiring and the forced-password-change gate."""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from lms import db
from lms.accounts.models import Person
from lms.extensions import login_manager

#: endpoints a person who must change their password may still reach
_ALLOWED_BEFORE_CHANGE = {
    "accounts.change_password",
    "accounts.logout",
    "accounts.set_language",
    "static",
}


@login_manager.user_loader
def load_person(token: str) -> Person | None:
    person = db.session().scalar(select(Person).where(Person.session_token == token))
    return person if person is not None and person.is_active else None


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @app.before_request
    def _force_password_change():  # type: ignore[no-untyped-def]
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and request.endpoint not in _ALLOWED_BEFORE_CHANGE
        ):
            return redirect(url_for("accounts.change_password"))
        return None
