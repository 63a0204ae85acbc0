"""Courses: the catalogue, course pages and course packages."""

from flask import Blueprint

bp = Blueprint("courses", __name__, url_prefix="/courses")
