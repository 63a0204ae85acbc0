"""Administration: the audit log viewer (org tree, people and roles come next)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
