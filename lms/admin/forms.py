"""Administrators' forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length


class RosterForm(FlaskForm):
    file = FileField(
        _l("Roster file (.csv or .xlsx)"), validators=[FileRequired(_l("Choose the roster file."))]
    )
    initial_password = PasswordField(_l("Initial password for new people"))


class UnitForm(FlaskForm):
    code = StringField(
        _l("Unit code"), validators=[DataRequired(_l("Give the unit code.")), Length(max=64)]
    )
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the name.")), Length(max=120)])
    kind = SelectField(_l("Kind"), validate_choice=False)
    parent_code = StringField(_l("Parent unit code (empty: a top-level unit)"))


class MoveForm(FlaskForm):
    parent_code = StringField(
        _l("New parent unit code"), validators=[DataRequired(_l("Give the unit code."))]
    )


class PersonForm(FlaskForm):
    username = StringField(
        _l("Username"), validators=[DataRequired(_l("Enter a username.")), Length(max=64)]
    )
    display_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the name.")), Length(max=64)]
    )
    employee_no = StringField(_l("Employee number"), validators=[Length(max=32)])
    email = StringField(_l("E-mail"), validators=[Length(max=254)])
    unit_code = StringField(_l("Unit code"), validators=[DataRequired(_l("Give the unit code."))])
    role = SelectField(_l("Role"), validate_choice=False)
    rank = StringField(_l("Rank"), validators=[Length(max=32)])
    staff_type = SelectField(_l("Staff type"), validate_choice=False)
    scope_unit_code = StringField(
        _l("Managers: the unit whose subtree they see (empty: their own unit)")
    )
    is_active = BooleanField(_l("Active"), default=True)
