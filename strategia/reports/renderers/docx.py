"""The document as DOCX (python-docx): real Word headings, styles and tables.

Headings use Word's own "Heading 1…" styles, so the document pastes into the
council's agenda template and takes that template's look; tables use "Table
Grid" with a repeating header row; charts are PNG images with the figure's
text alternative as their description. The table of contents is a Word TOC
field that lists the headings already and gets its page numbers when Word
updates fields on opening (``updateFields``); the footer numbers the pages.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import override
from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..charts import figure_png
from ..document import Document, Figure, Paragraph, Table
from .html import column_weights, meta_rows
from .prepare import NumberedSection, numbered, table_rows, walk

TOC_DEPTH = 2
# A4 with 2 cm margins: the width text and tables have.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _field_begin(paragraph, instruction: str) -> None:
    _field_char(paragraph, "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    _field_char(paragraph, "separate")


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph: begin, instruction, result, end."""
    _field_begin(paragraph, instruction)
    paragraph.add_run(placeholder)
    _field_char(paragraph, "end")


def _update_fields_on_open(word) -> None:
    settings = word.settings.element
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    settings.append(element)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _cover(word, document: Document) -> None:
    if document.organisation:
        word.add_paragraph(document.organisation, style="Subtitle")
    word.add_paragraph(document.title, style="Title")
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    if document.internal:
        notice = word.add_paragraph()
        run = notice.add_run(_("Internal – not for publication"))
        run.bold = True
    for label, value in meta_rows(document):
        line = word.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(word, sections: list[NumberedSection]) -> None:
    word.add_paragraph(_("Contents"), style="TOC Heading")
    # The field's result lists the headings already; Word adds the page numbers on update.
    listed = [s for s in walk(sections) if s.level <= TOC_DEPTH]
    paragraphs = [word.add_paragraph() for _section in listed or [None]]
    _field_begin(paragraphs[0], f'TOC \\o "1-{TOC_DEPTH}" \\h \\z \\u')
    for paragraph, section in zip(paragraphs, listed, strict=False):
        paragraph.paragraph_format.left_indent = Cm(0.6 * (section.level - 1))
        paragraph.add_run(f"{section.number} {section.heading}")
    _field_char(paragraphs[-1], "end")
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _page_numbers(word) -> None:
    footer = word.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _field(footer, "PAGE", "1")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES", "1")


def _table(word, table: Table) -> None:
    # The caption stays on the page of its table.
    word.add_paragraph(table.caption, style="Caption").paragraph_format.keep_with_next = True
    numeric = table.numeric + [False] * (len(table.columns) - len(table.numeric))
    rows = table_rows(table)
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    # Column widths by how much text each holds, in the grid and the header row (Word and
    # LibreOffice read one or the other); later rows follow the grid.
    widths = [int(TEXT_WIDTH * share) for share in column_weights(table, rows)]
    for column, width in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    for cell, width in zip(grid.rows[0].cells, widths, strict=True):
        cell.width = width
    header = grid.rows[0]
    _repeat_header(header)
    for index, (cell, column) in enumerate(zip(header.cells, table.columns, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(column).bold = True
        if numeric[index]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in rows:
        cells = grid.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.text = text
            if numeric[index]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    word.add_paragraph()


def _figure(word, figure: Figure, png_cache: dict[int, bytes]) -> None:
    key = id(figure)
    if key not in png_cache:
        png_cache[key] = figure_png(figure)
    word.add_picture(io.BytesIO(png_cache[key]), width=TEXT_WIDTH)
    picture = word.paragraphs[-1]
    # The text alternative of the image (Word's "Alt Text"), read by screen readers.
    for properties in picture._p.iter(qn("wp:docPr")):
        properties.set("descr", figure.alt_text)
        properties.set("title", figure.caption)
    word.add_paragraph(figure.caption, style="Caption")


def _section(word, section: NumberedSection, png_cache: dict[int, bytes]) -> None:
    word.add_heading(f"{section.number} {section.heading}", level=min(section.level, 9))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            word.add_paragraph(block.text)
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Figure):
            _figure(word, block, png_cache)
    for child in section.sections:
        _section(word, child, png_cache)


def render_docx(document: Document) -> bytes:
    with override(document.language):
        word = WordDocument()
        page = word.sections[0]
        page.page_width, page.page_height = PAGE_WIDTH, PAGE_HEIGHT
        page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = MARGIN
        normal = word.styles["Normal"]
        normal.font.size = Pt(10.5)
        word.styles["Table Grid"].font.size = Pt(9)
        properties = word.core_properties
        properties.title = document.title
        properties.author = document.organisation
        properties.language = document.language
        properties.subject = document.subtitle
        sections = numbered(document.sections)
        _cover(word, document)
        _toc(word, sections)
        png_cache: dict[int, bytes] = {}
        for section in sections:
            _section(word, section, png_cache)
        _page_numbers(word)
        _update_fields_on_open(word)
        buffer = io.BytesIO()
        word.save(buffer)
        return buffer.getvalue()
