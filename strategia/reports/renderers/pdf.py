"""The document as PDF, laid out by WeasyPrint from the HTML renderer's body.

A4 pages with a cover, a table of contents whose page numbers WeasyPrint
fills in (``target-counter``), running page numbers "3 / 12" and charts as
vector SVG. The fonts are the DejaVu Sans files shipped in
``static/reports/fonts`` (licence beside them); the URL fetcher refuses
everything except those files and the charts' ``data:`` addresses, so
rendering never reaches outside the machine.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..document import Document
from .html import document_body

ASSETS = Path(__file__).resolve().parent.parent / "static" / "reports"
FONTS = ASSETS / "fonts"


def is_shipped_font(url: str) -> bool:
    path = Path(url.removeprefix("file://").split("?")[0]).resolve()
    return path.is_relative_to(FONTS)


@cache
def _weasyprint():
    """WeasyPrint, imported on first use: it parses its style sheets on import, which every
    process (tests, the web server) would otherwise pay at start-up for no PDF at all."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    # Its step-by-step progress goes to INFO; a command's own progress bar says enough.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

    class LocalOnlyFetcher(URLFetcher):
        """Fetches the shipped fonts and ``data:`` images; nothing else, never the network."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})

        def fetch(self, url, headers=None):
            if url.startswith("file:") and not is_shipped_font(url):
                raise ValueError(f"Not a shipped font: {url}")
            return super().fetch(url, headers)

    return weasyprint, FontConfiguration, LocalOnlyFetcher


def _css_string(text: str) -> str:
    """Text for inside a CSS string in double quotes."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def _print_css(document: Document) -> str:
    running_title = _css_string(document.title)
    internal = _css_string(_("Internal – not for publication")) if document.internal else ""
    return f"""
@font-face {{ font-family: "DejaVu Sans"; src: url("fonts/DejaVuSans.ttf");
  font-weight: normal; }}
@font-face {{ font-family: "DejaVu Sans"; src: url("fonts/DejaVuSans-Bold.ttf");
  font-weight: bold; }}
@page {{
  size: A4; margin: 20mm 18mm 22mm 18mm;
  @top-left {{ content: "{running_title}"; font: 8pt "DejaVu Sans"; color: #4d4d4d; }}
  @top-right {{ content: "{internal}"; font: bold 8pt "DejaVu Sans"; color: #a63d00; }}
  @bottom-right {{ content: counter(page) " / " counter(pages); font: 9pt "DejaVu Sans"; }}
}}
@page cover {{ @top-left {{ content: none; }} @bottom-right {{ content: none; }} }}
html {{ font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4;
  color: #1a1a1a; }}
.report-cover {{ page: cover; break-after: page; padding-top: 70mm; }}
.report-organisation {{ font-size: 14pt; font-weight: bold; color: #0b3c5d; }}
.report-title {{ font-size: 24pt; line-height: 1.2; margin: 4mm 0; color: #0b3c5d; }}
.report-subtitle {{ font-size: 13pt; }}
.report-internal {{ border: 1.5pt solid #a63d00; color: #a63d00; padding: 2mm 3mm;
  display: inline-block; font-weight: bold; }}
.report-meta {{ margin-top: 20mm; }}
.report-meta div {{ margin: 1mm 0; }}
.report-meta dt {{ font-weight: bold; display: inline; }}
.report-meta dt::after {{ content: ": "; }}
.report-meta dd {{ display: inline; margin: 0; }}
.report-toc {{ break-after: page; }}
.report-toc ol {{ list-style: none; padding-left: 0; }}
.report-toc ol ol {{ padding-left: 8mm; }}
.report-toc li {{ margin: 1mm 0; }}
.report-toc a {{ color: inherit; text-decoration: none; }}
.report-toc a::after {{ content: leader(".") target-counter(attr(href), page); }}
h2 {{ font-size: 16pt; color: #0b3c5d; break-after: avoid; }}
.report-level-1 {{ break-before: page; }}
h3 {{ font-size: 13pt; color: #0b3c5d; break-after: avoid; }}
h4, h5, h6 {{ font-size: 11pt; break-after: avoid; }}
.report-number {{ margin-right: 2mm; }}
.report-table {{ border-collapse: collapse; width: 100%; margin: 3mm 0; font-size: 8.5pt;
  table-layout: fixed; }}
.report-table caption {{ text-align: left; font-weight: bold; padding-bottom: 1mm;
  break-after: avoid; }}
.report-table tbody tr:first-child {{ break-before: avoid; }}
.report-table thead {{ display: table-header-group; }}
.report-table tr {{ break-inside: avoid; }}
.report-table th, .report-table td {{ border: 0.5pt solid #8c8c8c; padding: 1mm 1.5mm;
  vertical-align: top; text-align: left; hyphens: auto; overflow-wrap: break-word; }}
.report-table thead th {{ background: #e8eef3; }}
.report-table .num {{ text-align: right; white-space: nowrap; }}
.report-figure {{ margin: 3mm 0; break-inside: avoid; }}
.report-figure img {{ width: 100%; }}
.report-figure figcaption {{ font-size: 9pt; }}
"""


def render_pdf(document: Document) -> bytes:
    with override(document.language):
        html = (
            f'<!DOCTYPE html><html lang="{escape(document.language)}"><head><meta charset="utf-8">'
            f"<title>{escape(document.title)}</title>"
            f'<meta name="author" content="{escape(document.organisation)}"></head>'
            f"<body>{document_body(document, widths=True)}</body></html>"
        )
        weasyprint, FontConfiguration, LocalOnlyFetcher = _weasyprint()
        fetcher = LocalOnlyFetcher()
        fonts = FontConfiguration()
        base_url = ASSETS.as_uri() + "/"
        stylesheet = weasyprint.CSS(
            string=_print_css(document),
            base_url=base_url,
            font_config=fonts,
            url_fetcher=fetcher,
        )
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet], font_config=fonts
        )
