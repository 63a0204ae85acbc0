"""Forms for grading an answer and correcting an answer key."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


class GradeForm(FlaskForm):
    score = DecimalField(
        _l("Score"),
        places=2,
        validators=[
            InputRequired(_l("Enter a score.")),
            NumberRange(min=0, message=_l("The score cannot be negative.")),
        ],
    )
    comment = TextAreaField(_l("Comment for the learner"), validators=[Length(max=2000)])


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class KeyForm(FlaskForm):
    """Fields are shown according to the question's kind; the view checks the right one."""

    correct = MultiCheckboxField(_l("Correct answers"), coerce=int, validate_choice=False)
    truth = RadioField(
        _l("Correct answer"),
        choices=[SelectChoice("true", _l("True")), SelectChoice("false", _l("False"))],
        validate_choice=False,
    )
    accepted = TextAreaField(_l("Accepted answers, one per line"), validators=[Length(max=2000)])
    reason = TextAreaField(
        _l("Why is the key being corrected?"),
        validators=[DataRequired(_l("Say why the key is being corrected.")), Length(max=500)],
    )
