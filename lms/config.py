"""Configuration read from the environment (DESIGN §4), with explicit overrides for tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says what to set."""


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config dict from environment variables and ``overrides``."""
    env = os.environ
    overrides = dict(overrides or {})
    debug = overrides.get("DEBUG", _flag(env.get("LMS_DEBUG") or env.get("FLASK_DEBUG")))
    testing = overrides.get("TESTING", False)
    default_db = "sqlite:///" + str(Path(instance_path) / "lms.db")
    config: dict[str, Any] = {
        "DEBUG": debug,
        "TESTING": testing,
        "SECRET_KEY": env.get("SECRET_KEY"),
        "DATABASE_URL": env.get("DATABASE_URL") or default_db,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LMS_LOGIN_RATE_LIMIT": env.get("LMS_LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "LMS_BASE_URL": env.get("LMS_BASE_URL", "http://127.0.0.1:5000"),
        "LMS_DEFAULT_LOCALE": env.get("LMS_DEFAULT_LOCALE", "zh_Hans_CN"),
        "LMS_CERT_FONT": env.get("LMS_CERT_FONT"),
        "LMS_COURSES_DIR": env.get("LMS_COURSES_DIR"),
        "LMS_PAGE_SIZE": 20,
        # evidence files are at most 5 MB; the rest is room for the form around them
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
        "LMS_ONLINE_HOURS_FACTOR": env.get("LMS_ONLINE_HOURS_FACTOR", "1"),
        "LMS_ONLINE_HOURS_CAP": env.get("LMS_ONLINE_HOURS_CAP") or None,
        "LMS_TARGET_TOTAL_HOURS": env.get("LMS_TARGET_TOTAL_HOURS", "90"),
        "LMS_TARGET_ONLINE_HOURS": env.get("LMS_TARGET_ONLINE_HOURS", "50"),
        "LMS_SIGNING_KEY": env.get("LMS_SIGNING_KEY"),
        "LMS_API_RATE_LIMIT": env.get("LMS_API_RATE_LIMIT", "120 per minute"),
        "BABEL_DEFAULT_LOCALE": env.get("LMS_DEFAULT_LOCALE", "zh_Hans_CN"),
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "BABEL_TRANSLATION_DIRECTORIES": "translations",
        # werkzeug's scrypt is deliberately slow; tests override it with a cheap method.
        "PASSWORD_HASH_METHOD": env.get("LMS_PASSWORD_HASH_METHOD", "scrypt"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag(env.get("SESSION_COOKIE_SECURE"), default=not debug),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag(env.get("SESSION_COOKIE_SECURE"), default=not debug),
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        # A sign-in lasts a working day from when it started; not re-sending the cookie on
        # every response saves bytes on slow links and signing work on the server.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "LMS_PROXY_FIX": _flag(env.get("LMS_PROXY_FIX")),
        "SQL_ECHO": _flag(env.get("LMS_SQL_ECHO")),
    }
    config.update(overrides)
    if not config["SECRET_KEY"]:
        if config["DEBUG"] or config["TESTING"]:
            config["SECRET_KEY"] = "dev-only-secret-key-not-for-production"
        else:
            raise ConfigError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
                "string (e.g. python -c 'import secrets; print(secrets.token_hex(32))'), "
                "or run with LMS_DEBUG=1 for local development."
            )
    url = config["DATABASE_URL"]
    # Accept the common postgres:// spelling and default to psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    config["DATABASE_URL"] = url
    return config
