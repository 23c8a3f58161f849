"""Every refusal of issue 9: the place is named, nothing is written.

Non-finite and oversized numbers in each format, a Sotkanet answer that is not a
list, empty and garbage files, periods beyond next year, and the database's own
check constraint behind all of them.
"""

import datetime
import io
import json
import math

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from strategia.indicators.importers import ImportFileError
from strategia.indicators.models import ImportRun, Observation, Source
from strategia.indicators.services import observations_import

from .factories import IndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REGIONS = {351: "240", 658: "SSS"}
HUGE_INTEGER = "1" + "0" * 400


@pytest.fixture
def sotkanet(organisation):
    return IndicatorFactory(
        organisation=organisation,
        slug="vakiluku",
        source=Source.SOTKANET,
        source_reference={"indicator": 127},
    )


@pytest.fixture
def pxweb(organisation):
    return IndicatorFactory(
        organisation=organisation,
        slug="vaestonmuutos",
        source=Source.PXWEB,
        source_reference={"area_dimension": "Alue", "period_dimension": "Vuosi"},
    )


@pytest.fixture
def population(organisation):
    return IndicatorFactory(organisation=organisation, slug="vaesto")


def refused(organisation, fmt, content, **kwargs) -> ImportFileError:
    data = content if isinstance(content, bytes) else content.encode()
    with pytest.raises(ImportFileError) as caught:
        observations_import(
            organisation=organisation,
            format=fmt,
            source=io.BytesIO(data),
            file_name="answer",
            **kwargs,
        )
    assert not Observation.objects.exists()
    assert not ImportRun.objects.exists()
    return caught.value


def jsonstat(values) -> str:
    return json.dumps(
        {
            "version": "2.0",
            "class": "dataset",
            "id": ["Alue", "Vuosi"],
            "size": [1, len(values)],
            "dimension": {
                "Alue": {"category": {"index": {"KU240": 0}}},
                "Vuosi": {"category": {"index": {str(2020 + i): i for i in range(len(values))}}},
            },
            "value": values,
        }
    )


# --- Numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "place"),
    [
        ([1.0, float("inf")], "value[1]"),
        ([float("-inf")], "value[0]"),
        ([float("nan"), 2.0], "value[0]"),
    ],
)
def test_jsonstat_non_finite_values_are_refused(organisation, pxweb, values, place):
    # json.dumps writes Infinity and NaN as the tokens PxWeb answers must never hold.
    error = refused(organisation, "jsonstat2", jsonstat(values), indicator=pxweb)
    assert error.location == place and error.field == "value"
    assert "not a finite number" in error.message


@pytest.mark.parametrize(
    ("number", "message"),
    [("1e400", "not a finite number"), (HUGE_INTEGER, "too large for a number")],
)
def test_jsonstat_numbers_beyond_a_float_are_refused(organisation, pxweb, number, message):
    text = jsonstat([1.0, 0.0]).replace("[1.0, 0.0]", f"[1.0, {number}]")
    error = refused(organisation, "jsonstat2", text, indicator=pxweb)
    assert (error.location, error.field) == ("value[1]", "value")
    assert message in error.message


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("NaN", "not a finite number"),
        ("Infinity", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("1e400", "not a finite number"),
        (HUGE_INTEGER, "too large for a number"),
    ],
)
def test_sotkanet_json_non_finite_and_huge_numbers(organisation, sotkanet, number, message):
    text = (
        '[{"indicator": 127, "region": 351, "year": 2021, "gender": "total", "value": 1},\n'
        f' {{"indicator": 127, "region": 351, "year": 2022, "gender": "total", "value": {number}}}]'
    )
    error = refused(organisation, "sotkanet", text, regions=REGIONS)
    assert (error.location, error.field) == ("$[1]", "value")
    assert message in error.message


@pytest.mark.parametrize("number", ["NaN", "inf", "-Infinity", "1e400", "1,5e999", HUGE_INTEGER])
def test_csv_formats_refuse_non_finite_numbers(organisation, sotkanet, population, number):
    sotkanet_csv = (
        "indicator;region;year;gender;primary value;absolute value\n"
        f"127;351;2021;total;12,5;10\n127;351;2022;total;{number};11\n"
    )
    error = refused(organisation, "sotkanet-csv", sotkanet_csv, regions=REGIONS)
    assert (error.location, error.field) == ("row 3", "value")

    table = f"area;period;value\n240;2021;1\n240;2022;{number}\n"
    error = refused(organisation, "table", table, indicator=population)
    assert (error.location, error.field) == ("row 3", "value")


def test_absolute_values_are_checked_too(organisation, sotkanet):
    text = (
        '[{"indicator": 127, "region": 351, "year": 2021, "gender": "total", '
        '"value": 1, "absValue": 1e400}]'
    )
    error = refused(organisation, "sotkanet", text, regions=REGIONS)
    assert (error.location, error.field) == ("$[0]", "absValue")


def test_xlsx_cells_beyond_a_float(organisation, population, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["area", "period", "value"])
    workbook.active.append(["240", "2021", "Infinity"])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    error = refused(organisation, "table", path.read_bytes(), indicator=population)
    assert (error.location, error.field) == ("row 2", "value")


# --- Files that are not what they claim ------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message", "location"),
    [
        ('{"error": "unknown indicator"}', "the top level is an object", "$"),
        ("", "empty file", ""),
        ("  \n\t ", "empty file", ""),
        (b"\xef\xbb\xbf", "empty file", ""),
        ("<html>Service unavailable</html>", "not JSON (byte 1)", ""),
        ("\n\n  garbage", "not JSON (byte 5)", ""),
        ('[{"indicator": 127, x}]', "not JSON (byte 21)", ""),
    ],
)
def test_sotkanet_json_that_is_not_a_list_of_rows(
    organisation, sotkanet, content, message, location
):
    error = refused(organisation, "sotkanet", content, regions=REGIONS)
    assert message in error.message
    assert error.location == location


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ("\n", "empty file"),
        ("<html>", "not JSON (byte 1)"),
        ('{"version": "2.0",\n "class": dataset}', "not JSON (byte 30)"),
        (b'{"label": "\xff"}', "not UTF-8 text (byte 12)"),
    ],
)
def test_jsonstat_empty_and_garbage(organisation, pxweb, content, message):
    error = refused(organisation, "jsonstat2", content, indicator=pxweb)
    assert error.message == message


@pytest.mark.parametrize("fmt", ["sotkanet-csv", "syke", "table"])
def test_empty_csv_files_say_so(organisation, sotkanet, fmt):
    indicator = IndicatorFactory(organisation=organisation, slug="khk", source=Source.SYKE)
    error = refused(organisation, fmt, "", regions=REGIONS, indicator=indicator)
    assert error.message == "empty file"


def test_regions_file_refusals():
    from strategia.indicators.importers.sotkanet import read_regions

    for content, message in [
        (b"", "empty file"),
        (b'{"regions": []}', "the top level is an object"),
        (b"nonsense", "not JSON (byte 1)"),
    ]:
        with pytest.raises(ImportFileError) as caught:
            read_regions(io.BytesIO(content), "regions.json")
        assert message in str(caught.value)


# --- Periods ------------------------------------------------------------------------


def test_periods_beyond_next_year_need_a_forecast(organisation, population):
    next_year = timezone.localdate().year + 1
    text = f"area;period;value\n240;{next_year};1\n240;{next_year + 1};2\n"
    error = refused(organisation, "table", text, indicator=population)
    assert (error.location, error.field) == ("row 3", "period")
    assert "further ahead than next year" in error.message

    population.is_forecast = True
    population.save()
    result = observations_import(
        organisation=organisation,
        format="table",
        source=io.BytesIO(text.encode()),
        file_name="ennuste.csv",
        indicator=population,
    )
    assert result.created == 2


def test_the_horizon_follows_the_import_time(organisation, population):
    text = "area;period;value\n240;2031;1\n"
    later = timezone.make_aware(datetime.datetime(2030, 6, 1))
    result = observations_import(
        organisation=organisation,
        format="table",
        source=io.BytesIO(text.encode()),
        file_name="x.csv",
        indicator=population,
        now=later,
    )
    assert result.created == 1


@pytest.mark.parametrize("period", ["0000", "10000", "2021Q1"])
def test_impossible_periods(organisation, population, period):
    error = refused(
        organisation, "table", f"area;period;value\n240;{period};1\n", indicator=population
    )
    assert (error.location, error.field) == ("row 2", "period")


# --- The database's own check -------------------------------------------------------------


@pytest.mark.parametrize("field", ["value", "absolute_value"])
@pytest.mark.parametrize("number", [math.inf, -math.inf, math.nan])
def test_the_database_refuses_non_finite_values(population, field, number):
    row = Observation(
        indicator=population,
        area="240",
        period="2021",
        period_start=datetime.date(2021, 1, 1),
        fetched_at=timezone.now(),
        value=1.0,
    )
    setattr(row, field, number)
    if math.isnan(number):
        # SQLite stores NaN as NULL, which is allowed (a withheld value); PostgreSQL
        # keeps NaN, which the constraint refuses.
        from django.db import connection

        if connection.vendor == "sqlite":
            row.save()
            row.refresh_from_db()
            assert getattr(row, field) is None
            return
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
