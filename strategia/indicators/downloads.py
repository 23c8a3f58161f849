"""An indicator's values as a file for people: the public download on the indicator page.

Unlike the importer-compatible export (``exporters.export_observations``, which
the ``export_observations`` command writes and the ``table`` importer reads
back), these files are for reading: column headings in the page's language,
areas by name and code ("Kemin kaupunki (240)", "Koko maa (SSS)"), sexes and
emission sectors in words, and the unit, source and licence in every row of the
CSV and XLSX (a row read alone still says what it is) and in the JSON-stat
dataset's ``extension``. The XLSX has a second sheet that describes the
indicator and where the numbers come from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import exporters, sectors
from .citations import indicator_citation
from .models import FINLAND_AREA, Indicator, Observation, ObservationStatus

# The file's columns around the dimensions, each with the role the table importer reads it
# as (``None``: for people only, read past on import).
LEADING_COLUMNS = (
    ("indicator", gettext_lazy("Indicator")),
    ("area", gettext_lazy("Area")),
    ("period", gettext_lazy("Period")),
)
TRAILING_COLUMNS = (
    ("value", gettext_lazy("Value")),
    (None, gettext_lazy("Unit")),
    ("status", gettext_lazy("Status of the value")),
    (None, gettext_lazy("Source")),
    (None, gettext_lazy("Licence")),
)
DIMENSION_LABELS = {
    "sex": gettext_lazy("sex"),
    "sector": gettext_lazy("sector"),
    "age": gettext_lazy("age group"),
    "age_group": gettext_lazy("age group"),
}
VALUE_LABELS = {
    "female": gettext_lazy("women"),
    "male": gettext_lazy("men"),
    "total": gettext_lazy("total"),
}


def area_label(indicator: Indicator, code: str) -> str:
    """ "Kemin kaupunki (240)", "Koko maa (SSS)"; another area by its code alone."""
    if code == FINLAND_AREA:
        return f"{_('Finland')} ({code})"
    if code and code == indicator.organisation.municipality_code:
        return f"{indicator.organisation.name} ({code})"
    return code


def headers(dimensions: list[str]) -> list[str]:
    return [
        *(str(label) for _role, label in LEADING_COLUMNS),
        *(str(DIMENSION_LABELS.get(name, name)).capitalize() for name in dimensions),
        *(str(label) for _role, label in TRAILING_COLUMNS),
    ]


def source_text(indicator: Indicator) -> str:
    return indicator.get_source_display()


def rows(indicator: Indicator, dimensions: list[str], language: str) -> Iterator[list[Any]]:
    statuses = dict(ObservationStatus.choices)
    source = source_text(indicator)
    observations = (
        Observation.objects.filter(indicator=indicator)
        .order_by("area", "dimensions_key", "period_start")
        .values_list("area", "period", "dimensions", "value", "status")
    )
    for area, period, dims, value, status in observations.iterator(chunk_size=5000):
        dims = sectors.translate_dimensions(dims or {}, language)
        yield [
            indicator.name,
            area_label(indicator, area),
            period,
            *(str(VALUE_LABELS.get(dims.get(name, ""), dims.get(name, ""))) for name in dimensions),
            value,
            indicator.unit,
            str(statuses.get(status, status)),
            source,
            indicator.licence,
        ]


def download(indicator: Indicator, file_format: str, language: str) -> exporters.ExportFile:
    """The indicator's values as CSV, XLSX or JSON-stat 2.0, for reading."""
    if file_format not in exporters.FORMATS:
        raise ValueError(f"unknown download format {file_format!r}")
    if file_format == "jsonstat2":
        dataset = exporters.jsonstat2_dataset(indicator, language)
        dataset["extension"].update(
            {"source": source_text(indicator), "licence": indicator.licence}
        )
        dataset["dimension"]["area"]["category"]["label"] = {
            code: area_label(indicator, code)
            for code in dataset["dimension"]["area"]["category"]["index"]
        }
        content = json.dumps(dataset, ensure_ascii=False).encode()
        return exporters.ExportFile(
            content, exporters.CONTENT_TYPES["jsonstat2"], f"{indicator.slug}.json"
        )
    dimensions = exporters.dimension_names([indicator])
    if file_format == "csv":
        text = io.StringIO()
        text.write("\ufeff")
        writer = csv.writer(text, delimiter=";", lineterminator="\n")
        writer.writerow(headers(dimensions))
        for row in rows(indicator, dimensions, language):
            row[3 + len(dimensions)] = exporters.format_number(row[3 + len(dimensions)])
            writer.writerow(row)
        return exporters.ExportFile(
            text.getvalue().encode("utf-8"), exporters.CONTENT_TYPES["csv"], f"{indicator.slug}.csv"
        )
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Values"))
    sheet.append(headers(dimensions))
    for row in rows(indicator, dimensions, language):
        sheet.append(row)
    about = workbook.create_sheet(_("About the data"))
    for label, value in (
        (_("Indicator"), indicator.name),
        (_("Description"), indicator.description),
        (_("Unit"), indicator.unit),
        (_("Source"), source_text(indicator)),
        (_("Citation"), indicator_citation(indicator, accessed=timezone.localdate())),
        (_("Licence"), indicator.licence),
        (_("Downloaded"), timezone.localtime().strftime("%d.%m.%Y %H:%M")),
    ):
        about.append([label, value])
    binary = io.BytesIO()
    workbook.save(binary)
    return exporters.ExportFile(
        binary.getvalue(), exporters.CONTENT_TYPES["xlsx"], f"{indicator.slug}.xlsx"
    )
