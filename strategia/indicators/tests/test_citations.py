"""Citations in the sources' own formats, with the access date."""

import datetime

import pytest
from django.utils import translation

from strategia.indicators.citations import citation

DAY = datetime.date(2026, 11, 29)


def test_sotkanet_format_in_three_languages():
    common = {
        "source": "sotkanet",
        "reference": {"indicator": 5},
        "title": "Toimeentulotukea saaneet 25 - 64-vuotiaat",
        "own_text": "",
        "accessed": DAY,
    }
    assert citation(**common, language="fi") == (
        "Tilasto- ja indikaattoripankki Sotkanet. Terveyden ja hyvinvoinnin laitos. "
        "Toimeentulotukea saaneet 25 - 64-vuotiaat (ind. 5). Viitattu 29.11.2026."
    )
    assert citation(**common, language="sv").startswith(
        "Statistik- och indikatorbanken Sotkanet. Institutet för hälsa och välfärd."
    )
    assert citation(**common, language="sv").endswith("(ind. 5). Hänvisning 29.11.2026.")
    assert citation(**common, language="en").endswith("(ind. 5). Referenced on 29 November 2026.")


def test_sotkanet_producer_other_than_thl():
    text = citation(
        source="sotkanet",
        reference={"indicator": 180, "producer": "Tilastokeskus"},
        title="Koulutustasomittain",
        own_text="",
        accessed=DAY,
        language="fi",
    )
    assert text.startswith("Tilasto- ja indikaattoripankki Sotkanet. Tilastokeskus. Koulutus")


def test_statistics_finland_and_syke_formats():
    svt = citation(
        source="pxweb",
        reference={"statistic": "Väestörakenne"},
        title="Väestönmuutos",
        own_text="",
        accessed=DAY,
        language="fi",
    )
    assert svt == (
        "Suomen virallinen tilasto (SVT): Väestörakenne [verkkojulkaisu]. "
        "Helsinki: Tilastokeskus [viitattu: 29.11.2026]."
    )
    syke = citation(source="syke", reference={}, title="", own_text="", accessed=DAY, language="fi")
    assert syke.startswith("Suomen ympäristökeskus SYKE: Kuntien ja alueiden")
    assert syke.endswith("[viitattu 29.11.2026].")


def test_own_text_wins_and_gets_the_date():
    text = citation(
        source="sotkanet",
        reference={"indicator": 127},
        title="x",
        own_text="Oma viite. Viitattu {accessed}.",
        accessed=DAY,
        language="fi",
    )
    assert text == "Oma viite. Viitattu 29.11.2026."
    assert citation(source="manual", reference={}, title="x", own_text="", accessed=DAY) == ""


@pytest.mark.django_db
def test_an_own_text_in_finnish_only_gives_way_to_the_sources_format_in_swedish():
    """Kemi's seed cites Sotkanet in Finnish; the Swedish page cites it in Swedish, not
    "… Viitattu 3.12.2026." in the middle of a Swedish page."""
    from strategia.indicators.citations import indicator_citation
    from strategia.indicators.tests.factories import IndicatorFactory

    indicator = IndicatorFactory(
        source="sotkanet",
        source_reference={"indicator": 180, "producer": "Tilastokeskus"},
        name_fi="Koulutustasomittain",
        name_sv="Mått på utbildningsnivån",
        citation_fi="Sotkanet. Tilastokeskus. Koulutustasomittain (ind. 180). Viitattu {accessed}.",
    )
    with translation.override("sv"):
        swedish = indicator_citation(indicator, accessed=DAY)
    assert swedish == (
        "Statistik- och indikatorbanken Sotkanet. Statistikcentralen. "
        "Mått på utbildningsnivån (ind. 180). Hänvisning 29.11.2026."
    )
    with translation.override("fi"):
        assert indicator_citation(indicator, accessed=DAY).endswith("Viitattu 29.11.2026.")
    manual = IndicatorFactory(source="manual", citation_fi="Kaupungin oma laskenta {accessed}.")
    # No format of its own: the Finnish text rather than nothing.
    assert indicator_citation(manual, accessed=DAY, language="sv") == (
        "Kaupungin oma laskenta 29.11.2026."
    )
