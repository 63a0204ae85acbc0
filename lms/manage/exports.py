"""Streaming the people table as CSV (UTF-8 with BOM, for Excel in China) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import xlsxwriter
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.core.streams import ChunkSink
from lms.manage.people import PeopleFilter, PersonRow, people_query

BATCH = 1000


def headers() -> list[str]:
    return [
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


def _values(row: PersonRow) -> list[Any]:
    p, s = row.person, row.summary
    number = lambda v: float(v) if v is not None else None  # noqa: E731
    return [
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


def _rows(session: Session, manager: Person, f: PeopleFilter) -> Iterator[PersonRow]:
    result = session.execute(people_query(session, manager, f).execution_options(yield_per=BATCH))
    for row in result:
        yield PersonRow(*row)


def csv_chunks(session: Session, manager: Person, f: PeopleFilter) -> Iterator[bytes]:
    """The BOM and header first, then a chunk per batch of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(_rows(session, manager, f), 1):
        writer.writerow(["" if v is None else v for v in _values(row)])
        if count % BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(session: Session, manager: Person, f: PeopleFilter) -> Iterator[bytes]:
    """Rows go to disk as they come (constant_memory), the workbook is zipped at the end."""
    sink = ChunkSink()
    workbook = xlsxwriter.Workbook(sink, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("People"))
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F4"})
    sheet.write_row(0, 0, headers(), bold)
    sheet.freeze_panes(1, 0)
    for index, row in enumerate(_rows(session, manager, f), 1):
        sheet.write_row(index, 0, _values(row))
    workbook.close()
    yield from sink.drain()
