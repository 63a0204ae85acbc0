"""Forms of the personnel office's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

_HOURS = NumberRange(min=0, max=500, message=_l("Hours must be between 0 and 500."))


class TargetForm(FlaskForm):
    unit_code = StringField(_l("Unit code"), validators=[DataRequired(_l("Give the unit code."))])
    year = IntegerField(
        _l("Year (empty: every year)"), validators=[Optional(), NumberRange(min=2000, max=2100)]
    )
    rank = SelectField(_l("Rank"), validate_choice=False)
    staff_type = SelectField(_l("Staff type"), validate_choice=False)
    total_hours = DecimalField(
        _l("Total hours"), places=1, validators=[InputRequired(_l("Give the total hours.")), _HOURS]
    )
    online_hours = DecimalField(_l("Online hours"), places=1, validators=[Optional(), _HOURS])
    offline_hours = DecimalField(
        _l("Group training hours"), places=1, validators=[Optional(), _HOURS]
    )


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name (what the token is for)"),
        validators=[DataRequired(_l("Give the token a name.")), Length(max=100)],
    )


class AssignmentForm(FlaskForm):
    course = SelectField(_l("Course"), coerce=int, validate_choice=False)
    unit_code = StringField(_l("Unit code (everyone in the unit and below)"))
    people = TextAreaField(
        _l("…or people: one username or employee number per line"), validators=[Length(max=200_000)]
    )
    year = IntegerField(
        _l("Year"),
        validators=[InputRequired(_l("Give the year.")), NumberRange(min=2000, max=2100)],
    )
    due_date = DateField(_l("Due date"), validators=[InputRequired(_l("Give the due date."))])
