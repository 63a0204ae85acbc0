"""Streaming the people table as CSV (UTF-8 with BOM, for Excel in China) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.core.competencies import label as competency_label
from lms.core.xlsx_stream import stream_xlsx
from lms.manage.people import PeopleFilter, PersonRow, people_query

BATCH = 1000
#: what a spreadsheet would read as the start of a formula (CSV has no cell types)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = [12, 10, 16, 24, 14, 10, 10, 10, 10, 10, 8, 8, 10, 8, 8, 14]


def headers(f: PeopleFilter) -> list[str]:
    names = [
        _("Employee number"),
        _("Full name"),
        _("Username"),
        _("Unit"),
        _("Unit code"),
        _("Rank"),
        _("Staff type"),
        _("Online training"),
        _("Group (offline) training"),
        _("Approved external hours"),
        _("Total"),
        _("Target"),
        _("Online hours"),
        _("On track"),
        _("Certificates"),
    ]
    if f.competency:
        names.append(_("%(competency)s score (%%)", competency=competency_label(f.competency)))
    return names


def _values(row: PersonRow, f: PeopleFilter) -> list[Any]:
    p, s = row.person, row.summary
    number = lambda v: float(v) if v is not None else None  # noqa: E731
    values = [
        p.employee_no or "",
        p.display_name,
        p.username,
        row.unit_name,
        row.unit_code,
        p.rank or "",
        p.staff_type or "",
        number(s.online) if s else 0,
        number(s.offline) if s else 0,
        number(s.external) if s else 0,
        number(s.total) if s else 0,
        number(s.target_total) if s else None,
        number(s.target_online) if s else None,
        (_("yes") if s and s.on_track else _("no")),
        s.certificates if s else 0,
    ]
    if f.competency:  # blank for people not yet assessed in it
        share = row.competency_share
        values.append(None if share is None else round(float(share) * 100))
    return values


def _rows(session: Session, manager: Person, f: PeopleFilter) -> Iterator[PersonRow]:
    result = session.execute(people_query(session, manager, f).execution_options(yield_per=BATCH))
    for row in result:
        yield PersonRow(*row)


def _csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_chunks(session: Session, manager: Person, f: PeopleFilter) -> Iterator[bytes]:
    """The BOM and header first, then a chunk per batch of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(f))
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(_rows(session, manager, f), 1):
        writer.writerow([_csv_safe(v) for v in _values(row, f)])
        if count % BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(session: Session, manager: Person, f: PeopleFilter) -> Iterator[bytes]:
    """The workbook streamed: its first bytes at once, then a chunk per batch of rows."""
    names = headers(f)
    yield from stream_xlsx(
        _("People"),
        names,
        (_values(row, f) for row in _rows(session, manager, f)),
        widths=WIDTHS[: len(names)],
        batch=BATCH,
    )
