"""Sign in, sign out, change password, choose a language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from lms import db
from lms.accounts import bp, operations
from lms.accounts.forms import ChangePasswordForm, LoginForm
from lms.audit.operations import record_event
from lms.core.access import login_required, public
from lms.core.errors import DomainError
from lms.extensions import limiter
from lms.i18n import LANGUAGES


def _login_limit() -> str:
    return current_app.config["LMS_LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths may be redirect targets."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("learning.home")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(
    _login_limit,
    methods=["POST"],
    key_func=lambda: "user:" + request.form.get("username", "").strip().lower(),
)
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("learning.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        sess = db.session()
        result = operations.check_sign_in(sess, form.username.data, form.password.data)
        if result.problem is None and result.person is not None:
            operations.record_sign_in(result.person)
            login_user(result.person)
            session.permanent = True
            record_event(sess, "auth.login", actor_id=result.person.id, ip=request.remote_addr)
            return redirect(_safe_next(request.args.get("next")))
        if result.problem == "disabled":
            form.form_errors.append(
                _("This account has been disabled. Please contact your personnel office.")
            )
            status = 403
        else:
            form.form_errors.append(_("The username or password is not correct."))
            status = 401
    elif form.is_submitted():
        status = 400
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():  # type: ignore[no-untyped-def]
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        person = current_user._get_current_object()
        try:
            operations.change_password(
                person,
                form.current_password.data,
                form.new_password.data,
                method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except DomainError as exc:
            form.form_errors.append(exc.message)
            status = 400
        else:
            record_event(
                db.session(),
                "auth.password_change",
                actor_id=person.id,
                target_type="person",
                target_id=person.id,
                ip=request.remote_addr,
            )
            login_user(person)  # the session token changed: keep this session signed in
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("learning.home"))
    elif form.is_submitted():
        status = 400
    return render_template("accounts/password.html", form=form), status


@bp.route("/language/<code>", methods=["POST"])
@public
def set_language(code: str):  # type: ignore[no-untyped-def]
    if code in LANGUAGES:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
    return redirect(_safe_next(request.form.get("next")))
