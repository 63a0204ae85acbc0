"""Township Academy: the application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from lms import db
from lms.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Create the app; ``overrides`` win over the environment (used by tests)."""
    instance_path = (overrides or {}).get("INSTANCE_PATH") or os.environ.get(
        "LMS_INSTANCE_PATH", str(ROOT / "instance")
    )
    app = Flask(
        __name__,
        instance_path=instance_path,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    app.config.update(load_config(app.instance_path, overrides))
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["LMS_PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    db.init_app(app)
    _init_extensions(app)
    _register_blueprints(app)

    from lms import errors, web

    errors.init_app(app)
    web.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from lms import i18n
    from lms.accounts.auth import init_login
    from lms.extensions import csrf, limiter

    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    init_login(app)


def _register_blueprints(app: Flask) -> None:
    # Importing a feature's views attaches its routes to the feature's blueprint.
    import lms.reports.tracking  # noqa: F401 - keeps derived data current on every flush
    from lms.accounts import bp as accounts_bp
    from lms.accounts import views as _accounts_views  # noqa: F401
    from lms.admin import bp as admin_bp
    from lms.admin import views as _admin_views  # noqa: F401
    from lms.api import bp as api_bp
    from lms.api import views as _api_views  # noqa: F401
    from lms.attempts import bp as attempts_bp
    from lms.attempts import views as _attempts_views  # noqa: F401
    from lms.certificates import bp as certificates_bp
    from lms.certificates import views as _certificates_views  # noqa: F401
    from lms.courses import bp as courses_bp
    from lms.courses import views as _courses_views  # noqa: F401
    from lms.grading import bp as grading_bp
    from lms.grading import views as _grading_views  # noqa: F401
    from lms.learning import bp as learning_bp
    from lms.learning import views as _learning_views  # noqa: F401
    from lms.manage import bp as manage_bp
    from lms.manage import class_views as _class_views  # noqa: F401
    from lms.manage import ledger_views as _ledger_views  # noqa: F401
    from lms.manage import people_views as _people_views  # noqa: F401
    from lms.manage import views as _manage_views  # noqa: F401

    app.register_blueprint(accounts_bp)
    app.register_blueprint(learning_bp)
    app.register_blueprint(courses_bp)
    app.register_blueprint(attempts_bp)
    app.register_blueprint(grading_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(api_bp)
