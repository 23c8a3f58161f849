"""The document laid out for the paged formats: numbered sections, formatted cells.

The HTML, PDF and DOCX renderers all show section numbers (1, 1.2, …), the
same table of contents and numbers in the document's language (1 234,5 in
Finnish); this does that once. XLSX keeps numbers as numbers and does not
use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.formats import number_format

from ..document import Block, CellValue, Document, Figure, Section, Table


@dataclass
class NumberedSection:
    number: str
    anchor: str
    level: int  # 1 for the top sections
    heading: str
    blocks: list[Block]
    sections: list[NumberedSection] = field(default_factory=list)


def numbered(sections: list[Section], prefix: str = "", level: int = 1) -> list[NumberedSection]:
    result = []
    for index, section in enumerate(sections, start=1):
        number = f"{prefix}{index}"
        result.append(
            NumberedSection(
                number=number,
                anchor="s-" + number.replace(".", "-"),
                level=level,
                heading=section.heading,
                blocks=section.blocks,
                sections=numbered(section.sections, f"{number}.", level + 1),
            )
        )
    return result


def walk(sections: list[NumberedSection]) -> Iterator[NumberedSection]:
    for section in sections:
        yield section
        yield from walk(section.sections)


def format_cell(value: CellValue) -> str:
    """A cell as text in the active language: 1 234,5 in Finnish; empty for no value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, float):
        decimals = 0 if value.is_integer() else (1 if abs(value) >= 100 else 2)
        text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
        return text
    return str(value)


def table_rows(table: Table) -> list[list[str]]:
    return [[format_cell(cell) for cell in row] for row in table.rows]


def figures_of(document: Document) -> list[Figure]:
    found: list[Figure] = []

    def visit(sections: list[Section]) -> None:
        for section in sections:
            found.extend(block for block in section.blocks if isinstance(block, Figure))
            visit(section.sections)

    visit(document.sections)
    return found
