"""The rendered files, opened as their readers open them: python-docx, openpyxl, pypdf."""

import io
import re

import docx
import openpyxl
import pypdf
import pytest

from strategia.reports.document import Document, Paragraph, Section, Table
from strategia.reports.renderers import render
from strategia.reports.renderers.pdf import is_shipped_font

from .helpers import build, figures


@pytest.fixture
def annual(data):
    return build(data, internal=False)


def test_docx_has_word_headings_tables_charts_and_page_numbers(annual):
    word = docx.Document(io.BytesIO(render(annual, "docx")))
    headings = [
        (p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "1 Summary") in headings
    assert ("Heading 1", "2 Viisas Kemi") in headings
    assert ("Heading 2", "3.1 Päästöt alas") in headings
    assert word.paragraphs[1].style.name == "Title"
    assert word.paragraphs[1].text == "Annual report 2026: strategy and operational targets"
    rows = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    assert [
        "V-1",
        "Ideakulttuuri",
        "Sivistyspalvelut",
        "on track",
        "40",
        "Ideapankki avattiin.",
    ] in rows
    assert any(row[0] == "TEK-1" and "Hankinta viivästyi." in row for row in rows)
    assert all(table.style.name == "Table Grid" for table in word.tables)
    # One PNG per figure, each with the figure's text alternative.
    descriptions = [
        element.get("descr")
        for element in word.element.body.iter()
        if element.tag.endswith("}docPr")
    ]
    assert len(descriptions) == len(figures(annual)) > 0
    assert all(d.startswith("Line chart of") for d in descriptions)
    footer = word.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "TOC \\o" in word.element.body.xml
    assert word.core_properties.title == annual.title


def test_xlsx_has_every_table_with_numbers_as_numbers(annual):
    workbook = openpyxl.load_workbook(io.BytesIO(render(annual, "xlsx")))
    contents = workbook.worksheets[0]
    assert contents["A1"].value == "Annual report 2026: strategy and operational targets"
    sheets = {sheet.title: sheet for sheet in workbook.worksheets[1:]}
    binding = next(s for name, s in sheets.items() if "Binding targets of Sivistys" in name)
    assert binding["A1"].value == "Binding targets of Sivistyspalvelut"
    assert binding["A2"].value == "Identifier"
    row = [cell.value for cell in binding[3]]
    assert row[0] == "SIV-1"
    assert row[4] == 950000 and isinstance(row[4], int | float)
    measures = next(s for name, s in sheets.items() if "Measures of the goal Viisas" in name)
    assert [c.value for c in measures[3]][:5] == [
        "V-1",
        "Ideakulttuuri",
        "Sivistyspalvelut",
        "on track",
        40,
    ]
    assert all(len(name) <= 31 for name in sheets)


def test_pdf_has_cover_contents_page_numbers_text_and_embedded_fonts(annual):
    reader = pypdf.PdfReader(io.BytesIO(render(annual, "pdf")))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 5
    assert "Annual report 2026" in pages[0] and "Kemin kaupunki" in pages[0]
    assert "Contents" in pages[1]
    # The table of contents carries page numbers that WeasyPrint filled in.
    assert re.search(r"Viisas Kemi\s*\.*\s*\d+", pages[1])
    everything = " ".join("\n".join(pages).split())  # table cells wrap onto lines
    for expected in (
        "Viisas Kemi",
        "Päästöt alas",
        "Ideapankki avattiin.",
        "SIV-1",
        "Hankinta viivästyi.",
    ):
        assert expected in everything
    assert f"2 / {len(pages)}" in pages[1]
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in name for name in fonts)
    # Charts are vector graphics: no raster image in the file.
    assert all(not page.images for page in reader.pages)


def test_html_escapes_the_text_it_shows():
    document = Document(
        title="<script>alert(1)</script>",
        language="fi",
        sections=[
            Section(
                heading="Osa <b>1</b>",
                blocks=[
                    Paragraph(text="a & b <img src=x onerror=alert(1)>"),
                    Table(caption="T", columns=["<i>c</i>"], rows=[["<u>x</u>"]]),
                ],
            )
        ],
    )
    html = render(document, "html").decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and "&lt;b&gt;1&lt;/b&gt;" in html
    assert "&lt;u&gt;x&lt;/u&gt;" in html


def test_pdf_rendering_reads_only_the_shipped_fonts():
    assert is_shipped_font(
        "file://"
        + str(__import__("strategia.reports.renderers.pdf", fromlist=["FONTS"]).FONTS)
        + "/DejaVuSans.ttf"
    )
    assert not is_shipped_font("file:///etc/passwd")
    assert not is_shipped_font("file:///work/../etc/hosts")
