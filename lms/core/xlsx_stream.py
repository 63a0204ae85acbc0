"""A one-sheet XLSX workbook streamed row by row, its first bytes out at once.

xlsxwriter (even with ``constant_memory``) writes its zip only in ``close()``, after the
last row, so a download of 100,000 rows would show nothing for seconds and the finished
file would sit in memory. Here xlsxwriter still builds the package — styles, the bold
header row, frozen panes, column widths, document properties — as a small "shell" with the
header only; the shell's parts are copied into a zip that goes out as it is written, and
the rows are spliced into the sheet's ``<sheetData>`` as plain inline-string and number
cells, compressed and handed on every ``batch`` rows. Memory stays flat: one batch of XML
and the deflate window.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter

from lms.core.streams import ChunkSink

SHEET = "xl/worksheets/sheet1.xml"
#: characters XML 1.0 cannot carry at all
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DIMENSION = re.compile(rb"<dimension [^>]*/>")
MAX_CELL = 32767


def column_letters(count: int) -> list[str]:
    letters = []
    for index in range(count):
        name, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = _ILLEGAL.sub("", str(value))[:MAX_CELL]
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def row_xml(number: int, values: Sequence[Any], letters: Sequence[str]) -> str:
    cells = "".join(
        _cell(f"{letter}{number}", v) for letter, v in zip(letters, values, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'


def _shell(sheet_name: str, headers: Sequence[str], widths: Sequence[float] | None) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F4"})
    for index, width in enumerate(widths or []):
        sheet.set_column(index, index, width)
    sheet.write_row(0, 0, list(headers), bold)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def stream_xlsx(
    sheet_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float] | None = None,
    batch: int = 1000,
) -> Iterator[bytes]:
    """Yield the workbook's bytes: the parts before the sheet at once, then the rows."""
    shell = zipfile.ZipFile(io.BytesIO(_shell(sheet_name, headers, widths)))
    letters = column_letters(len(headers))
    sink = ChunkSink()
    # the sink cannot seek, so zipfile writes sizes in data descriptors after each part
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for info in shell.infolist():
            data = shell.read(info)
            if info.filename != SHEET:
                package.writestr(info.filename, data)
                yield from sink.drain()
                continue
            # the shell's dimension names only the header row; it is optional, so drop it
            head, tail = _DIMENSION.sub(b"", data).split(b"</sheetData>", 1)
            with package.open(SHEET, "w") as entry:
                entry.write(head)
                yield from sink.drain()
                pending: list[str] = []
                for number, values in enumerate(rows, 2):
                    pending.append(row_xml(number, values, letters))
                    if len(pending) >= batch:
                        entry.write("".join(pending).encode("utf-8"))
                        pending.clear()
                        yield from sink.drain()
                entry.write("".join(pending).encode("utf-8"))
                entry.write(b"</sheetData>" + tail)
            yield from sink.drain()
    yield from sink.drain()
