"""Citations in the sources' own formats, with the access date."""

import datetime

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
