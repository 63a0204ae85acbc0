"""The personnel office's tools for its own org subtree (admins: everything)."""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")
