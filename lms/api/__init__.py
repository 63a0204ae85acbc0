"""The personnel data feed (DESIGN §6): read-only JSON under /api/v1 with bearer tokens."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
