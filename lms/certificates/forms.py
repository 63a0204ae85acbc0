"""Forms of the certificates and ledger feature."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, DecimalField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for revoking"),
        validators=[DataRequired(_l("Give the reason for revoking.")), Length(max=500)],
    )


def _hours_field() -> DecimalField:
    return DecimalField(
        _l("Credit hours"), places=1, validators=[InputRequired(_l("Give the number of hours."))]
    )


def _date_field() -> DateField:
    return DateField(_l("Date"), validators=[InputRequired(_l("Give the date."))])


class ClaimForm(FlaskForm):
    title = StringField(
        _l("Training"), validators=[DataRequired(_l("Give the title.")), Length(max=200)]
    )
    provider = StringField(
        _l("Provider (platform or organiser)"),
        validators=[DataRequired(_l("Give the provider.")), Length(max=120)],
    )
    hours = _hours_field()
    occurred_on = _date_field()
    note = TextAreaField(_l("Evidence note"), validators=[Length(max=2000)])
    evidence = FileField(_l("Evidence file (PDF or image, at most 5 MB)"))


class DecisionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (required when rejecting)"), validators=[Optional(), Length(max=500)]
    )


class OfflineForm(FlaskForm):
    title = StringField(
        _l("Training"), validators=[DataRequired(_l("Give the title.")), Length(max=200)]
    )
    provider = StringField(_l("Provider (platform or organiser)"), validators=[Length(max=120)])
    hours = _hours_field()
    occurred_on = _date_field()
    people = TextAreaField(
        _l("People: one username or employee number per line"),
        validators=[DataRequired(_l("Choose at least one person.")), Length(max=200_000)],
    )
