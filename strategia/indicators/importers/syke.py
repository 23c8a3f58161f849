"""SYKE's municipal greenhouse-gas emissions CSV (kuntien kasvihuonekaasupäästöt).

``;``-separated with decimal commas; one row per municipality, year and
emission line, with the sector hierarchy in ``taso_1`` … ``taso_5``, a flag
for whether the line counts in the Hinku calculation, a flag for emissions
trading, the emissions in kt CO2e and the energy in GWh.

The importer sums the lines into one indicator with a ``sector`` dimension:
the total (no dimension) and one series per category of the chosen sector
level. The indicator's ``source_reference`` chooses::

    {"method": "hinku",                 # "hinku": only lines flagged for Hinku;
                                        # "stat": every line (the statistical total)
     "sector_level": 1,                 # which taso_N column is the sector
     "include_emissions_trading": false,# lines under emissions trading (stat only)
     "quantity": "emissions"}           # or "energy" for the GWh column

Column names are matched without regard to case, spaces, dashes or Finnish
letters (``Hinku-laskenta``, ``hinku_laskenta`` and ``hinku`` all work); a
municipality code column (``kuntakoodi``, ``kunta_koodi``, ``kuntanumero``)
is used when present, otherwise the rows are the organisation's own
municipality. This layout follows SYKE's published open-data file as
described in the issue; the recorded test file
``tests/data/syke_kemi.csv`` shows the exact form assumed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from .core import ParseContext, RawRow, open_csv, parse_number, row_label


def _norm(name: str) -> str:
    name = name.lower().replace("ä", "a").replace("ö", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "", name)


_COLUMNS = {
    "year": ("vuosi", "year"),
    "area": ("kuntakoodi", "kuntanumero", "kuntaid", "kunnankoodi", "municipalitycode"),
    "hinku": ("hinkulaskenta", "hinku", "hinkulaskennassa"),
    "trading": ("paastokauppa", "emissionstrading", "paastokaupassa"),
    "emissions": ("ktco2e", "paastotktco2e", "paastot", "emissions"),
    "energy": ("energiagwh", "gwh", "energiankulutusgwh", "energiankulutus", "energy"),
}
_TRUE = {"1", "true", "kyllä", "kylla", "k", "x", "yes", "t"}
_FALSE = {"0", "false", "ei", "e", "no", "f", ""}


def _flag(ctx: ParseContext, raw: str, line_no: int, field: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ctx.error(
        _("%(value)r is not a yes/no flag") % {"value": raw},
        location=row_label(line_no),
        field=field,
    )


def read(source: BinaryIO, ctx: ParseContext) -> Iterator[RawRow]:
    indicator = ctx.single_indicator("syke")
    ref = indicator.source_reference or {}
    method = ref.get("method", "hinku")
    if method not in ("hinku", "stat"):
        raise ctx.error(
            _("the indicator's source reference has method %(m)r; use hinku or stat")
            % {"m": method},
            field="method",
        )
    level = int(ref.get("sector_level", 1))
    include_trading = bool(ref.get("include_emissions_trading", method == "stat"))
    quantity = "energy" if ref.get("quantity") == "energy" else "emissions"

    header, rows = open_csv(source, ctx)
    normalised = [_norm(h) for h in header]
    positions: dict[str, int] = {}
    for name, aliases in _COLUMNS.items():
        for alias in aliases:
            if alias in normalised:
                positions[name] = normalised.index(alias)
                break
    sector_column = f"taso{level}"
    if sector_column in normalised:
        positions["sector"] = normalised.index(sector_column)
    for required in ("year", "hinku", "sector", quantity):
        if required not in positions:
            shown = f"taso_{level}" if required == "sector" else required
            raise ctx.error(
                _("the header has no %(column)s column (found: %(header)s)")
                % {"column": shown, "header": ", ".join(header)},
                location=row_label(1),
                field=shown,
            )

    default_area = indicator.default_area
    # (area, year) -> [first line, total, {sector: [first line, sum]}]; bounded by the
    # number of series, not by the number of lines.
    sums: dict[tuple[str, str], list[Any]] = {}
    for line_no, cells in rows:
        if len(cells) != len(header):
            raise ctx.error(
                _("%(found)s cells where the header has %(expected)s")
                % {"found": len(cells), "expected": len(header)},
                location=row_label(line_no),
            )
        if method == "hinku" and not _flag(ctx, cells[positions["hinku"]], line_no, "hinku"):
            continue
        if (
            "trading" in positions
            and not include_trading
            and _flag(ctx, cells[positions["trading"]], line_no, "paastokauppa")
        ):
            continue
        try:
            amount = parse_number(cells[positions[quantity]])
        except ValueError as exc:
            raise ctx.error(
                str(exc), location=row_label(line_no), field=header[positions[quantity]]
            ) from None
        if amount is None:
            continue
        area = cells[positions["area"]].strip() if "area" in positions else default_area
        year = cells[positions["year"]].strip()
        sector = cells[positions["sector"]].strip()
        entry = sums.setdefault((area, year), [line_no, 0.0, {}])
        entry[1] += amount
        if sector:
            sector_entry = entry[2].setdefault(sector, [line_no, 0.0])
            sector_entry[1] += amount

    for (area, year), (first_line, total, sectors) in sums.items():
        yield RawRow(first_line, None, area, year, {}, round(total, 6))
        for sector, (sector_line, amount) in sectors.items():
            yield RawRow(sector_line, None, area, year, {"sector": sector}, round(amount, 6))
