"""Residents' text: stored as written, shown as limited Markdown through a sanitiser.

The text is rendered with markdown-it-py with raw HTML off (any ``<script>``
the writer typed comes out as text) and only a few rules on: paragraphs,
line breaks, emphasis, lists, quotes, inline code and links. The result then
goes through nh3 with an allow-list of those same elements, ``http``,
``https`` and ``mailto`` links only, and ``rel="nofollow noopener noreferrer
ugc"`` on every link — so even a renderer bug could not let markup through.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "a", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_LINK = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return (
        MarkdownIt("zero", {"html": False, "breaks": True})
        .enable(["emphasis", "list", "blockquote", "link", "newline", "backticks", "escape"])
        .enable(["entity"])
    )


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )


def render_markdown(text: str) -> SafeString:
    """The text as sanitised HTML, safe to put in a page."""
    return mark_safe(sanitise_html(_markdown().render(text or "")))  # noqa: S308 (sanitised)


def plain_text(text: str) -> str:
    """The text with every tag removed, for mail and documents."""
    return nh3.clean(_markdown().render(text or ""), tags=set()).strip()


def link_count(text: str) -> int:
    """How many web addresses the text contains, written as links or bare."""
    return len(_LINK.findall(text or ""))
