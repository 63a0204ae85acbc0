"""Grading: trainers score essay answers and correct answer keys (which re-grades)."""

from flask import Blueprint

bp = Blueprint("grading", __name__, url_prefix="/grading")
