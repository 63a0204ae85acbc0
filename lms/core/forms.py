"""Form helpers shared by features."""

from __future__ import annotations

from flask import abort
from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button that changes something: it carries only the CSRF token."""

    def validate_or_400(self) -> None:
        # CSRFProtect already refuses a missing/invalid token before the view runs; this
        # keeps the view correct if that global protection is ever switched off.
        if not self.validate_on_submit():
            abort(400)
