"""Renderers: one ``Document`` in, the bytes of one format out."""

from collections.abc import Callable

from ..document import Document
from .docx import render_docx
from .html import render_html
from .pdf import render_pdf
from .xlsx import render_xlsx

RENDERERS: dict[str, Callable[[Document], bytes]] = {
    "html": render_html,
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(document: Document, format: str) -> bytes:
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise ValueError(
            f"Unknown report format {format!r}; known: {', '.join(RENDERERS)}"
        ) from None
    return renderer(document)
