"""Exports round-trip through the importers; the template imports as it is."""

import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from strategia.indicators.exporters import export_observations, format_number, template_bytes
from strategia.indicators.models import Observation, Source, TimeResolution
from strategia.indicators.services import observations_import

from .factories import IndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def snapshot(indicator):
    return sorted(
        (o.area, o.period, o.dimensions_key, o.value, o.absolute_value, o.status)
        for o in Observation.objects.filter(indicator=indicator)
    )


@pytest.fixture
def sotkanet_indicator(organisation, run_import, data_path):
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="koulutus",
        source=Source.SOTKANET,
        source_reference={"indicator": 127},
    )
    run_import("sotkanet", "sotkanet_127.json", "--regions", data_path("sotkanet_regions.json"))
    return indicator


def reimport(organisation, indicator, content, fmt="table"):
    return observations_import(
        organisation=organisation,
        format=fmt,
        source=io.BytesIO(content),
        file_name="export",
        indicator=indicator,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trips_through_the_table_importer(organisation, sotkanet_indicator, fmt):
    before = snapshot(sotkanet_indicator)
    exported = export_observations([sotkanet_indicator], fmt)

    unchanged = reimport(organisation, sotkanet_indicator, exported.content)
    assert (unchanged.created, unchanged.updated, unchanged.unchanged) == (0, 0, 7)

    Observation.objects.all().delete()
    created = reimport(organisation, sotkanet_indicator, exported.content)
    assert created.created == 7
    assert snapshot(sotkanet_indicator) == before
    assert exported.file_name == f"koulutus.{fmt}"


def test_csv_export_layout(sotkanet_indicator):
    text = export_observations([sotkanet_indicator], "csv").content.decode("utf-8-sig")
    lines = text.splitlines()

    assert lines[0] == "indicator;area;period;sex;value;absolute_value;status"
    assert "koulutus;240;2022;female;29,7;2989;" in lines
    assert "koulutus;240;2023;;;;missing" in lines


def test_jsonstat2_export_round_trips_through_the_jsonstat2_importer(
    organisation, sotkanet_indicator
):
    exported = export_observations([sotkanet_indicator], "jsonstat2")
    dataset = json.loads(exported.content)
    assert dataset["id"] == ["area", "period", "sex"]
    assert len(dataset["value"]) == 3 * 3 * 3  # areas 240, MK19, SSS × 3 years × 3 sexes

    copy = IndicatorFactory(
        organisation=organisation,
        slug="kopio",
        source=Source.PXWEB,
        source_reference={
            "area_dimension": "area",
            "period_dimension": "period",
            "dimensions": {"sex": {"name": "sex", "total": ""}},
        },
    )
    reimport(organisation, copy, exported.content, fmt="jsonstat2")

    present = {
        (o.area, o.period, o.dimensions_key): o.value
        for o in Observation.objects.filter(indicator=copy)
        if o.value is not None
    }
    assert present == {
        (area, period, key): value
        for area, period, key, value, _abs, _status in snapshot(sotkanet_indicator)
        if value is not None
    }


def test_export_command_writes_a_file(sotkanet_indicator, tmp_path):
    path = tmp_path / "out.xlsx"

    call_command(
        "export_observations", "--indicator", "koulutus", "--format", "xlsx", "--output", str(path)
    )

    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("indicator", "area", "period", "sex", "value", "absolute_value", "status")
    assert len(rows) == 8


def test_format_number():
    assert format_number(20278.0) == "20278"
    assert format_number(12.5) == "12,5"
    assert format_number(None) == ""


def test_template_for_an_indicator_imports_as_it_is(organisation):
    indicator = IndicatorFactory(
        organisation=organisation, slug="tyottomyys", time_resolution=TimeResolution.QUARTER
    )
    template = template_bytes("csv", indicator)
    lines = template.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "indicator;area;period;value;absolute_value;status",
        "tyottomyys;240;2024Q1;;;",
    ]

    filled = template.content.decode("utf-8-sig").replace("2024Q1;;;", "2024Q1;7,5;;")
    result = reimport(organisation, indicator, filled.encode())

    assert result.created == 1
    assert Observation.objects.get().value == 7.5
    assert reimport(organisation, indicator, template.content).rows == 0


def test_xlsx_template_and_command(organisation, tmp_path):
    path = tmp_path / "pohja.xlsx"

    call_command("import_template", "--format", "xlsx", "--output", str(path))

    workbook = openpyxl.load_workbook(path)
    assert len(workbook.worksheets) == 2
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert header == ("indicator", "area", "period", "value", "absolute_value", "status")
