"""SYKE's municipal greenhouse-gas emissions CSV (kuntien kasvihuonekaasupäästöt).

Two layouts, both ``;``-separated with decimal commas, recognised by their
header names in any column order:

* **since 8 June 2026**, ``Tulokset_taso_5/kunta_<code>.csv``: ``vuosi``,
  ``taso_3``, ``taso_4``, ``taso_5``, ``hinku_laskenta``, ``päästökauppa``,
  ``kt`` (kt CO2e), ``kt_tuuli`` (kt CO2e with wind-power credits) and
  ``GWh``. One file per municipality, with no municipality column; the
  sector levels hold SYKE's abbreviations (``Kul``, ``Kau``, ``Tie`` …, a list
  per level), levels 1 and 2 are left out (they follow from level 3), and
  every row is at level 5. ``NA`` marks a missing figure.
* **older**, found in archives: ``kunta`` (and possibly ``kuntanumero``),
  ``vuosi``, ``taso_1`` … ``taso_5`` with full Finnish names,
  ``hinku-laskenta``, ``päästökauppa`` (``On``/``Ei``), ``ktCO2e``,
  ``ktCO2e_tuuli`` and ``energiankulutus (GWh)``.

The rows are summed into one indicator with a ``sector`` dimension: the
total (no dimension) and one series per sector of the chosen level, named
in Finnish (``sectors.py`` has the taxonomy and the Swedish and English
names the pages show). The indicator's ``source_reference`` chooses::

    {"method": "hinku",                  # "hinku": only rows in the Hinku calculation
                                         # (hinku_laskenta); "stat": every row
     "sector_level": 1,                  # 1–5: the level the sector series are summed to
     "include_emissions_trading": false, # rows under emissions trading (default: stat only)
     "include_credits": false,           # the credit rows (Kompensaatiot / Päästöhyvitykset)
     "quantity": "emissions"}            # or "emissions_with_wind" (kt_tuuli), "energy" (GWh)

A row whose municipality column (``kunta`` by name, ``kuntanumero`` by code)
names another municipality than the indicator's area is refused: the file
was meant for another city. A year, sector or total whose figures are all
``NA`` becomes a missing value, not a zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from strategia.indicators import sectors

from .core import ParseContext, RawRow, normalise_area, open_csv, parse_number, row_label


def _norm(name: str) -> str:
    name = name.lower().replace("ä", "a").replace("ö", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "", name)


# Normalised header names (lower case, Finnish letters folded, no separators).
_COLUMNS = {
    "year": ("vuosi", "year"),
    "municipality": ("kunta", "kunnannimi", "municipality"),
    "code": ("kuntanumero", "kuntakoodi", "kuntanro", "kuntaid", "kunnankoodi"),
    "hinku": ("hinkulaskenta", "hinku", "hinkulaskennassa"),
    "trading": ("paastokauppa", "emissionstrading", "paastokaupassa"),
    "emissions": ("kt", "ktco2e", "paastotktco2e", "paastot", "emissions"),
    "emissions_with_wind": ("kttuuli", "ktco2etuuli"),
    "energy": ("gwh", "energiankulutusgwh", "energiankulutus", "energiagwh", "energy"),
}
_QUANTITIES = ("emissions", "emissions_with_wind", "energy")
_TRUE = {"1", "true", "on", "kyllä", "kylla", "k", "x", "yes", "t"}
_FALSE = {"0", "false", "ei", "e", "no", "f", ""}
_MISSING = {"", "na", "n/a", "null", "..", "."}


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


def _options(ctx: ParseContext, reference: dict[str, Any]) -> tuple[str, int, bool, bool, str]:
    method = reference.get("method", "hinku")
    if method not in ("hinku", "stat"):
        raise ctx.error(
            _("the indicator's source reference has method %(m)r; use hinku or stat")
            % {"m": method},
            field="method",
        )
    try:
        level = int(reference.get("sector_level", 1))
    except (TypeError, ValueError):
        level = 0
    if not 1 <= level <= 5:
        raise ctx.error(
            _("the indicator's source reference has sector_level %(level)r; use 1 to 5")
            % {"level": reference.get("sector_level")},
            field="sector_level",
        )
    quantity = reference.get("quantity", "emissions")
    if quantity not in _QUANTITIES:
        raise ctx.error(
            _("the indicator's source reference has quantity %(q)r; use %(choices)s")
            % {"q": quantity, "choices": ", ".join(_QUANTITIES)},
            field="quantity",
        )
    trading = bool(reference.get("include_emissions_trading", method == "stat"))
    credits = bool(reference.get("include_credits", False))
    return method, level, trading, credits, quantity


def read(source: BinaryIO, ctx: ParseContext) -> Iterator[RawRow]:
    indicator = ctx.single_indicator("syke")
    method, level, include_trading, include_credits, quantity = _options(
        ctx, indicator.source_reference or {}
    )
    header, rows = open_csv(source, ctx)
    normalised = [_norm(h) for h in header]
    positions: dict[str, int] = {}
    for name, aliases in _COLUMNS.items():
        for alias in aliases:
            if alias in normalised:
                positions[name] = normalised.index(alias)
                break
    levels = {n: normalised.index(f"taso{n}") for n in range(1, 6) if f"taso{n}" in normalised}
    # The level-5 files leave out levels 1 and 2; they follow from level 3.
    derived = 1 not in levels or 2 not in levels
    needed = ["year", quantity] + (["hinku"] if method == "hinku" else [])
    for required in needed:
        if required not in positions:
            shown = _COLUMNS[required][0]
            raise ctx.error(
                _("the header has no %(column)s column (found: %(header)s)")
                % {"column": shown, "header": ", ".join(header)},
                location=row_label(1),
                field=shown,
            )
    for required in [3] if derived else [level]:
        if required not in levels:
            raise ctx.error(
                _("the header has no %(column)s column (found: %(header)s)")
                % {"column": f"taso_{required}", "header": ", ".join(header)},
                location=row_label(1),
                field=f"taso_{required}",
            )

    area = indicator.default_area
    own_names = _own_names(indicator)
    year_pos, amount_pos = positions["year"], positions[quantity]
    amount_header = header[amount_pos]
    width = len(header)
    # (year) -> [first line, total or None, {sector: [first line, sum or None]}];
    # bounded by the number of series, not by the number of rows.
    sums: dict[str, list[Any]] = {}
    checked_municipalities: set[str] = set()
    for line_no, cells in rows:
        if len(cells) != width:
            raise ctx.error(
                _("%(found)s cells where the header has %(expected)s")
                % {"found": len(cells), "expected": width},
                location=row_label(line_no),
            )
        for column in ("code", "municipality"):
            if column in positions:
                named = cells[positions[column]].strip()
                if named not in checked_municipalities:
                    _check_municipality(
                        ctx, column, named, area, own_names, line_no, header, positions
                    )
                    checked_municipalities.add(named)
        if method == "hinku" and not _flag(
            ctx, cells[positions["hinku"]], line_no, "hinku_laskenta"
        ):
            continue
        if (
            "trading" in positions
            and not include_trading
            and _flag(ctx, cells[positions["trading"]], line_no, "päästökauppa")
        ):
            continue
        path = _sector_path(ctx, cells, levels, derived, line_no, header)
        if not include_credits and path[1] == sectors.CREDITS:
            continue
        raw_amount = cells[amount_pos].strip()
        if raw_amount.lower() in _MISSING:
            amount = None
        else:
            try:
                amount = parse_number(raw_amount)
            except ValueError as exc:
                raise ctx.error(
                    str(exc), location=row_label(line_no), field=amount_header
                ) from None
        year = cells[year_pos].strip()
        entry = sums.get(year)
        if entry is None:
            entry = sums[year] = [line_no, None, {}]
        sector = path[level] or ""
        sector_entry = entry[2].get(sector)
        if sector_entry is None:
            sector_entry = entry[2][sector] = [line_no, None]
        if amount is not None:
            entry[1] = amount if entry[1] is None else entry[1] + amount
            sector_entry[1] = amount if sector_entry[1] is None else sector_entry[1] + amount

    for year, (first_line, total, by_sector) in sums.items():
        yield RawRow(first_line, None, area, year, (), _rounded(total))
        for sector, (sector_line, amount) in by_sector.items():
            if sector:
                yield RawRow(sector_line, None, area, year, (("sector", sector),), _rounded(amount))


def _rounded(amount: float | None) -> float | None:
    # Sums of decimal figures carry float noise (40.25 + 5.5 + …); six decimals
    # is far below SYKE's own precision and makes a re-import compare equal.
    return None if amount is None else round(amount, 6)


def _sector_path(
    ctx: ParseContext,
    cells: list[str],
    levels: dict[int, int],
    derived: bool,
    line_no: int,
    header: list[str],
) -> list[str | None]:
    """The row's sector on levels 1–5 in Finnish (index 0 unused)."""
    path: list[str | None] = [None] * 6
    for number, pos in levels.items():
        text = cells[pos].strip()
        if not text:
            continue
        name = sectors.expand(number, text)
        if name is None:
            if derived:
                # The level-5 layout only ever holds SYKE's abbreviations.
                raise ctx.error(
                    _("unknown sector abbreviation %(value)r on level %(level)s")
                    % {"value": text, "level": number},
                    location=row_label(line_no),
                    field=header[pos],
                )
            # An archived file may carry a name of an older taxonomy: kept as written.
            name = text
        path[number] = name
    if derived:
        parents = sectors.LEVEL_3_PARENTS.get(path[3] or "")
        if parents is None:
            raise ctx.error(
                _("level 3 is empty, so levels 1 and 2 cannot be derived"),
                location=row_label(line_no),
                field=header[levels[3]],
            )
        path[1], path[2] = parents
    # A deeper level left empty repeats the one above it, as SYKE's own files do.
    for number in range(2, 6):
        if path[number] is None:
            path[number] = path[number - 1]
    return path


def _own_names(indicator: Any) -> set[str]:
    organisation = indicator.organisation
    names = {getattr(organisation, f"name_{lang}", "") or "" for lang in ("fi", "sv", "en")}
    names.add(organisation.name or "")
    return {name.strip().lower() for name in names if name.strip()}


def _check_municipality(
    ctx: ParseContext,
    column: str,
    named: str,
    area: str,
    own_names: set[str],
    line_no: int,
    header: list[str],
    positions: dict[str, int],
) -> None:
    """A row for another municipality means the file is another city's: refused."""
    if not named:
        return
    if column == "code" or named.isdigit():
        try:
            matches = normalise_area(named) == area
        except ValueError:
            matches = False
    else:
        matches = named.lower() in own_names
    if not matches:
        raise ctx.error(
            _("the row is for %(named)s, but the indicator is about %(area)s")
            % {"named": named, "area": ", ".join(sorted(own_names)) or area},
            location=row_label(line_no),
            field=header[positions[column]],
        )
