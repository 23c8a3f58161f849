"""SYKE's emissions files in both real layouts: the level-5 file of 2026 and the archive one.

``syke_kunta_240.csv`` is in the layout of ``Tulokset_taso_5/kunta_<code>.csv``
(BOM, ``;``, decimal comma, abbreviations on levels 3–5, no levels 1–2, no
municipality column, ``NA``); ``syke_kemi_archive.csv`` holds the same
figures in the older layout (``kunta``, full names on every level, ``On``/``Ei``,
``ktCO2e``). Both must give the same series.
"""

import io

import pytest
from django.core.management import CommandError

from strategia.indicators.importers import ImportFileError
from strategia.indicators.models import Observation, ObservationStatus, Source
from strategia.indicators.services import observations_import

from .conftest import DATA
from .factories import IndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NEW = "syke_kunta_240.csv"
ARCHIVE = "syke_kemi_archive.csv"


def emissions(organisation, **reference):
    return IndicatorFactory(
        organisation=organisation,
        slug="khk-paastot",
        source=Source.SYKE,
        unit_fi="kt CO2e",
        source_reference={"method": "hinku", "sector_level": 1, **reference},
    )


def values(indicator):
    return {
        (o.period, o.dimensions.get("sector", "")): o.value
        for o in Observation.objects.filter(indicator=indicator)
    }


def load(organisation, indicator, text: str | bytes, name="kunta_240.csv"):
    data = text.encode() if isinstance(text, str) else text
    return observations_import(
        organisation=organisation,
        format="syke",
        source=io.BytesIO(data),
        file_name=name,
        indicator=indicator,
    )


HINKU_LEVEL_1 = {
    # Hinku: industry under emissions trading is outside the calculation, and the
    # wind-power credits (Kompensaatiot) are left out; rail's NA adds nothing.
    ("2021", ""): 93.5,
    ("2021", "Energia"): 86.75,
    ("2021", "Maatalous"): 6.75,
    ("2022", ""): 113.5,
    ("2022", "Energia"): 101.5,
    ("2022", "Maatalous"): 6.5,
    ("2022", "Jätteiden käsittely"): 4.0,
    ("2022", "Teollisuusprosessit"): 1.5,
}


@pytest.mark.parametrize("name", [NEW, ARCHIVE])
def test_both_layouts_import_exactly(run_import, organisation, name):
    indicator = emissions(organisation)

    out = run_import("syke", name, "--indicator", "khk-paastot")

    assert "8 rows: 8 created" in out
    assert values(indicator) == pytest.approx(HINKU_LEVEL_1)


def test_the_layouts_give_the_same_series_and_reimport_changes_nothing(run_import, organisation):
    emissions(organisation)
    run_import("syke", NEW, "--indicator", "khk-paastot")

    for name in (NEW, ARCHIVE):
        out = run_import("syke", name, "--indicator", "khk-paastot")
        assert "8 rows: 0 created, 0 updated, 8 unchanged" in out


def test_levels_three_and_five_and_missing_figures(organisation):
    indicator = emissions(organisation, sector_level=3)
    load(organisation, indicator, (DATA / NEW).read_bytes())
    got = values(indicator)
    assert got[("2022", "Kulutussähkö")] == pytest.approx(20.75)
    assert got[("2022", "Tieliikenne")] == pytest.approx(40.75)
    # Every rail figure is NA: a missing value, not a zero.
    rail = Observation.objects.get(indicator=indicator, dimensions_key="sector=Raideliikenne")
    assert (rail.value, rail.status) == (None, ObservationStatus.MISSING)

    Observation.objects.all().delete()
    indicator.source_reference = {"method": "hinku", "sector_level": 5}
    indicator.save()
    load(organisation, indicator, (DATA / NEW).read_bytes())
    got = values(indicator)
    # Level 5 has its own abbreviations: Asu is Asuminen, Hen Henkilöautot, KuA Kuorma-autot.
    assert got[("2022", "Asuminen")] == pytest.approx(52.5)
    assert got[("2022", "Henkilöautot")] == pytest.approx(30.75)
    assert got[("2022", "Kuorma-autot")] == pytest.approx(10.0)


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        # The statistical total: every row, emissions trading included.
        ({"method": "stat"}, {("2022", ""): 1013.5, ("2022", "Energia"): 1001.5}),
        ({"method": "stat", "include_emissions_trading": False}, {("2022", ""): 113.5}),
        ({"include_credits": True}, {("2022", ""): 110.5, ("2022", "Kompensaatiot"): -3.0}),
        # kt_tuuli: the consumer electricity with wind-power credits.
        ({"quantity": "emissions_with_wind"}, {("2022", "Energia"): 100.45}),
        ({"quantity": "energy"}, {("2022", ""): 615.3, ("2021", "Maatalous"): None}),
    ],
)
def test_method_credits_and_quantity(organisation, reference, expected):
    indicator = emissions(organisation, **reference)
    load(organisation, indicator, (DATA / NEW).read_bytes())
    got = values(indicator)
    for key, value in expected.items():
        assert got[key] == (None if value is None else pytest.approx(value))


def test_columns_in_any_order(organisation):
    indicator = emissions(organisation)
    lines = (DATA / NEW).read_text(encoding="utf-8-sig").splitlines()
    rows = [line.split(";") for line in lines]
    order = [8, 4, 0, 7, 2, 6, 1, 5, 3]
    shuffled = "\n".join(";".join(row[i] for i in order) for row in rows) + "\n"
    load(organisation, indicator, shuffled)
    assert values(indicator) == pytest.approx(HINKU_LEVEL_1)


def test_another_municipality_is_refused(organisation):
    indicator = emissions(organisation)
    text = (
        (DATA / ARCHIVE)
        .read_text(encoding="utf-8")
        .replace("240;Kemi;Lappi;2022;On;Ei;Maatalous", "851;Tornio;Lappi;2022;On;Ei;Maatalous")
    )
    with pytest.raises(ImportFileError) as caught:
        load(organisation, indicator, text)
    assert caught.value.location == "row 14"
    assert caught.value.field == "kuntanumero"
    assert "851" in caught.value.message
    assert not Observation.objects.exists()

    by_name = (
        "kunta;vuosi;taso_1;taso_2;taso_3;hinku-laskenta;ktCO2e\n"
        "Tornio;2022;Energia;Liikenne;Tieliikenne;On;1,0\n"
    )
    with pytest.raises(ImportFileError) as caught:
        load(organisation, indicator, by_name)
    assert (caught.value.location, caught.value.field) == ("row 2", "kunta")
    assert "Tornio" in caught.value.message


@pytest.mark.parametrize(
    ("line", "location", "field", "message"),
    [
        (
            "2022;Xyz;Kul;Asu;true;false;1,0;1,0;1,0",
            "row 2",
            "taso_3",
            "unknown sector abbreviation",
        ),
        ("2022;Kul;Kul;Asu;maybe;false;1,0;1,0;1,0", "row 2", "hinku_laskenta", "yes/no"),
        ("2022;Kul;Kul;Asu;true;false;1,0e999;1,0;1,0", "row 2", "kt", "not a finite number"),
        ("2022;Kul;Kul;Asu;true;false;paljon;1,0;1,0", "row 2", "kt", "not a number"),
        ("2022;Kul;Kul;Asu;true;false;1,0;1,0", "row 2", "", "8 cells where the header has 9"),
    ],
)
def test_bad_rows_are_named(organisation, line, location, field, message):
    indicator = emissions(organisation)
    header = (DATA / NEW).read_text(encoding="utf-8-sig").splitlines()[0]
    with pytest.raises(ImportFileError) as caught:
        load(organisation, indicator, f"{header}\n{line}\n")
    assert (caught.value.location, caught.value.field) == (location, field)
    assert message in caught.value.message


def test_a_file_without_the_quantity_column_is_refused(run_import, organisation, tmp_path):
    emissions(organisation)
    path = tmp_path / "old.csv"
    path.write_text("vuosi;taso_3;hinku_laskenta;co2\n2022;Kul;true;1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="the header has no kt column"):
        run_import("syke", str(path), "--indicator", "khk-paastot")
