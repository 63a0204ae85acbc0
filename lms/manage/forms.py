"""Forms of the personnel office's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from lms.grading.forms import MultiCheckboxField

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


class ClassForm(FlaskForm):
    code = StringField(
        _l("Class code"), validators=[DataRequired(_l("Give the class code.")), Length(max=60)]
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the title.")), Length(max=200)]
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)])
    starts_on = DateField(_l("Starts on"), validators=[InputRequired(_l("Give the date."))])
    ends_on = DateField(_l("Ends on"), validators=[InputRequired(_l("Give the date."))])
    required_hours = DecimalField(
        _l("Required hours"), places=1, validators=[InputRequired(_l("Give the number of hours."))]
    )
    courses = MultiCheckboxField(_l("Courses"), coerce=int, validate_choice=False)
    unit_codes = TextAreaField(
        _l("Units: one unit code per line (everyone below them)"), validators=[Length(max=20_000)]
    )
    people = TextAreaField(
        _l("…and/or people: one username or employee number per line"),
        validators=[Length(max=200_000)],
    )
