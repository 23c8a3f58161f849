"""Stored markup, shared by the public and the workspace tests: the payloads, how they are
written into every free-text column of a row, and how a page is checked to show them inert.

A page passes when no event handler, no ``javascript:`` address and no element that a
payload could add (script, frame, image, SVG, style, object, embed, form) is there beyond
what the same page has without the payloads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser

from django.db import models

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    "<svg onload=alert(1)>",
    '\'><iframe src="https://evil.example"></iframe>',
]
ADDED_ELEMENTS = ("script", "iframe", "img", "svg", "style", "object", "embed", "form")
# Columns that are not free text: codes the pages build addresses, classes or files from,
# and secrets no page shows.
NOT_FREE_TEXT = {
    "slug",
    "identifier",
    "status",
    "state",
    "kind",
    "visibility",
    "email",
    "password",
    "sha256",
    "municipality_code",
    "hostnames",
    "language",
    "format",
    "file_name",
    "dimensions_key",
    "period",
    "area",
    "dimension",
    "direction",
    "horizon",
}


class Elements(HTMLParser):
    """The elements of a page by tag, and the attributes in it that would run script."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.dangerous: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.dangerous.append(f"{name} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.dangerous.append(f"{name}={value!r} on <{tag}>")


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def findings(before: Elements, html: str) -> list[str]:
    """What in the page ``html`` would run or load something: any event handler or
    ``javascript:`` address, and elements beyond those of ``before`` (the same page without
    the payloads). An empty list for a page that shows the payloads inert."""
    after = elements(html)
    found = list(after.dangerous)  # no page has a handler or a script address of its own
    for tag in ADDED_ELEMENTS:
        grown = after.tags[tag] - before.tags[tag]
        if grown > 0:
            found.append(f"{grown} more <{tag}>")
    return found


def text_columns(model: type[models.Model]) -> list[str]:
    """The free-text columns of a model, found from its fields (a new column is covered)."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in NOT_FREE_TEXT
        and not field.name.startswith(("slug", "identifier", "email"))
        and not isinstance(field, models.URLField)
    ]


def store(rows: Iterable[models.Model], payloads: Sequence[str]) -> int:
    """Write the payloads into every free-text column of ``rows`` (straight into the table,
    as any door could store them) and return how many columns were written.

    Each column starts with its own name, so a test can see it shown, then the payloads,
    the n-th column from the n-th one on: a short column still gets a different one.
    """
    stored = 0
    for row in rows:
        model = type(row)
        values = {}
        for n, column in enumerate(text_columns(model)):
            shift = n % len(payloads)
            text = " ".join([column, *payloads[shift:], *payloads[:shift]])
            values[column] = text[: model._meta.get_field(column).max_length or None]
        model._default_manager.filter(pk=row.pk).update(**values)
        stored += len(values)
    return stored
