"""A register's rows out as CSV or XLSX, with the columns its list page shows.

CSV is ``;``-separated, UTF-8 with a byte-order mark (what Excel opens right
in Finnish); dates are ISO 8601 in both formats so that the files sort and
import cleanly.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from .registers import Register

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def table(register: Register, rows: Iterable[Any]) -> tuple[list[str], list[list[Any]]]:
    header = ["id", *(str(column.label) for column in register.columns)]
    body = [[row.pk, *(_plain(column.value(row)) for column in register.columns)] for row in rows]
    return header, body


def export_bytes(register: Register, rows: Iterable[Any], file_format: str) -> bytes:
    header, body = table(register, rows)
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        return buffer.getvalue().encode("utf-8")
    if file_format == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(str(register.title)[:31])
        sheet.append(header)
        for row in body:
            sheet.append(row)
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()
    raise ValueError(f"Unknown export format {file_format!r}")


def file_name(register: Register, file_format: str) -> str:
    return f"{register.key}-{timezone.localdate().isoformat()}.{file_format}"
