"""Languages: Chinese (zh_Hans) by default, English second; the choice is kept per person."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, session
from flask_babel import get_locale
from flask_login import current_user

from lms.extensions import babel

#: locale code -> name shown in the language switch (in its own language)
LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def select_locale() -> str:
    """The session's choice, then the person's saved choice, then the site default."""
    if not has_request_context():  # command line: the site default
        return current_app.config["LMS_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in LANGUAGES:
        return chosen
    saved = getattr(current_user, "locale", None) if current_user else None
    if saved in LANGUAGES:
        return saved
    return current_app.config["LMS_DEFAULT_LOCALE"]


def html_lang() -> str:
    """The value for ``<html lang>``: zh-Hans or en."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh-Hans"


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {"LANGUAGES": LANGUAGES, "html_lang": html_lang}
