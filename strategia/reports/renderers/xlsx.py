"""The document's tables as XLSX (openpyxl): one sheet per table, numbers kept as numbers.

The first sheet names the report and lists every table with the sheet it is
on; each table sheet has its caption, a bold, frozen header row and column
widths fitted to the text, so the figures can be recalculated in a spreadsheet.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..document import Document, Section, Table
from .html import meta_rows
from .prepare import numbered, walk

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(number: int, caption: str, used: set[str]) -> str:
    base = _FORBIDDEN.sub(" ", f"{number} {caption}")[:31].strip()
    name, suffix = base, 2
    while name.lower() in used:
        name = f"{base[:27]} ({suffix})"
        suffix += 1
    used.add(name.lower())
    return name


def _tables(sections: list[Section]) -> list[tuple[str, Table]]:
    found = []
    for section in walk(numbered(sections)):
        for block in section.blocks:
            if isinstance(block, Table):
                found.append((f"{section.number} {section.heading}", block))
    return found


def render_xlsx(document: Document) -> bytes:
    with override(document.language):
        workbook = Workbook()
        contents = workbook.active
        contents.title = _("Contents")[:31]
        contents.append([document.title])
        contents["A1"].font = Font(bold=True, size=14)
        if document.organisation:
            contents.append([document.organisation])
        for label, value in meta_rows(document):
            contents.append([label, value])
        if document.internal:
            contents.append([_("Internal – not for publication")])
        contents.append([])
        contents.append([_("Table"), _("Section"), _("Sheet")])
        for cell in contents[contents.max_row]:
            cell.font = Font(bold=True)
        used = {contents.title.lower()}
        for number, (section, table) in enumerate(_tables(document.sections), start=1):
            name = _sheet_name(number, table.caption, used)
            contents.append([table.caption, section, name])
            sheet = workbook.create_sheet(name)
            sheet.append([table.caption])
            sheet["A1"].font = Font(bold=True)
            sheet.append(list(table.columns))
            for cell in sheet[2]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet.append(list(row))
            sheet.freeze_panes = "A3"
            widths = [len(str(column)) for column in table.columns]
            for row in table.rows:
                for index, value in enumerate(row[: len(widths)]):
                    widths[index] = max(widths[index], min(60, len(str(value or ""))))
            for index, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = max(8, width + 2)
                if width >= 60:
                    for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        contents.column_dimensions["A"].width = 50
        contents.column_dimensions["B"].width = 40
        contents.column_dimensions["C"].width = 32
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
