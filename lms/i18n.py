"""Languages: Chinese (zh_Hans) by default, English second; the choice is kept per person."""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, has_request_context, session
from flask_babel import get_locale, get_translations
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


def request_translations() -> Translations | NullTranslations:
    """The current request's catalogue, looked up once per request (templates call it often)."""
    try:
        return g._lms_translations  # type: ignore[no-any-return]
    except AttributeError:
        translations = get_translations()
        g._lms_translations = translations
        return translations


def translate(message: str) -> str:
    """gettext for a message id kept as plain text (see ``N_``)."""
    return request_translations().ugettext(message)


def N_(message: str) -> str:  # noqa: N802 - the conventional name for "mark for extraction"
    """Mark ``message`` for extraction without translating it now (pybabel ``-k N_``)."""
    return message


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=select_locale)
    # Same behaviour as Flask-Babel's template callables, with the catalogue fetched once per
    # request instead of through several context lookups per string.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {"LANGUAGES": LANGUAGES, "html_lang": html_lang}
