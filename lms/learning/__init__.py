"""Learning: the learner's home, enrolment, assignments and lesson progress."""

from flask import Blueprint

bp = Blueprint("learning", __name__)

from lms.learning import views  # noqa: E402,F401
