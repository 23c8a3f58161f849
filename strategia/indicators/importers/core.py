"""What every import format shares: errors, rows, and the canonical forms.

A format module (``sotkanet``, ``jsonstat2``, ``syke``, ``table``) only reads
its file and yields ``RawRow``s; turning them into valid observations
(indicator, area, period, number, dimensions key) happens here, once, so
every format fails the same way on the same kind of bad input.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, NamedTuple

from django.utils.translation import gettext as _

from strategia.indicators.models import (
    FINLAND_AREA,
    Indicator,
    ObservationStatus,
    TimeResolution,
)


class ImportFileError(Exception):
    """A file that cannot be imported; names the file, the place in it and the field."""

    def __init__(
        self, message: str, *, file_name: str = "", location: str = "", field: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file_name = file_name
        self.location = location
        self.field = field

    def __str__(self) -> str:
        parts = [p for p in (self.file_name, self.location) if p]
        if self.field:
            parts.append(_("field %(field)s") % {"field": self.field})
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message


class RawRow(NamedTuple):
    """One value as a format module read it, before validation.

    ``location`` is a row number or item index that the format's
    ``location_label`` turns into words for error messages; ``indicator`` is
    whatever the file uses to name the indicator (a slug, a Sotkanet id) or
    ``None`` for "the indicator of this import".
    """

    location: int
    indicator: Any
    area: Any
    period: Any
    # A dict, or (faster for big files) a tuple of (name, value) pairs sorted by name.
    dimensions: dict[str, str] | tuple[tuple[str, str], ...]
    value: Any
    absolute_value: Any = None
    status: str = ""


def row_label(line_no: int) -> str:
    return _("row %(row)s") % {"row": line_no}


@dataclass
class ParseContext:
    """What a format module may need besides the file itself.

    ``location_label`` turns a ``RawRow.location`` into words; a format sets
    its own (``$[12]`` for JSON, ``row 12, column 2021`` for wide tables).
    """

    file_name: str
    indicators: list[Indicator]
    indicator: Indicator | None = None
    regions: dict[int, str] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    location_label: Callable[[int], str] = row_label

    def error(self, message: str, *, location: str = "", field: str = "") -> ImportFileError:
        return ImportFileError(message, file_name=self.file_name, location=location, field=field)

    def single_indicator(self, format_name: str) -> Indicator:
        if self.indicator is None:
            raise self.error(
                _("The %(format)s format needs --indicator: the file does not name one.")
                % {"format": format_name}
            )
        return self.indicator


# --- Canonical forms ------------------------------------------------------

_AREA_RE = re.compile(r"^(?:\d{3}|SSS|(?:MK|HV|SK|SA|AVI|ELY)\d{1,3})$")


def normalise_area(raw: Any) -> str:
    """An area code in the form Strategia stores: ``240``, ``SSS``, ``MK19``.

    Accepts Statistics Finland's ``KU240``, numbers from spreadsheets (``5`` →
    ``005``) and any case. Raises ``ValueError`` for anything else, so a
    misspelt area (``Kemi``, ``24O``) fails the import instead of creating a
    series of its own. The form is checked, not membership of the current
    municipality classification, which changes with mergers and is not
    shipped with the app.
    """
    if isinstance(raw, bool) or raw is None:
        raise ValueError(_("an area code is required"))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        raw = f"{raw:03d}"
    code = str(raw).strip().upper()
    if code.startswith("KU") and code[2:].isdigit():
        code = code[2:]
    if code.isdigit() and len(code) < 3:
        code = code.zfill(3)
    if code in ("FI", "FINLAND", "KOKO MAA", "HELA LANDET"):
        code = FINLAND_AREA
    if not _AREA_RE.match(code):
        raise ValueError(_("unknown area %(area)r") % {"area": str(raw)})
    return code


_YEAR_RE = re.compile(r"^(\d{4})(?:\.0+)?$")
_QUARTER_RE = re.compile(r"^(\d{4})\s*-?\s*[QK]([1-4])$", re.IGNORECASE)
_MONTH_RE = re.compile(r"^(\d{4})\s*(?:M|-)\s*(\d{1,2})$", re.IGNORECASE)
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FI_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_period(raw: Any, resolution: str) -> tuple[str, datetime.date]:
    """The canonical period string and its first day, for an indicator's time resolution.

    year ``2023``; quarter ``2023Q1`` (also ``2023K1``, ``2023-Q1``); month
    ``2023M01`` (also ``2023-01``); date ``2023-01-15`` (also ``15.1.2023``).
    A period of another resolution than the indicator's is an error: mixing
    them would make the series meaningless.
    """
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        if resolution == TimeResolution.DATE:
            return raw.isoformat(), raw
        raise ValueError(_("a date was given but the indicator is %(res)s") % {"res": resolution})
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip() if raw is not None else ""
    try:
        if resolution == TimeResolution.YEAR:
            m = _YEAR_RE.match(text)
            if m:
                year = int(m.group(1))
                return str(year), datetime.date(year, 1, 1)
        elif resolution == TimeResolution.QUARTER:
            m = _QUARTER_RE.match(text)
            if m:
                year, quarter = int(m.group(1)), int(m.group(2))
                return f"{year}Q{quarter}", datetime.date(year, 3 * quarter - 2, 1)
        elif resolution == TimeResolution.MONTH:
            m = _MONTH_RE.match(text)
            if m:
                year, month = int(m.group(1)), int(m.group(2))
                start = datetime.date(year, month, 1)
                return f"{year}M{month:02d}", start
        elif resolution == TimeResolution.DATE:
            m = _ISO_DATE_RE.match(text)
            if m:
                day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                return day.isoformat(), day
            m = _FI_DATE_RE.match(text)
            if m:
                day = datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                return day.isoformat(), day
    except ValueError:
        pass
    raise ValueError(
        _("%(period)r is not a period of resolution %(res)s") % {"period": text, "res": resolution}
    )


def parse_number(raw: Any) -> float | None:
    """A number from a file: ``12,5`` and ``12.5`` and ``1 234,5`` all work; empty is ``None``."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(_("%(value)r is not a number") % {"value": raw})
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
            try:
                number = float(cleaned)
            except ValueError:
                raise ValueError(_("%(value)r is not a number") % {"value": text}) from None
    if not math.isfinite(number):
        raise ValueError(_("%(value)r is not a finite number") % {"value": raw})
    return number


_STATUS_ALIASES = {
    "": ObservationStatus.OK,
    "ok": ObservationStatus.OK,
    "final": ObservationStatus.OK,
    "preliminary": ObservationStatus.PRELIMINARY,
    "ennakko": ObservationStatus.PRELIMINARY,
    "ennakkotieto": ObservationStatus.PRELIMINARY,
    "p": ObservationStatus.PRELIMINARY,
    "confidential": ObservationStatus.CONFIDENTIAL,
    "salassapidettävä": ObservationStatus.CONFIDENTIAL,
    "salainen": ObservationStatus.CONFIDENTIAL,
    "missing": ObservationStatus.MISSING,
    "puuttuu": ObservationStatus.MISSING,
}


def parse_status(raw: Any) -> str:
    key = str(raw or "").strip().lower()
    try:
        return str(_STATUS_ALIASES[key])
    except KeyError:
        raise ValueError(
            _("unknown status %(status)r (use preliminary, confidential or missing)")
            % {"status": str(raw)}
        ) from None


def dimensions_key(dimensions: dict[str, str] | tuple[tuple[str, str], ...]) -> str:
    """The canonical string of dimension values: ``age=65-|sex=female``; empty for none."""
    if not dimensions:
        return ""
    pairs = dict(dimensions)
    return "|".join(f"{k}={pairs[k]}" for k in sorted(pairs))


def dimensions_json(dimensions: dict[str, str] | tuple[tuple[str, str], ...]) -> str:
    if not dimensions:
        return "{}"
    return json.dumps(dict(dimensions), ensure_ascii=False, sort_keys=True)


# --- Reading files ---------------------------------------------------------


class CountingReader(io.RawIOBase):
    """A binary stream that counts the bytes read through it, for the progress bar."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.bytes_read += n
        return n

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.bytes_read += len(data)
        return data


def text_stream(source: BinaryIO) -> io.TextIOWrapper:
    """A text view of an uploaded or saved CSV: UTF-8 with or without BOM, any newline."""
    return io.TextIOWrapper(source, encoding="utf-8-sig", newline="")


def sniff_delimiter(first_line: str) -> str:
    """``;`` (the Finnish CSV with decimal commas), tab or ``,``: whichever the header uses most."""
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def open_csv(
    source: BinaryIO, ctx: ParseContext
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The lower-cased header of a CSV and an iterator of (line number, cells) after it."""
    import csv

    text = text_stream(source)
    first = text.readline()
    if not first.strip():
        raise ctx.error(_("The file is empty."), location=_("row %(row)s") % {"row": 1})
    delimiter = sniff_delimiter(first)
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]
    reader = csv.reader(text, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            # line_num counts lines of the body read so far; +1 for the header.
            yield reader.line_num + 1, cells

    return header, rows()
