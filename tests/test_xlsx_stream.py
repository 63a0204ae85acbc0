"""The streamed workbook: bytes out before the rows are read, and it opens in openpyxl."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from lms.core.xlsx_stream import column_letters, stream_xlsx


def test_column_letters_go_past_z():
    assert column_letters(28)[-3:] == ["Z", "AA", "AB"]


def test_first_bytes_leave_before_any_row_is_read_and_memory_is_batched():
    consumed = []

    def rows():
        for n in range(2500):
            consumed.append(n)
            yield [f"人员{n}", n, Decimal("1.5")]

    chunks = stream_xlsx("名单", ["姓名", "序号", "学时"], rows(), batch=1000)
    first = next(chunks)
    assert first.startswith(b"PK") and consumed == []
    seen_at = []
    body = [first]
    for chunk in chunks:
        body.append(chunk)
        seen_at.append(len(consumed))
    # chunks arrive while rows are still being read, not only at the end
    assert any(0 < n < 2500 for n in seen_at)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(body)))
    sheet = book.active
    assert sheet.title == "名单" and sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "姓名" and sheet["A1"].font.b
    assert sheet.max_row == 2501
    assert [c.value for c in sheet[2501]] == ["人员2499", 2499, 1.5]


def test_awkward_text_survives():
    values = ["a & b <c>", "  leading spaces", "控制\x01字符", "=1+1", None, True, 3]
    data = b"".join(stream_xlsx("S", [f"h{i}" for i in range(7)], [values]))
    row = [c.value for c in openpyxl.load_workbook(io.BytesIO(data)).active[2]]
    # "=1+1" stays text (an inline string is never a formula); None leaves the cell empty
    assert row == ["a & b <c>", "  leading spaces", "控制字符", "=1+1", None, True, 3]


def test_an_empty_table_is_still_a_workbook():
    data = b"".join(stream_xlsx("S", ["only", "headers"], []))
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows == [("only", "headers")]
