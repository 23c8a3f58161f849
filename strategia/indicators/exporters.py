"""Observations out: long-form CSV, XLSX and JSON-stat 2.0, and the import template.

The CSV and XLSX files have exactly the columns the ``table`` importer reads
(indicator, area, period, one column per dimension, value, absolute_value,
status), so an export can be edited and imported back. Views call
``export_observations`` / ``template_bytes``; the commands
``export_observations`` and ``import_template`` write the same bytes.

CSV is ``;``-separated with decimal commas, the form Excel opens correctly in
Finnish; UTF-8 with a byte-order mark so that Excel recognises the encoding.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from . import sectors
from .models import Indicator, Observation, TimeResolution

FORMATS = ("csv", "xlsx", "jsonstat2")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonstat2": "application/json",
}
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "jsonstat2": "json"}
BASE_COLUMNS = ("indicator", "area", "period")
VALUE_COLUMNS = ("value", "absolute_value", "status")
_EXAMPLE_PERIOD = {
    TimeResolution.YEAR: "2024",
    TimeResolution.QUARTER: "2024Q1",
    TimeResolution.MONTH: "2024M01",
    TimeResolution.DATE: "2024-01-15",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    file_name: str


def format_number(value: float | None) -> str:
    """``20278`` for whole numbers, ``12,5`` with a decimal comma otherwise; empty for none."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value).replace(".", ",")


def dimension_names(indicators: Iterable[Indicator]) -> list[str]:
    """The dimension names used by the indicators' observations, sorted."""
    names: set[str] = set()
    rows = (
        Observation.objects.filter(indicator__in=list(indicators))
        .exclude(dimensions_key="")
        .order_by()
        .values_list("dimensions_key", flat=True)
        .distinct()
    )
    for key in rows:
        for part in key.split("|"):
            names.add(part.split("=", 1)[0])
    return sorted(names)


def _rows(indicators: list[Indicator], dimensions: list[str], language: str) -> Iterator[list[Any]]:
    slugs = {i.pk: i.slug for i in indicators}
    queryset = (
        Observation.objects.filter(indicator__in=indicators)
        .order_by("indicator_id", "area", "dimensions_key", "period")
        .values_list(
            "indicator_id", "area", "period", "dimensions", "value", "absolute_value", "status"
        )
    )
    for indicator_id, area, period, dims, value, absolute_value, status in queryset.iterator(
        chunk_size=5000
    ):
        dims = sectors.translate_dimensions(dims or {}, language)
        yield [
            slugs[indicator_id],
            area,
            period,
            *(dims.get(name, "") for name in dimensions),
            value,
            absolute_value,
            status,
        ]


def write_csv(indicators: list[Indicator], stream: IO[str], language: str = "fi") -> None:
    dimensions = dimension_names(indicators)
    writer = csv.writer(stream, delimiter=";", lineterminator="\n")
    writer.writerow([*BASE_COLUMNS, *dimensions, *VALUE_COLUMNS])
    for row in _rows(indicators, dimensions, language):
        row[-3] = format_number(row[-3])
        row[-2] = format_number(row[-2])
        writer.writerow(row)


def iter_csv(indicators: list[Indicator], language: str = "fi") -> Iterator[str]:
    """The CSV in pieces, for a ``StreamingHttpResponse`` of a large indicator."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    dimensions = dimension_names(indicators)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([*BASE_COLUMNS, *dimensions, *VALUE_COLUMNS])
    for n, row in enumerate(_rows(indicators, dimensions, language)):
        row[-3] = format_number(row[-3])
        row[-2] = format_number(row[-2])
        writer.writerow(row)
        if n % 2000 == 1999:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(indicators: list[Indicator], stream: IO[bytes], language: str = "fi") -> None:
    import openpyxl

    dimensions = dimension_names(indicators)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Observations"))
    sheet.append([*BASE_COLUMNS, *dimensions, *VALUE_COLUMNS])
    for row in _rows(indicators, dimensions, language):
        sheet.append(row)
    workbook.save(stream)


def jsonstat2_dataset(indicator: Indicator, language: str = "fi") -> dict[str, Any]:
    """One indicator as a JSON-stat 2.0 dataset: area × period × each dimension."""
    dimensions = dimension_names([indicator])
    observations = [
        (area, period, sectors.translate_dimensions(dims or {}, language), value, status)
        for area, period, dims, value, status in Observation.objects.filter(indicator=indicator)
        .order_by("area", "period")
        .values_list("area", "period", "dimensions", "value", "status")
    ]
    categories: dict[str, list[str]] = {"area": [], "period": []}
    for name in dimensions:
        categories[name] = []
    seen: dict[str, set[str]] = {name: set() for name in categories}
    for area, period, dims, _value, _status in observations:
        for name, code in (("area", area), ("period", period)):
            if code not in seen[name]:
                seen[name].add(code)
                categories[name].append(code)
        for name in dimensions:
            code = (dims or {}).get(name, "")
            if code not in seen[name]:
                seen[name].add(code)
                categories[name].append(code)
    for name in categories:
        categories[name].sort()
    ids = list(categories)
    sizes = [len(categories[d]) for d in ids]
    positions = {d: {code: i for i, code in enumerate(categories[d])} for d in ids}
    total = 1
    for size in sizes:
        total *= size
    values: list[float | None] = [None] * total
    status: dict[str, str] = {}
    for area, period, dims, value, flag in observations:
        coordinates = {"area": area, "period": period}
        for name in dimensions:
            coordinates[name] = (dims or {}).get(name, "")
        offset = 0
        for d, size in zip(ids, sizes, strict=True):
            offset = offset * size + positions[d][coordinates[d]]
        values[offset] = value
        if flag:
            status[str(offset)] = flag
    total_label = _("total")
    dataset: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": indicator.name,
        "source": indicator.citation or indicator.get_source_display(),
        "updated": timezone.now().isoformat(timespec="seconds"),
        "id": ids,
        "size": sizes,
        "role": {"geo": ["area"], "time": ["period"]},
        "dimension": {
            d: {
                "label": d,
                "category": {
                    "index": {code: i for i, code in enumerate(categories[d])},
                    "label": {code: code or total_label for code in categories[d]},
                },
            }
            for d in ids
        },
        "value": values,
        "extension": {"indicator": indicator.slug, "unit": indicator.unit},
    }
    if status:
        dataset["status"] = status
    return dataset


def export_observations(
    indicators: list[Indicator], format: str, language: str = "fi"
) -> ExportFile:
    """The observations of the indicators as a downloadable file.

    Emission sectors are named in ``language`` (the page's); the ``table``
    importer reads them back in any of the three languages.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    name = indicators[0].slug if len(indicators) == 1 else "observations"
    if format == "csv":
        text = io.StringIO()
        text.write("\ufeff")
        write_csv(indicators, text, language)
        content = text.getvalue().encode("utf-8")
    elif format == "xlsx":
        binary = io.BytesIO()
        write_xlsx(indicators, binary, language)
        content = binary.getvalue()
    else:
        if len(indicators) != 1:
            raise ValueError("JSON-stat export is per indicator")
        content = json.dumps(
            jsonstat2_dataset(indicators[0], language), ensure_ascii=False
        ).encode()
    return ExportFile(content, CONTENT_TYPES[format], f"{name}.{EXTENSIONS[format]}")


def template_bytes(format: str = "csv", indicator: Indicator | None = None) -> ExportFile:
    """An empty long-form table for the ``table`` importer, with instructions in the XLSX.

    With an indicator, the dimension columns its observations use are
    included and one example row names the indicator, its area and a period
    of its resolution (the value left empty: fill it in, or delete the row).
    """
    dimensions = dimension_names([indicator]) if indicator else []
    header = [*BASE_COLUMNS, *dimensions, *VALUE_COLUMNS]
    example: list[str] | None = None
    if indicator is not None:
        example = [
            indicator.slug,
            indicator.default_area,
            _EXAMPLE_PERIOD[indicator.time_resolution],
            *("" for _name in dimensions),
            "",
            "",
            "",
        ]
    name = f"{indicator.slug}-template" if indicator else "observations-template"
    if format == "csv":
        text = io.StringIO()
        text.write("\ufeff")
        writer = csv.writer(text, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        if example:
            writer.writerow(example)
        return ExportFile(text.getvalue().encode("utf-8"), CONTENT_TYPES["csv"], f"{name}.csv")
    if format != "xlsx":
        raise ValueError(f"unknown template format {format!r}")
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Observations")
    sheet.append(header)
    if example:
        sheet.append(example)
    help_sheet = workbook.create_sheet(_("Instructions"))
    for line in _instructions():
        help_sheet.append(line)
    binary = io.BytesIO()
    workbook.save(binary)
    return ExportFile(binary.getvalue(), CONTENT_TYPES["xlsx"], f"{name}.xlsx")


def _instructions() -> list[list[str]]:
    return [
        [_("Column"), _("What to write")],
        [
            "indicator",
            _("The indicator's identifier (may be left out when importing one indicator)."),
        ],
        ["area", _("Municipality code, e.g. 240; the whole of Finland is SSS.")],
        [
            "period",
            _(
                "Year 2024, quarter 2024Q1, month 2024M01 or date 2024-01-15, "
                "as the indicator is kept."
            ),
        ],
        [_("other columns"), _("A dimension such as sex or age group; leave empty for the total.")],
        ["value", _("The number; a decimal comma or point both work.")],
        ["absolute_value", _("Optional: the count behind a share or rate.")],
        ["status", _("Optional: preliminary, confidential or missing.")],
        [
            _("wide form"),
            _("Instead of period and value, one column per period (2021, 2022, …)."),
        ],
    ]
