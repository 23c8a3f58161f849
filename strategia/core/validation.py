"""Bounds for the numbers and dates that come in a request.

A number from a URL, a filter or a form reaches the database only if the
database can hold it and the domain can mean it: ids are positive and fit a
64-bit primary key, years lie between 1900 and 2100. Anything else is a 400
(API), a form error (pages) or a 404 (a path), never a 500 from the database
driver (``OverflowError`` on SQLite, "out of range" on PostgreSQL).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2100
# The largest value of a BigAutoField (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1
# An id in an address: 1–18 digits always fits MAX_ID, so routers can refuse the rest.
ID_PATTERN = r"[0-9]{1,18}"


def is_valid_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def is_valid_year(value: object) -> bool:
    return isinstance(value, int) and MIN_YEAR <= value <= MAX_YEAR


def year_or_none(raw: str | None) -> int | None:
    """A year from a query string, or None when it is missing, malformed or out of range."""
    try:
        year = int(str(raw or "").strip())
    except ValueError:
        return None
    return year if is_valid_year(year) else None


def id_or_none(raw: str | None) -> int | None:
    """An object id from a query string, or None when it is missing, malformed or out of range.

    Not ``str.isdigit``: it passes "²" (which ``int`` refuses) and ids no key can hold.
    """
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if is_valid_id(value) else None


class IdField(forms.IntegerField):
    """An object id from a request: a positive integer that fits the primary key."""

    default_error_messages = {"invalid": _("Give the id as a whole number.")}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class YearField(forms.IntegerField):
    """A calendar year between 1900 and 2100."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(**kwargs)
