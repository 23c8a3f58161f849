"""The emissions indicator on /sv/ and /en/: no Finnish sector name in the page, the
chart, or any download; the Finnish page keeps SYKE's own names."""

import io
import json

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from strategia.indicators import sectors
from strategia.indicators.models import Observation, Source
from strategia.indicators.services import observations_import

from .conftest import DATA
from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db

FINNISH = ("Energia", "Maatalous", "Jätteiden käsittely", "Teollisuusprosessit")


@pytest.fixture
def emissions(organisation):
    cache.clear()
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="kasvihuonekaasupaastot",
        name_fi="Kasvihuonekaasupäästöt",
        name_sv="Växthusgasutsläpp",
        name_en="Greenhouse gas emissions",
        source=Source.SYKE,
        unit_fi="kt CO2e",
        source_reference={"method": "hinku", "sector_level": 1},
    )
    with (DATA / "syke_kunta_240.csv").open("rb") as source:
        observations_import(
            organisation=organisation,
            format="syke",
            source=source,
            file_name="kunta_240.csv",
            indicator=indicator,
        )
    return indicator


def get(client, name, slug, language, **kwargs):
    with translation.override(language):
        return client.get(reverse(f"indicators:{name}", kwargs={"slug": slug, **kwargs}))


def page_texts(client, slug, language):
    texts = {"page": get(client, "detail", slug, language).content.decode()}
    with translation.override(language):
        texts["chart"] = client.get(
            reverse("indicators:chart", kwargs={"slug": slug, "image_format": "svg"})
        ).content.decode()
        for fmt in ("csv", "jsonstat2"):
            texts[fmt] = client.get(
                reverse("indicators:download", kwargs={"slug": slug, "file_format": fmt})
            ).content.decode("utf-8-sig")
        xlsx = client.get(
            reverse("indicators:download", kwargs={"slug": slug, "file_format": "xlsx"})
        ).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    texts["xlsx"] = "\n".join(
        ";".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True)
    )
    return texts


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", ("Energi", "Jordbruk", "Avfallshantering", "Industriprocesser")),
        ("en", ("Energy", "Agriculture", "Waste treatment", "Industrial processes")),
    ],
)
def test_no_finnish_sector_name_on_swedish_and_english_pages(client, emissions, language, expected):
    texts = page_texts(client, emissions.slug, language)
    for where, text in texts.items():
        for finnish in FINNISH:
            assert finnish not in text, (where, finnish)
    for name in expected:
        assert name in texts["page"], name
        assert name in texts["csv"] and name in texts["xlsx"] and name in texts["jsonstat2"]
    assert expected[0] in texts["chart"]
    # A translated sector is not marked as Finnish.
    assert 'lang="fi"' not in texts["page"].split("<table", 1)[1].split("</table>", 1)[0]


def test_the_finnish_page_keeps_syke_names(client, emissions):
    texts = page_texts(client, emissions.slug, "fi")
    for finnish in FINNISH:
        assert finnish in texts["page"] and finnish in texts["csv"]


def test_a_download_in_english_imports_back_unchanged(client, organisation, emissions):
    csv = get(client, "download", emissions.slug, "en", file_format="csv").content
    result = observations_import(
        organisation=organisation,
        format="table",
        source=io.BytesIO(csv),
        file_name="emissions-en.csv",
    )
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == Observation.objects.count() == 8


def test_every_sector_has_swedish_and_english_names():
    for finnish, (swedish, english) in sectors.NAMES.items():
        assert swedish and english
        assert sectors.sector_name(finnish, "sv") == swedish
        assert sectors.canonical_name(english) == finnish
    for level in sectors.ABBREVIATIONS.values():
        assert set(level.values()) <= set(sectors.NAMES)


def test_jsonstat_download_labels(client, emissions):
    dataset = json.loads(
        get(client, "download", emissions.slug, "sv", file_format="jsonstat2").content
    )
    assert "Energi" in dataset["dimension"]["sector"]["category"]["label"].values()
