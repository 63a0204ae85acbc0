"""Administrators' forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField


class RosterForm(FlaskForm):
    file = FileField(
        _l("Roster file (.csv or .xlsx)"), validators=[FileRequired(_l("Choose the roster file."))]
    )
    initial_password = PasswordField(_l("Initial password for new people"))
