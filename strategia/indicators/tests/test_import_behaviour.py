"""Re-imports, history, dry runs and every way a file can be wrong."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError

from strategia.indicators.importers import ImportFileError
from strategia.indicators.models import ImportRun, Observation, ObservationRevision, Source
from strategia.indicators.services import observations_import

from .factories import IndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def population(organisation):
    return IndicatorFactory(organisation=organisation, slug="vaesto")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def import_text(organisation, text, *, fmt="table", **kwargs):
    return observations_import(
        organisation=organisation,
        format=fmt,
        source=io.BytesIO(text.encode()),
        file_name="upload.csv",
        **kwargs,
    )


def test_reimport_is_idempotent(run_import, population):
    run_import("table", "table_wide.csv", "--indicator", "vaesto")

    out = run_import("table", "table_wide.csv", "--indicator", "vaesto")

    assert "7 rows: 0 created, 0 updated, 7 unchanged" in out
    assert Observation.objects.count() == 7
    assert not ObservationRevision.objects.exists()
    assert ImportRun.objects.count() == 2


def test_changed_value_updates_and_keeps_history(organisation, population):
    first = import_text(organisation, "indicator;area;period;value\nvaesto;240;2021;20278\n")
    before = Observation.objects.get()

    second = import_text(
        organisation,
        "indicator;area;period;value;status\n"
        "vaesto;240;2021;20280;preliminary\n"
        "vaesto;240;2022;19969;\n",
    )

    assert (second.created, second.updated, second.unchanged) == (1, 1, 0)
    after = Observation.objects.get(period="2021")
    assert (after.pk, after.value, after.status) == (before.pk, 20280, "preliminary")
    assert after.import_run == second.import_run
    revision = ObservationRevision.objects.get()
    assert revision.observation == after
    assert (revision.value, revision.status) == (20278, "")
    assert revision.fetched_at == before.fetched_at
    assert revision.import_run == second.import_run
    assert first.import_run.created_count == 1


def test_dry_run_writes_nothing_but_counts(run_import, population):
    run_import("table", "table_wide.csv", "--indicator", "vaesto")
    changed = Observation.objects.get(area="240", period="2021")
    changed.value = 1
    changed.save()

    out = run_import("table", "table_wide.csv", "--indicator", "vaesto", "--dry-run")

    assert "Dry run, nothing written" in out
    assert "0 created, 1 updated, 6 unchanged" in out
    changed.refresh_from_db()
    assert changed.value == 1
    assert not ObservationRevision.objects.exists()
    assert ImportRun.objects.count() == 1


def test_sample_flag_is_stored(organisation, population):
    import_text(organisation, "area;2021\n240;5\n", indicator=population, is_sample=True)

    assert Observation.objects.get().is_sample is True


BAD_TABLES = [
    # (file text, expected parts of the message)
    ("indicator;area;period;value\nvaesto;240;2021;abc\n", ["row 2", "field value", "'abc'"]),
    (
        "indicator;area;period;value\nvaesto;240;2021;1\nvaesto;240;2021;2\n",
        ["row 3", "row 2", "twice"],
    ),
    (
        "indicator;area;period;value\nnope;240;2021;1\n",
        ["row 2", "field indicator", "'nope'"],
    ),
    ("indicator;area;period;value\nvaesto;Kemi;2021;1\n", ["row 2", "field area", "unknown area"]),
    ("indicator;area;period;value\nvaesto;240;2021Q1;1\n", ["row 2", "field period"]),
    ("indicator;area;period;value\nvaesto;240;2021;1;extra\n", ["row 2", "5 cells"]),
    ("indicator;area;year_of_stats;value\nvaesto;240;2021;1\n", ["row 1", "field period"]),
    ("indicator;area;period;value;status\nvaesto;240;2021;1;maybe\n", ["row 2", "field status"]),
    ("indicator;area;period;value\nvaesto;240;2021;inf\n", ["row 2", "field value"]),
    ("area;2021;2022\n240;1;x\n", ["row 2, column 2022", "field value"]),
    ("", ["empty file"]),
]


@pytest.mark.parametrize(("text", "expected"), BAD_TABLES)
def test_malformed_table_fails_cleanly(tmp_path, run_import, population, text, expected):
    path = write(tmp_path, "bad.csv", text)

    with pytest.raises(CommandError) as caught:
        run_import("table", path, "--indicator", "vaesto")

    message = str(caught.value)
    assert message.startswith("bad.csv")
    for part in expected:
        assert part in message
    assert not Observation.objects.exists()
    assert not ImportRun.objects.exists()


def test_unknown_indicator_without_indicator_option(organisation, population):
    with pytest.raises(
        ImportFileError, match=r"upload.csv, row 2, field indicator: unknown indicator"
    ):
        import_text(organisation, "indicator;area;period;value\nnope;240;2021;1\n")


def test_error_in_a_later_batch_leaves_the_database_untouched(organisation, population):
    rows = "".join(f"vaesto;{n:03d};2021;{n}\n" for n in range(1, 501))
    text = "indicator;area;period;value\n" + rows + "vaesto;240;2022;oops\n"

    with pytest.raises(ImportFileError, match="row 502"):
        import_text(organisation, text, batch_size=100)

    assert not Observation.objects.exists()


def test_failed_reimport_keeps_previous_values(organisation, population):
    import_text(organisation, "indicator;area;period;value\nvaesto;240;2021;5\n")

    with pytest.raises(ImportFileError):
        import_text(
            organisation, "indicator;area;period;value\nvaesto;240;2021;6\nvaesto;240;x;1\n"
        )

    assert Observation.objects.get().value == 5
    assert not ObservationRevision.objects.exists()


def test_indicator_of_another_import_is_refused(organisation, population):
    IndicatorFactory(organisation=organisation, slug="muu")

    with pytest.raises(ImportFileError, match="not the indicator of this import"):
        import_text(
            organisation, "indicator;area;period;value\nmuu;240;2021;1\n", indicator=population
        )


@pytest.fixture
def sotkanet(organisation):
    return IndicatorFactory(
        organisation=organisation,
        slug="s",
        source=Source.SOTKANET,
        source_reference={"indicator": 127},
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"indicator": 127, "region": 351, "year": 2021', ["not JSON (byte 48)"]),
        ('[{"indicator": 127, "region": 999, "year": 2021, "value": 1}]', ["$[0]", "field region"]),
        (
            '[{"indicator": 128, "region": 351, "year": 2021, "value": 1}]',
            ["$[0]", "field indicator"],
        ),
        (
            '[{"indicator": 127, "region": 351, "year": 2021, "value": "x"}]',
            ["$[0]", "field value"],
        ),
        (
            '[{"indicator": 127, "region": 351, "year": 2021, "gender": "x", "value": 1}]',
            ["field gender"],
        ),
        ('[{"indicator": 127, "region": 351, "value": 1}]', ["$[0]", "field year"]),
        ("[1]", ["$[0]", "expected an object"]),
        (
            '[{"indicator": 127, "region": 351, "year": 2021, "value": 1},'
            ' {"indicator": 127, "region": 351, "year": 2021, "value": 2}]',
            ["$[1]", "$[0]", "twice"],
        ),
    ],
)
def test_malformed_sotkanet_fails_cleanly(
    tmp_path, run_import, data_path, sotkanet, content, expected
):
    path = write(tmp_path, "sotkanet.json", content)

    with pytest.raises(CommandError) as caught:
        run_import("sotkanet", path, "--regions", data_path("sotkanet_regions.json"))

    assert str(caught.value).startswith("sotkanet.json")
    for part in expected:
        assert part in str(caught.value)
    assert not Observation.objects.exists()


def test_sotkanet_without_regions_is_refused(run_import, sotkanet):
    with pytest.raises(CommandError, match="--regions"):
        run_import("sotkanet", "sotkanet_127.json")


def test_sotkanet_csv_wrong_columns(tmp_path, run_import, data_path, sotkanet):
    path = write(tmp_path, "sotkanet.csv", "indikaattori;vuosi;arvo\n127;2021;1\n")

    with pytest.raises(CommandError, match=r"sotkanet.csv, row 1, field region"):
        run_import("sotkanet-csv", path, "--regions", data_path("sotkanet_regions.json"))


def test_jsonstat2_value_count_mismatch(tmp_path, run_import, organisation, data_path):
    IndicatorFactory(
        organisation=organisation,
        slug="vaesto",
        source=Source.PXWEB,
        source_reference={"dimensions": {"Sukupuoli": "sex"}},
    )
    dataset = json.loads(Path(data_path("statfin_vaerak.json")).read_text(encoding="utf-8"))
    dataset["value"] = dataset["value"][:-1]
    path = write(tmp_path, "px.json", json.dumps(dataset))

    with pytest.raises(CommandError, match=r"px.json, value: 17 values where the sizes give 18"):
        run_import("jsonstat2", path, "--indicator", "vaesto")
    assert not Observation.objects.exists()


def test_progress_bar_goes_to_stderr(organisation, population, capsys):
    rows = "".join(f"vaesto;{n:03d};2021;{n}\n" for n in range(1, 301))

    import_text(organisation, "indicator;area;period;value\n" + rows, progress=True, batch_size=50)

    captured = capsys.readouterr()
    assert "B/s" in captured.err or "%" in captured.err
    assert captured.out == ""


def test_repeated_key_is_found_when_the_indicator_already_has_values(organisation, population):
    import_text(organisation, "indicator;area;period;value\nvaesto;240;2020;1\n")

    with pytest.raises(ImportFileError, match=r"row 4, field key: .*also at row 2"):
        import_text(
            organisation,
            "indicator;area;period;value\nvaesto;240;2021;1\nvaesto;240;2022;1\nvaesto;240;2021;2\n",
        )

    assert list(Observation.objects.values_list("period", "value")) == [("2020", 1.0)]


def test_corrupt_xlsx_fails_cleanly(tmp_path, run_import, population):
    path = tmp_path / "rikki.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")

    with pytest.raises(CommandError, match=r"rikki.xlsx: not a readable XLSX workbook"):
        run_import("table", str(path), "--indicator", "vaesto")
    assert not Observation.objects.exists()


def test_xlsx_wide_form_error_names_row_and_column(tmp_path, run_import, population):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["alue", 2021, 2022])
    workbook.active.append([240, 20278, 19969])
    workbook.active.append(["SSS", 5548241, "paljon"])
    path = tmp_path / "leveä.xlsx"
    workbook.save(path)

    with pytest.raises(CommandError, match=r"leveä.xlsx, row 3, column 2022, field value"):
        run_import("table", str(path), "--indicator", "vaesto")
    assert not Observation.objects.exists()
