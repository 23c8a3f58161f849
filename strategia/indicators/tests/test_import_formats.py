"""Each format imports its recorded file with the right values."""

import datetime
import io

import pytest

from strategia.indicators.models import (
    ImportRun,
    Observation,
    ObservationStatus,
    Source,
    TimeResolution,
)
from strategia.indicators.services import observations_import

from .factories import IndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def values(indicator, **filters):
    return {
        (o.area, o.period, o.dimensions_key): o.value
        for o in Observation.objects.filter(indicator=indicator, **filters)
    }


@pytest.fixture
def sotkanet_indicator(organisation):
    return IndicatorFactory(
        organisation=organisation,
        slug="korkea-asteen-koulutus",
        source=Source.SOTKANET,
        source_reference={"indicator": 127},
    )


def test_sotkanet_json(run_import, sotkanet_indicator, data_path):
    out = run_import(
        "sotkanet", "sotkanet_127.json", "--regions", data_path("sotkanet_regions.json")
    )

    assert "7 rows: 7 created, 0 updated, 0 unchanged" in out
    assert values(sotkanet_indicator) == {
        ("240", "2021", ""): 26.4,
        ("240", "2022", ""): 26.9,
        ("240", "2022", "sex=male"): 24.1,
        ("240", "2022", "sex=female"): 29.7,
        ("SSS", "2022", ""): 23.1,
        ("MK19", "2022", ""): 25.6,
        ("240", "2023", ""): None,
    }
    female = Observation.objects.get(indicator=sotkanet_indicator, dimensions_key="sex=female")
    assert female.dimensions == {"sex": "female"}
    assert female.absolute_value == 2989
    assert female.period_start == datetime.date(2022, 1, 1)
    withheld = Observation.objects.get(indicator=sotkanet_indicator, period="2023")
    assert withheld.status == ObservationStatus.MISSING
    run = ImportRun.objects.get()
    assert (run.format, run.file_name, run.created_count) == ("sotkanet", "sotkanet_127.json", 7)
    assert run.indicator == sotkanet_indicator


def test_sotkanet_csv_decimal_comma(run_import, sotkanet_indicator, data_path):
    out = run_import(
        "sotkanet-csv", "sotkanet_127.csv", "--regions", data_path("sotkanet_regions.json")
    )

    assert "5 created" in out
    assert values(sotkanet_indicator)[("240", "2022", "sex=male")] == 24.1
    assert Observation.objects.get(area="SSS").absolute_value == 1280000


@pytest.mark.parametrize("name", ["sotkanet_127_export.csv", "sotkanet_127.csv"])
def test_sotkanet_csv_real_header_with_bom_and_the_old_one(
    run_import, sotkanet_indicator, data_path, name
):
    # The /rest/1.1/csv export: BOM, ";", decimal comma, "primary value;absolute value";
    # the older "value;absvalue" header still works.
    regions = data_path("sotkanet_regions.json")
    out = run_import("sotkanet-csv", name, "--regions", regions)
    assert "0 updated" in out

    got = values(sotkanet_indicator)
    assert got[("240", "2022", "sex=female")] == 29.7
    assert got[("SSS", "2022", "")] == 23.1
    assert Observation.objects.get(area="240", period="2022", dimensions_key="").absolute_value == (
        5431
    )
    again = run_import("sotkanet-csv", name, "--regions", regions)
    assert "0 created, 0 updated" in again


def test_sotkanet_csv_missing_value_is_withheld(run_import, sotkanet_indicator, data_path):
    run_import(
        "sotkanet-csv", "sotkanet_127_export.csv", "--regions", data_path("sotkanet_regions.json")
    )
    withheld = Observation.objects.get(indicator=sotkanet_indicator, period="2023")
    assert (withheld.value, withheld.status) == (None, ObservationStatus.MISSING)


def test_jsonstat2_mapping_from_source_reference(run_import, organisation):
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="vaesto",
        source=Source.PXWEB,
        source_reference={
            "table": "StatFin/vaerak/statfin_vaerak_pxt_11ra.px",
            "area_dimension": "Alue",
            "period_dimension": "Vuosi",
            "indicator_dimension": "Tiedot",
            "indicator_code": "vaesto",
            "dimensions": {
                "Sukupuoli": {"name": "sex", "values": {"1": "male", "2": "female"}, "total": "SSS"}
            },
        },
    )

    out = run_import("jsonstat2", "statfin_vaerak.json", "--indicator", "vaesto")

    assert "18 rows: 18 created" in out
    got = values(indicator)
    assert got[("240", "2021", "")] == 20278
    assert got[("240", "2022", "sex=female")] == 10009
    assert got[("SSS", "2023", "sex=male")] == 2773427
    kemi_men_2023 = Observation.objects.get(area="240", period="2023", dimensions_key="sex=male")
    assert kemi_men_2023.value is None
    assert kemi_men_2023.status == ObservationStatus.MISSING
    assert Observation.objects.get(
        area="SSS", period="2023", dimensions_key="sex=female"
    ).status == (ObservationStatus.PRELIMINARY)


def test_jsonstat2_unmapped_dimension_is_an_error(run_import, organisation):
    IndicatorFactory(organisation=organisation, slug="vaesto", source=Source.PXWEB)

    with pytest.raises(Exception, match="statfin_vaerak.json.*Sukupuoli has 3 categories"):
        run_import("jsonstat2", "statfin_vaerak.json", "--indicator", "vaesto")
    assert not Observation.objects.exists()


def test_table_long_form_several_indicators(run_import, organisation):
    population = IndicatorFactory(organisation=organisation, slug="vaesto")
    unemployment = IndicatorFactory(
        organisation=organisation, slug="tyottomyys", time_resolution=TimeResolution.QUARTER
    )

    out = run_import("table", "table_long.csv")

    assert "5 rows: 5 created" in out
    assert values(population) == {
        ("240", "2021", ""): 20278,
        ("240", "2022", ""): 19969,
        ("240", "2022", "sex=female"): 10009,
    }
    q2 = Observation.objects.get(indicator=unemployment, period="2023Q2")
    assert (q2.value, q2.status, q2.period_start) == (
        11.8,
        ObservationStatus.PRELIMINARY,
        datetime.date(2023, 4, 1),
    )


def test_table_wide_form_skips_empty_cells(run_import, organisation):
    indicator = IndicatorFactory(organisation=organisation, slug="vaesto")

    out = run_import("table", "table_wide.csv", "--indicator", "vaesto")

    assert "7 rows: 7 created" in out
    got = values(indicator)
    assert got[("240", "2020", "")] == 20500
    assert got[("SSS", "2023", "")] == 5603851
    assert ("240", "2023", "") not in got


def test_table_xlsx(run_import, organisation, tmp_path):
    import openpyxl

    indicator = IndicatorFactory(organisation=organisation, slug="vaesto")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["indikaattori", "alue", "ajanjakso", "arvo"])
    sheet.append(["vaesto", 240, 2021, 20278])
    sheet.append(["vaesto", "SSS", "2022", "5 563 970"])
    path = tmp_path / "havainnot.xlsx"
    workbook.save(path)

    run_import("table", str(path))

    assert values(indicator) == {("240", "2021", ""): 20278, ("SSS", "2022", ""): 5563970}


def test_dimension_values_with_special_characters(organisation):
    indicator = IndicatorFactory(organisation=organisation, slug="vaesto")
    text = 'area;ikä\\ryhmä;2021\n240;"75+ ""vanhat""\tC:\\x";12,5\n240;Åland ö;1\n'

    observations_import(
        organisation=organisation,
        format="table",
        source=io.BytesIO(text.encode()),
        file_name="erikoismerkit.csv",
        indicator=indicator,
    )

    stored = {o.dimensions_key: (o.dimensions, o.value) for o in Observation.objects.all()}
    assert stored == {
        'ikä\\ryhmä=75+ "vanhat"\tC:\\x': ({"ikä\\ryhmä": '75+ "vanhat"\tC:\\x'}, 12.5),
        "ikä\\ryhmä=Åland ö": ({"ikä\\ryhmä": "Åland ö"}, 1.0),
    }
