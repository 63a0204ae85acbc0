"""Accounts: people, sign-in, passwords and the manager's org scope."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
