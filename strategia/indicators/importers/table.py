"""A table a person fills in: CSV (``;`` or ``,``) or XLSX, long or wide form.

Long form: one value per row, columns ``indicator`` (may be left out when the
import names the indicator), ``area``, ``period``, ``value`` and optionally
``absolute_value`` and ``status``; every other column is a dimension
(``sex``, ``age_group``…), its header the dimension's name. Wide form: the
same columns without ``period`` and ``value``, and one column per period
(``2021``, ``2022``…, or ``2023Q1``…). Empty values are skipped in both forms
unless a status (e.g. ``missing``) is given.

Finnish headers work too (``indikaattori``, ``alue``, ``ajanjakso``,
``arvo``, ``absoluuttinen arvo``, ``tila``). A ``sector`` column may name
SYKE's emission sectors in Finnish, Swedish or English (as the downloads of
a Swedish or English page do); they are stored by their Finnish name. ``exporters.template_bytes``
writes a template with exactly these columns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils import translation
from django.utils.translation import gettext as _

from strategia.indicators import sectors
from strategia.indicators.models import Indicator

from .core import ParseContext, RawRow, open_csv, row_label

HEADER_ALIASES = {
    "indicator": ("indicator", "indikaattori", "mittari", "indikator"),
    "area": ("area", "alue", "område", "kuntakoodi"),
    "period": ("period", "ajanjakso", "vuosi", "year", "period/år"),
    "value": ("value", "arvo", "värde"),
    "absolute_value": ("absolute_value", "absolute value", "absoluuttinen arvo", "abs"),
    "status": ("status", "tila", "flag"),
}
_ALIAS_TO_NAME = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
# Columns the public downloads add for people (unit, source, licence): read past.
_IGNORED = "ignored"


@functools.cache
def _download_labels() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The public download's headers and values in fi/sv/en, mapped back to what is stored.

    Returns (header label → role or ``_IGNORED``, header label → dimension name,
    value label → stored dimension value), all in lower case.
    """
    from strategia.indicators import downloads

    roles: dict[str, str] = {}
    dimensions: dict[str, str] = {}
    values: dict[str, str] = {}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            for role, label in (*downloads.LEADING_COLUMNS, *downloads.TRAILING_COLUMNS):
                roles.setdefault(str(label).lower(), role or _IGNORED)
            for name, label in downloads.DIMENSION_LABELS.items():
                dimensions.setdefault(str(label).lower(), name)
            for stored, label in downloads.VALUE_LABELS.items():
                values.setdefault(str(label).lower(), stored)
    return roles, dimensions, values


_PERIOD_HEADER = re.compile(r"^\d{4}(?:[QKM-]\d{1,2}(?:-\d{2})?)?$", re.IGNORECASE)
_XLSX_MAGIC = b"PK\x03\x04"
# Wide-form locations pack row and column into one number: row * _COLUMNS + column.
_COLUMNS = 10_000


def indicator_lookup(ctx: ParseContext) -> dict[Any, Indicator]:
    """Indicators by slug, and by name in any language (as the public downloads write them)."""
    candidates = [ctx.indicator] if ctx.indicator else ctx.indicators
    lookup: dict[Any, Indicator] = {}
    for indicator in candidates:
        for language in ("fi", "sv", "en"):
            name = getattr(indicator, f"name_{language}", "")
            if name:
                lookup.setdefault(name, indicator)
    lookup.update({indicator.slug: indicator for indicator in candidates})
    return lookup


def read(source: BinaryIO, ctx: ParseContext) -> Iterator[RawRow]:
    head = source.peek(4)[:4] if hasattr(source, "peek") else b""
    if head == _XLSX_MAGIC:
        header, rows = _open_xlsx(ctx)
        yield from _read_rows(ctx, header, rows, csv=False)
    else:
        header, rows = open_csv(source, ctx)
        yield from _read_rows(ctx, header, rows, csv=True)


def _open_xlsx(ctx: ParseContext) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    from zipfile import BadZipFile

    import openpyxl

    raw = ctx.options["raw_source"]
    raw.seek(0)
    try:
        workbook = openpyxl.load_workbook(raw, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ctx.error(_("not a readable XLSX workbook (%(error)s)") % {"error": exc}) from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        first = next(iterator)
    except StopIteration:
        raise ctx.error(_("empty file")) from None
    header = [str(h).strip().lower() if h is not None else "" for h in first]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for line_no, values in enumerate(iterator, start=2):
            cells = list(values[: len(header)])
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            cells += [None] * (len(header) - len(cells))
            yield line_no, cells
        workbook.close()

    return header, rows()


def _read_rows(
    ctx: ParseContext, header: list[str], rows: Iterator[tuple[int, list[Any]]], *, csv: bool
) -> Iterator[RawRow]:
    # CSV cells are always strings: strip them; spreadsheet cells may be numbers.
    text = str.strip if csv else _text
    roles: dict[str, int] = {}
    dimension_columns: list[tuple[str, int]] = []
    period_columns: list[tuple[str, int]] = []
    download_roles, download_dimensions, download_values = _download_labels()
    ignored: set[int] = set()
    for pos, name in enumerate(header):
        if not name:
            raise ctx.error(_("column %(n)s has no header") % {"n": pos + 1}, location=row_label(1))
        role = _ALIAS_TO_NAME.get(name) or download_roles.get(name.lower())
        if role == _IGNORED:
            ignored.add(pos)
            continue
        name = download_dimensions.get(name.lower(), name)
        if role:
            if role in roles:
                raise ctx.error(
                    _("two columns mean %(role)s") % {"role": role},
                    location=row_label(1),
                    field=name,
                )
            roles[role] = pos
        elif _PERIOD_HEADER.match(name):
            period_columns.append((name.upper(), pos))
        else:
            dimension_columns.append((name, pos))

    wide = bool(period_columns)
    if wide and ("period" in roles or "value" in roles):
        raise ctx.error(
            _(
                "a table has either period and value columns (long form) or one column per "
                "period (wide form), not both"
            ),
            location=row_label(1),
            field=period_columns[0][0],
        )
    needed = ("area",) if wide else ("area", "period", "value")
    for role in needed:
        if role not in roles:
            raise ctx.error(
                _("the header has no %(column)s column (found: %(header)s)")
                % {"column": role, "header": ", ".join(header)},
                location=row_label(1),
                field=role,
            )
    if "indicator" not in roles:
        ctx.single_indicator("table")

    if wide:
        labels = {pos: name for name, pos in period_columns}

        def wide_label(location: int) -> str:
            line_no, column = divmod(location, _COLUMNS)
            return _("row %(row)s, column %(column)s") % {
                "row": line_no,
                "column": labels.get(column, column),
            }

        ctx.location_label = wide_label

    # Sorted by name, so that each row's pairs are already in canonical order.
    dimension_columns.sort()
    indicator_pos = roles.get("indicator")
    area_pos = roles["area"]
    abs_pos = roles.get("absolute_value")
    status_pos = roles.get("status")
    period_pos = roles.get("period", -1)
    value_pos = roles.get("value", -1)
    width = len(header)
    # The dimension pairs of a row, cached by the row's dimension cells: a big
    # file repeats a handful of combinations, and building tuples costs.
    dimension_positions = [pos for _name, pos in dimension_columns]
    dimension_cache: dict[Any, tuple[tuple[str, str], ...]] = {}

    def dimensions_of(cells: list[Any]) -> tuple[tuple[str, str], ...]:
        if not dimension_positions:
            return ()
        if len(dimension_positions) == 1:
            raw = cells[dimension_positions[0]]
        else:
            raw = tuple(cells[pos] for pos in dimension_positions)
        found = dimension_cache.get(raw)
        if found is None:
            found = dimension_cache[raw] = tuple(
                (
                    name,
                    sectors.canonical_name(dim_value)
                    if name == sectors.DIMENSION
                    else download_values.get(dim_value.lower(), dim_value),
                )
                for name, pos in dimension_columns
                if (dim_value := text(cells[pos]))
            )
        return found

    for line_no, cells in rows:
        if len(cells) != width:
            raise ctx.error(
                _("%(found)s cells where the header has %(expected)s")
                % {"found": len(cells), "expected": len(header)},
                location=row_label(line_no),
            )
        indicator = text(cells[indicator_pos]) if indicator_pos is not None else None
        dimensions = dimensions_of(cells)
        status = text(cells[status_pos]) if status_pos is not None else ""
        if wide:
            for period, pos in period_columns:
                cell = cells[pos]
                if cell is None or (isinstance(cell, str) and not cell.strip()):
                    continue
                yield (
                    line_no * _COLUMNS + pos,
                    indicator,
                    cells[area_pos],
                    period,
                    dimensions,
                    cell,
                    None,
                    status,
                )
        else:
            value = cells[value_pos]
            if not status and (value is None or (isinstance(value, str) and not value.strip())):
                # An empty value with no status is a row not filled in (as in the
                # template's example row), not a value reported missing.
                continue
            # A plain tuple in RawRow's field order: a NamedTuple costs more per row.
            yield (
                line_no,
                indicator,
                cells[area_pos],
                cells[period_pos],
                dimensions,
                value,
                cells[abs_pos] if abs_pos is not None else None,
                status,
            )


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()
