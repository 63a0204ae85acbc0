"""Certificates anyone can verify, and the credit-hour ledger (学时档案)."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)
