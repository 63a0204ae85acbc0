"""Creating, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.api.models import ApiToken
from lms.audit.operations import record_event
from lms.core.errors import Conflict, Invalid, NotFound
from lms.db import utcnow

TOKEN_PREFIX = "lms_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, owner: Person, name: str, *, ip: str | None = None
) -> tuple[ApiToken, str]:
    """A new token for a manager (or admin); returns the row and the token, shown once."""
    if owner.role not in ("manager", "admin") or not owner.is_active:
        raise Invalid(_("Only personnel managers and administrators can have API tokens."))
    name = name.strip()
    if not name or len(name) > 100:
        raise Invalid(_("Give the token a name of at most 100 characters."))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name, token_hash=_hash(token), prefix=token[:10], owner_id=owner.id)
    session.add(row)
    session.flush()
    record_event(
        session,
        "api.token_create",
        actor_id=owner.id,
        target_type="api_token",
        target_id=row.id,
        ip=ip,
        details={"name": name},
    )
    return row, token


def revoke_token(
    session: Session, actor: Person, token: ApiToken, *, ip: str | None = None
) -> None:
    if token.owner_id != actor.id and actor.role != "admin":
        raise NotFound(_("This token does not exist."))
    if token.revoked_at is not None:
        raise Conflict(_("This token has already been revoked."))
    token.revoked_at = utcnow()
    session.flush()
    record_event(
        session,
        "api.token_revoke",
        actor_id=actor.id,
        target_type="api_token",
        target_id=token.id,
        ip=ip,
    )


def person_for_token(session: Session, token: str) -> tuple[ApiToken, Person] | None:
    """The token's row and its owner when the token is valid and the owner still active."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if row is None or row.revoked_at is not None:
        return None
    owner = session.get(Person, row.owner_id)
    if owner is None or not owner.is_active or owner.role not in ("manager", "admin"):
        return None
    return row, owner


def tokens_of(session: Session, owner: Person) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.owner_id == owner.id).order_by(ApiToken.id.desc())
        )
    )
