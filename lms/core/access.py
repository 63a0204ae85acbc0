"""Coarse access rules for views.

Every view declares who may reach it with one of :func:`public`, :func:`login_required` or
:func:`role_required`; the decorator records the rule on the view so a test can walk
``app.url_map`` and fail for any route that has none. Object-level checks (a manager's org
subtree, a draft course) live in each feature's ``permissions.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from lms.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])

ROLES = ("learner", "trainer", "manager", "admin")


@dataclass(frozen=True)
class AccessRule:
    #: "public", "login", "roles" or "token" (API: a bearer token, never a browser session)
    kind: str
    roles: tuple[str, ...] = ()

    def allows(self, role: str | None) -> bool:
        if self.kind == "public":
            return True
        if role is None or self.kind == "token":
            return False
        return self.kind == "login" or role in self.roles


def _mark(view: Any, rule: AccessRule) -> Any:
    view.access_rule = rule
    return view


def public(view: F) -> F:
    """Anyone, signed in or not."""
    return _mark(view, AccessRule("public"))


def login_required(view: F) -> F:
    """Any signed-in, active person."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return _mark(wrapped, AccessRule("login"))


def role_required(*roles: str) -> Callable[[F], F]:
    """Signed in with one of ``roles`` (admins always pass)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {unknown}")
    allowed = tuple(sorted(set(roles) | {"admin"}))

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return _mark(wrapped, AccessRule("roles", allowed))

    return decorator
