"""Account operations: passwords, sign-in checks and creating people."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from lms.accounts.models import Person, new_session_token
from lms.core.access import ROLES
from lms.core.errors import Invalid, NotAllowed
from lms.db import utcnow
from lms.orgs.models import OrgUnit

MIN_PASSWORD_LENGTH = 10
# Compared against when the username is unknown, so both paths cost the same.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="pbkdf2:sha256:1000")


@dataclass(frozen=True)
class SignInResult:
    person: Person | None
    #: None on success, else "invalid" or "disabled"
    problem: str | None


def set_password(person: Person, password: str, *, method: str, must_change: bool = False) -> None:
    """Hash and store ``password``; every other session of the person ends."""
    problems = password_problems(password, person)
    if problems:
        raise Invalid(problems[0])
    person.password_hash = generate_password_hash(password, method=method)
    person.must_change_password = must_change
    person.session_token = new_session_token()


def password_problems(password: str, person: Person | None = None) -> list[str]:
    """What is wrong with a new password, in the user's language (empty when fine)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )
    if password.isdigit() or password.isalpha():
        problems.append(_("The password must mix letters with digits or symbols."))
    if person is not None and person.username.lower() in password.lower():
        problems.append(_("The password must not contain your username."))
    return problems


def check_sign_in(session: Session, username: str, password: str) -> SignInResult:
    """Check credentials without revealing whether the username exists."""
    person = session.scalar(
        select(Person).where(func.lower(Person.username) == username.strip().lower())
    )
    if person is None or not person.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return SignInResult(None, "invalid")
    if not check_password_hash(person.password_hash, password):
        return SignInResult(None, "invalid")
    if not person.is_active:
        return SignInResult(person, "disabled")
    return SignInResult(person, None)


def record_sign_in(person: Person) -> None:
    person.last_login_at = utcnow()


def change_password(person: Person, current: str, new: str, *, method: str) -> None:
    """The person changes their own password (the current one must be right)."""
    if not person.password_hash or not check_password_hash(person.password_hash, current):
        raise NotAllowed(_("The current password is not correct."))
    if check_password_hash(person.password_hash, new):
        raise Invalid(_("The new password must differ from the current one."))
    set_password(person, new, method=method, must_change=False)


def create_person(
    session: Session,
    *,
    username: str,
    display_name: str,
    unit: OrgUnit,
    role: str = "learner",
    employee_no: str | None = None,
    rank: str | None = None,
    staff_type: str | None = None,
    email: str | None = None,
    scope_unit: OrgUnit | None = None,
) -> Person:
    if role not in ROLES:
        raise Invalid(_("Unknown role: %(role)s", role=role))
    person = Person(
        username=username,
        display_name=display_name,
        unit_id=unit.id,
        role=role,
        employee_no=employee_no,
        rank=rank,
        staff_type=staff_type,
        email=email,
        scope_unit_id=scope_unit.id if scope_unit else None,
    )
    session.add(person)
    session.flush()
    return person
