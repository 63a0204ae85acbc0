"""Turning submitted form fields and JSON into responses the operations accept."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from lms.core.errors import Invalid


def response_from_form(kind: str, form: MultiDict[str, str], name: str) -> Any:
    """Read one item's answer from a plain (no-JavaScript) form post."""
    if kind == "multiple":
        return [_as_int(v) for v in form.getlist(name)]
    value = form.get(name)
    if value is None:
        return None
    if kind == "single":
        return [_as_int(value)] if value else None
    if kind == "true_false":
        return {"true": True, "false": False}.get(value) if value else None
    return value


def _as_int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(_("That choice does not belong to this question.")) from None
