"""Roster import (花名册, DESIGN §5): CSV in UTF-8, UTF-8 with BOM or GB18030, or .xlsx.

Every row is checked first; if any row is wrong nothing is written and every problem is
reported with its row number. People are matched on employee_no: new ones are created
with the batch's initial password and must change it when they first sign in; existing
ones are updated (their password is left alone).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from lms.accounts.models import STAFF_TYPES, Person
from lms.accounts.operations import password_problems
from lms.audit.operations import record_event
from lms.core.access import ROLES
from lms.orgs.models import OrgUnit

COLUMNS = (
    "employee_no",
    "username",
    "display_name",
    "unit_code",
    "role",
    "rank",
    "staff_type",
    "email",
)
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class RosterReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)


class RosterError(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def decode_csv(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (what Excel in China saves)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    """The file's rows as text cells (the header first)."""
    if filename.lower().endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same error
            raise RosterError([RowProblem(0, "", _("The Excel file cannot be read."))]) from exc
        return [
            ["" if v is None else str(v).strip() for v in row]
            for row in book.worksheets[0].iter_rows(values_only=True)
        ]
    try:
        text = decode_csv(data)
    except UnicodeDecodeError:
        raise RosterError(
            [RowProblem(0, "", _("The file is neither UTF-8 nor GB18030 text."))]
        ) from None
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def import_roster(
    session: Session,
    data: bytes,
    filename: str,
    *,
    initial_password: str,
    actor_id: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> RosterReport:
    """Validate every row, then write all of them (or raise RosterError, writing nothing)."""
    rows = read_rows(data, filename)
    if not rows:
        raise RosterError([RowProblem(0, "", _("The file is empty."))])
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise RosterError(
            [
                RowProblem(
                    1,
                    ", ".join(missing),
                    _("The header must have the columns: %(columns)s", columns=",".join(COLUMNS)),
                )
            ]
        )
    index = {c: header.index(c) for c in COLUMNS}
    records = [
        (n, {c: (row[index[c]] if index[c] < len(row) else "") for c in COLUMNS})
        for n, row in enumerate(rows[1:], 2)
        if any(cell for cell in row)
    ]
    if len(records) > MAX_ROWS:
        raise RosterError([RowProblem(0, "", _("At most %(n)d rows at a time.", n=MAX_ROWS))])
    if progress:
        progress(f"checking {len(records)} rows")
    problems = _check(session, records, initial_password)
    if problems:
        raise RosterError(problems)
    return _write(session, records, initial_password, actor_id, progress)


def _check(
    session: Session, records: list[tuple[int, dict[str, str]]], initial_password: str
) -> list[RowProblem]:
    problems: list[RowProblem] = []
    units = set(session.scalars(select(OrgUnit.code)))
    existing = _existing(session, [r["employee_no"] for _n, r in records])
    taken = _usernames(session, [r["username"] for _n, r in records])
    seen_numbers: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    creates = False
    for n, r in records:

        def fail(column: str, message: str, n: int = n) -> None:
            problems.append(RowProblem(n, column, message))

        number, username = r["employee_no"], r["username"]
        if not number or len(number) > 32:
            fail("employee_no", _("employee_no is required (at most 32 characters)."))
        elif number in seen_numbers:
            fail(
                "employee_no",
                _(
                    "employee_no %(no)s is also on row %(row)d.",
                    no=number,
                    row=seen_numbers[number],
                ),
            )
        seen_numbers.setdefault(number, n)
        if not USERNAME.match(username):
            fail("username", _("username must be 2–64 letters, digits or . _ -"))
        elif username.lower() in seen_names:
            fail(
                "username",
                _(
                    "username %(name)s is also on row %(row)d.",
                    name=username,
                    row=seen_names[username.lower()],
                ),
            )
        elif username.lower() in taken and taken[username.lower()] != number:
            fail("username", _("username %(name)s belongs to someone else.", name=username))
        seen_names.setdefault(username.lower(), n)
        if not r["display_name"] or len(r["display_name"]) > 64:
            fail("display_name", _("display_name is required (at most 64 characters)."))
        if r["unit_code"] not in units:
            fail("unit_code", _("unknown unit code %(code)s", code=r["unit_code"] or "—"))
        if (r["role"] or "learner") not in ROLES:
            fail("role", _("role must be one of: %(roles)s", roles=", ".join(ROLES)))
        if r["staff_type"] and r["staff_type"] not in STAFF_TYPES:
            fail(
                "staff_type",
                _("staff_type must be one of: %(types)s", types="、".join(STAFF_TYPES)),
            )
        if len(r["rank"]) > 32:
            fail("rank", _("rank is at most 32 characters."))
        if r["email"] and not EMAIL.match(r["email"]):
            fail("email", _("email is not an e-mail address."))
        creates = creates or number not in existing
    if creates:
        for message in password_problems(initial_password):
            problems.append(RowProblem(0, "initial password", message))
    return problems


def _existing(session: Session, numbers: list[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    unique = list(dict.fromkeys(n for n in numbers if n))
    for start in range(0, len(unique), 1000):
        for person in session.scalars(
            select(Person).where(Person.employee_no.in_(unique[start : start + 1000]))
        ):
            found[person.employee_no or ""] = person
    return found


def _usernames(session: Session, names: list[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    unique = list(dict.fromkeys(n.lower() for n in names if n))
    for start in range(0, len(unique), 1000):
        for username, number in session.execute(
            select(Person.username, Person.employee_no).where(
                Person.username.in_(unique[start : start + 1000])
            )
        ):
            found[username.lower()] = number
    return found


def _write(
    session: Session,
    records: list[tuple[int, dict[str, str]]],
    initial_password: str,
    actor_id: int | None,
    progress: Callable[[str], None] | None,
) -> RosterReport:
    from flask import current_app

    from lms.core.time import local_year
    from lms.reports.summaries import refresh

    report = RosterReport()
    units = dict(session.execute(select(OrgUnit.code, OrgUnit.id)).all())
    existing = _existing(session, [r["employee_no"] for _n, r in records])
    # One hash for the batch: a temporary password everyone must replace at first sign-in.
    hashed = generate_password_hash(
        initial_password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    touched: list[Person] = []
    for count, (_n, r) in enumerate(records, 1):
        values = {
            "username": r["username"],
            "display_name": r["display_name"],
            "unit_id": units[r["unit_code"]],
            "role": r["role"] or "learner",
            "rank": r["rank"] or None,
            "staff_type": r["staff_type"] or None,
            "email": r["email"] or None,
        }
        person = existing.get(r["employee_no"])
        if person is None:
            person = Person(
                employee_no=r["employee_no"],
                password_hash=hashed,
                must_change_password=True,
                **values,
            )
            session.add(person)
            report.created += 1
        elif any(getattr(person, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(person, key, value)
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        touched.append(person)
        if count % 5000 == 0:
            session.flush()
            if progress:
                progress(f"written {count}/{len(records)}")
    session.flush()
    ids = [p.id for p in touched]
    for start in range(0, len(ids), 2000):
        refresh(session.connection(), ids[start : start + 2000], [local_year()])
    record_event(
        session,
        "roster.import",
        actor_id=actor_id,
        target_type="roster",
        details={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    return report
