"""Attempts: learners take quizzes and exams; the server draws, times and grades them."""

from flask import Blueprint

bp = Blueprint("attempts", __name__)
