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
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, NamedTuple

from django.utils.translation import gettext as _

from strategia.core.validation import MAX_YEAR, MIN_YEAR, is_valid_year
from strategia.indicators.models import (
    FINLAND_AREA,
    FLOAT_MAX,
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


_LABELLED_AREA_RE = re.compile(r"^.*\(\s*([0-9A-Z]+)\s*\)$")


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
    # The public downloads name areas with their code: "Kemi (240)", "Koko maa (SSS)".
    labelled = _LABELLED_AREA_RE.match(code)
    if labelled:
        code = labelled.group(1)
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
    period = _parse_period_text(text, resolution)
    if period is not None and not is_valid_year(period[1].year):
        raise ValueError(
            _("%(period)r lies outside the years %(first)d–%(last)d")
            % {"period": text, "first": MIN_YEAR, "last": MAX_YEAR}
        )
    if period is None:
        raise ValueError(
            _("%(period)r is not a period of resolution %(res)s")
            % {"period": text, "res": resolution}
        )
    return period


def _parse_period_text(text: str, resolution: str) -> tuple[str, datetime.date] | None:
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
    return None


def parse_number(raw: Any) -> float | None:
    """A number from a file: ``12,5`` and ``12.5`` and ``1 234,5`` all work; empty is ``None``.

    ``NaN``, infinities, and numbers or integers beyond the range of a float
    (``1e400``, a 400-digit integer) are refused: stored, they would turn
    every trend and change on the pages into ``inf`` or ``nan``.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(_("%(value)r is not a number") % {"value": raw})
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError:
            message = _("%(value)s is too large for a number") % {"value": _short(raw)}
            raise ValueError(message) from None
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
    if not -FLOAT_MAX <= number <= FLOAT_MAX:
        raise ValueError(_("%(value)s is not a finite number") % {"value": _short(raw)})
    return number


def _short(raw: Any) -> str:
    text = str(raw)
    return repr(text) if len(text) <= 40 else repr(text[:20] + "…" + text[-10:])


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
        raise ctx.error(_("empty file"))
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


# --- JSON ------------------------------------------------------------------

_JSON_SPACE = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"

ErrorFactory = Callable[..., ImportFileError]


def json_list_items(
    source: BinaryIO, error: ErrorFactory, *, raw: BinaryIO | None = None
) -> Iterator[tuple[int, Any]]:
    """(index, item) of a JSON file whose top level is a list, streamed.

    ``error(message, location=…, field=…)`` makes the exception. An empty
    file says so; a top level that is not a list (Sotkanet answers with a
    list, an object is an error page or another API) is refused at ``$``
    instead of being read as no rows; garbage names its byte. ``raw`` is
    the seekable original, used only after a parse error to name the place.
    """
    import ijson

    if not hasattr(source, "peek"):
        source = io.BufferedReader(source)
    first, skipped = _first_json_byte(source)
    if first == b"":
        raise error(_("empty file"))
    if first != b"[":
        if first == b"{":
            raise error(_("the top level is an object, not a list of rows"), location="$")
        raise error(_("not JSON (byte %(byte)s)") % {"byte": skipped + 1})
    index = -1
    try:
        for index, item in enumerate(ijson.items(source, "item", use_float=True)):
            yield index, item
    except ijson.JSONError as exc:
        raise _locate_json_error(raw, error, exc, index) from None


def _first_json_byte(source: BinaryIO) -> tuple[bytes, int]:
    """Skip a BOM and white space: the first meaningful byte, left unread (b"" at the
    end), and how many bytes were skipped. ``source`` is a buffered reader (``peek``)."""
    skipped = 0
    if source.peek(3)[:3] == _BOM:
        source.read(3)
        skipped = 3
    while True:
        head = source.peek(1)[:1]
        if head == b"":
            return b"", skipped
        if head not in _JSON_SPACE:
            return head, skipped
        source.read(1)
        skipped += 1


def _locate_json_error(
    raw: BinaryIO | None, error: ErrorFactory, exc: Exception, index: int
) -> ImportFileError:
    """Where a streamed JSON file went wrong, read again with Python's own parser."""
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if raw is not None and raw.seekable():
        raw.seek(0)
        data = raw.read()
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as bad:
            return error(_("not UTF-8 text (byte %(byte)s)") % {"byte": bad.start + 1})
        except json.JSONDecodeError as bad:
            return error(not_json_message(data, bad))
        # Python reads what yajl refuses: NaN, Infinity and numbers beyond a float.
        for position, item in enumerate(document if isinstance(document, list) else []):
            fields = item.items() if isinstance(item, dict) else [("", item)]
            for name, value in fields:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    try:
                        parse_number(value)
                    except ValueError as refused:
                        return error(str(refused), location=f"$[{position}]", field=name)
    return error(
        _("not valid JSON (%(error)s)") % {"error": detail},
        location=_("after $[%(index)s]") % {"index": index} if index >= 0 else "$",
    )


def not_json_message(data: bytes, bad: json.JSONDecodeError) -> str:
    """ "not JSON (byte N)", N counted from 1 in the file as it is (BOM included)."""
    bom = 3 if data.startswith(_BOM) else 0
    byte = len(bad.doc[: bad.pos].encode("utf-8")) + bom + 1
    return _("not JSON (byte %(byte)s)") % {"byte": byte}


def load_json_document(source: BinaryIO, error: ErrorFactory) -> Any:
    """A whole JSON document (JSON-stat answers are small); empty and garbage named by byte."""
    data = source.read()
    if not data.strip(_JSON_SPACE) or data.strip(_JSON_SPACE) == _BOM:
        raise error(_("empty file"))
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as bad:
        raise error(_("not UTF-8 text (byte %(byte)s)") % {"byte": bad.start + 1}) from None
    except json.JSONDecodeError as bad:
        raise error(not_json_message(data, bad)) from None
