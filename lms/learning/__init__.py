"""Learning: the learner's home, enrolment, assignments and lesson progress."""

from flask import Blueprint

bp = Blueprint("learning", __name__)
