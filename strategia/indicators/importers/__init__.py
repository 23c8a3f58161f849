"""Observation importers, one module per source format, sharing ``core`` and ``writer``.

``FORMATS`` maps a format name to how its rows are read; the one entry point
for files, uploads and live fetches is ``strategia.indicators.services.observations_import``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from strategia.indicators.models import Indicator

from . import jsonstat2, sotkanet, syke, table
from .core import ImportFileError, ParseContext, RawRow, row_label


@dataclass(frozen=True)
class Format:
    read: Callable[[BinaryIO, ParseContext], Iterator[RawRow]]
    # Maps what the file calls an indicator to the indicator; None: the file names none.
    indicator_lookup: Callable[[ParseContext], dict[Any, Indicator]] | None
    location_label: Callable[[int], str] = row_label


FORMATS: dict[str, Format] = {
    "sotkanet": Format(sotkanet.read_json, sotkanet.indicator_lookup, sotkanet.json_location),
    "sotkanet-csv": Format(sotkanet.read_csv, sotkanet.indicator_lookup),
    "jsonstat2": Format(jsonstat2.read, None, jsonstat2.location_label),
    "syke": Format(syke.read, None),
    "table": Format(table.read, table.indicator_lookup),
}

__all__ = ["FORMATS", "Format", "ImportFileError", "ParseContext", "RawRow"]
