"""THL Sotkanet: the JSON of ``/rest/1.1/json`` and the ``/csv`` export.

Both are rows of indicator id, Sotkanet's internal region id, year, gender,
value and absolute value. Region ids become municipality codes through the
``/regions`` JSON (``--regions``): category ``KUNTA`` gives the municipality
code (``240``), ``MAA`` is Finland (``SSS``), ``MAAKUNTA`` a region
(``MK`` + code) and ``HYVINVOINTIALUE`` a wellbeing services county
(``HV`` + code). Gender ``total`` is the series without a sex dimension;
``male`` and ``female`` become ``{"sex": "male"}`` / ``{"sex": "female"}``.

The CSV export (``/rest/1.1/csv``) is ``;``-separated with decimal commas,
possibly with a UTF-8 byte order mark, under the header ``indicator;region;
year;gender;primary value;absolute value``; the older ``value;absvalue``
names and Finnish headers work too (see ``_CSV_COLUMNS``). A JSON answer
whose top level is not a list is refused, not read as no rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from strategia.indicators.models import FINLAND_AREA, Indicator, Source

from .core import ImportFileError, ParseContext, RawRow, json_list_items, open_csv, row_label

_CATEGORY_PREFIX = {"KUNTA": "", "MAAKUNTA": "MK", "HYVINVOINTIALUE": "HV"}


def read_regions(source: BinaryIO, file_name: str) -> dict[int, str]:
    """Sotkanet region id → area code, from the ``/regions`` JSON."""

    def error(message: str, *, location: str = "", field: str = "") -> ImportFileError:
        return ImportFileError(message, file_name=file_name, location=location, field=field)

    regions: dict[int, str] = {}
    raw = source if getattr(source, "seekable", lambda: False)() else None
    for index, item in json_list_items(source, error, raw=raw):
        if not isinstance(item, dict):
            raise error(_("expected an object"), location=f"$[{index}]")
        category = str(item.get("category", "")).upper()
        code = str(item.get("code", "")).strip()
        try:
            region_id = int(item["id"])
        except (KeyError, TypeError, ValueError):
            raise error(
                _("a region needs a numeric id"), location=f"$[{index}]", field="id"
            ) from None
        if category == "MAA":
            regions[region_id] = FINLAND_AREA
        elif category in _CATEGORY_PREFIX and code:
            prefix = _CATEGORY_PREFIX[category]
            regions[region_id] = prefix + (code.zfill(3) if not prefix else code.zfill(2))
    return regions


def indicator_lookup(ctx: ParseContext) -> dict[Any, Indicator]:
    candidates = [ctx.indicator] if ctx.indicator else ctx.indicators
    lookup: dict[Any, Indicator] = {}
    for indicator in candidates:
        ref = indicator.source_reference or {}
        if indicator.source == Source.SOTKANET and ref.get("indicator") is not None:
            lookup[int(ref["indicator"])] = indicator
    return lookup


def json_location(index: int) -> str:
    return f"$[{index}]"


def _gender_dimensions(gender: Any) -> dict[str, str]:
    gender = str(gender or "total").strip().lower()
    if gender in ("total", "yhteensä", "kaikki", ""):
        return {}
    if gender in ("male", "miehet", "mies"):
        return {"sex": "male"}
    if gender in ("female", "naiset", "nainen"):
        return {"sex": "female"}
    raise ValueError(_("unknown gender %(gender)r") % {"gender": gender})


def _region(ctx: ParseContext, raw: Any, location: str) -> str:
    if ctx.regions is None:
        raise ctx.error(
            _(
                "Sotkanet rows name regions by Sotkanet's own id: give --regions with the "
                "/regions JSON."
            ),
        )
    try:
        return ctx.regions[int(raw)]
    except (KeyError, TypeError, ValueError):
        raise ctx.error(
            _(
                "unknown region %(region)r (not a municipality, region or Finland in the "
                "regions file)"
            )
            % {"region": raw},
            location=location,
            field="region",
        ) from None


def _row(ctx: ParseContext, index: int, location: str, item: dict[str, Any]) -> RawRow:
    try:
        dimensions = _gender_dimensions(item.get("gender"))
    except ValueError as exc:
        raise ctx.error(str(exc), location=location, field="gender") from None
    for required in ("indicator", "year"):
        if item.get(required) in (None, ""):
            raise ctx.error(_("missing"), location=location, field=required)
    try:
        indicator = int(item["indicator"])
    except (TypeError, ValueError):
        raise ctx.error(
            _("%(value)r is not a Sotkanet indicator id") % {"value": item["indicator"]},
            location=location,
            field="indicator",
        ) from None
    value = item.get("value")
    return RawRow(
        location=index,
        indicator=indicator,
        area=_region(ctx, item.get("region"), location),
        period=item["year"],
        dimensions=dimensions,
        value=value,
        absolute_value=item.get("absValue", item.get("absvalue")),
        status="" if value not in (None, "") else "missing",
    )


def read_json(source: BinaryIO, ctx: ParseContext) -> Iterator[RawRow]:
    raw = ctx.options.get("raw_source")
    seekable = raw if raw is not None and getattr(raw, "seekable", lambda: False)() else None
    for index, item in json_list_items(source, ctx.error, raw=seekable):
        if not isinstance(item, dict):
            raise ctx.error(_("expected an object"), location=json_location(index))
        yield _row(ctx, index, json_location(index), item)


_CSV_COLUMNS = {
    "indicator": ("indicator", "indikaattori", "indicator id", "indikaattorin id", "id"),
    "region": ("region", "alue", "region id", "alueen id"),
    "year": ("year", "vuosi"),
    "gender": ("gender", "sukupuoli"),
    # "primary value" / "absolute value" is the header of the /rest/1.1/csv export.
    "value": ("primary value", "value", "arvo", "ensisijainen arvo"),
    "absValue": ("absolute value", "absvalue", "absoluuttinen arvo", "abs"),
}


def read_csv(source: BinaryIO, ctx: ParseContext) -> Iterator[RawRow]:
    header, rows = open_csv(source, ctx)
    positions: dict[str, int] = {}
    for name, aliases in _CSV_COLUMNS.items():
        for alias in aliases:
            if alias in header:
                positions[name] = header.index(alias)
                break
    for required in ("indicator", "region", "year", "value"):
        if required not in positions:
            raise ctx.error(
                _("the header has no %(column)s column (found: %(header)s)")
                % {"column": required, "header": ", ".join(header)},
                location=row_label(1),
                field=required,
            )
    for line_no, cells in rows:
        if len(cells) != len(header):
            raise ctx.error(
                _("%(found)s cells where the header has %(expected)s")
                % {"found": len(cells), "expected": len(header)},
                location=row_label(line_no),
            )
        item = {name: cells[pos] for name, pos in positions.items()}
        # Numbers keep their decimal comma here; the shared validation parses them.
        yield _row(ctx, line_no, row_label(line_no), item)
