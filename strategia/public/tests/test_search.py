"""Site-wide search: every kind of content, visibility-aware, ranked, on both databases.

The same tests hold for PostgreSQL's full-text search and for SQLite's fallback:
what a reader finds does not depend on the database.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategia.indicators.tests.factories import IndicatorFactory
from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.public import search
from strategia.strategy.models import Visibility
from strategia.strategy.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _search(client, query, language="fi"):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return response


def _found(client, query, language="fi"):
    """The results part of the page only: the query itself is echoed in the title and form."""
    html = _search(client, query, language).content.decode()
    start = html.find('id="results-')
    return html[start:] if start >= 0 else ""


def test_finds_plans_goals_measures_indicators_and_updates(client, strategy):
    IndicatorFactory(
        organisation=strategy.organisation, slug="kirjasto", name_fi="Kirjaston kävijät"
    )
    strategy.published.text_fi = "Kirjaston aukioloajat pidennettiin."
    strategy.published.save()
    html = _search(client, "kirjaston").content.decode()
    assert "Kirjaston kävijät" in html
    assert strategy.public_measure.name_fi in html  # through its published update
    assert 'id="results-indicators"' in html and 'id="results-updates"' in html
    assert "Vihreä Kemi" in _search(client, "Vihreä").content.decode()
    assert "Kaupunkistrategia" in _search(client, "Kaupunkistrategia").content.decode()
    # A measure by its identifier.
    assert "Sujuvoittamisen operaatio" in _search(client, "V1").content.decode()


def test_anonymous_visitors_never_find_internal_content(client, strategy, insider):
    IndicatorFactory(
        organisation=strategy.organisation,
        slug="sisainen",
        name_fi="Salainen mittari",
        visibility=Visibility.INTERNAL,
    )
    for query in ("Salainen", "Sisäinen päivitys"):
        html = _found(client, query)
        assert "Salainen valmistelu" not in html
        assert "Salainen mittari" not in html
        assert "Sisäinen päivitys" not in html
    client.force_login(insider)
    html = _search(client, "Salainen").content.decode()
    assert "Salainen valmistelu" in html and "Salainen mittari" in html


def test_drafts_are_never_found(client, strategy, insider):
    client.force_login(insider)
    assert "Luonnospäivitys" not in _found(client, "Luonnospäivitys")


def test_nothing_found_says_so_and_offers_a_way_on(client, strategy):
    html = _search(client, "zzzyxw").content.decode()
    assert "Hakusanalla “zzzyxw” ei löytynyt mitään." in html
    assert 'href="/fi/measures/"' in html


def test_an_empty_query_shows_the_form_only(client, strategy):
    response = _search(client, "   ")
    assert response.context["results"].total == 0
    assert 'name="q"' in response.content.decode()


def test_swedish_search_falls_back_to_finnish_content(client, strategy):
    # The goal has a Swedish name; the measure has none, so its Finnish name is searched.
    assert "Viisas Kemi SV" in _search(client, "Viisas", language="sv").content.decode()
    html = _search(client, "Oppiva", language="sv").content.decode()
    assert "Oppiva kaupunki" in html


def _measure(strategy, identifier, **names):
    return MeasureFactory(
        organisation=strategy.organisation,
        identifier=identifier,
        slug=identifier.lower(),
        goals=[strategy.goals[0]],
        **names,
    )


def _identifiers(client, query, language="fi"):
    return [m.identifier for m in _search(client, query, language).context["results"].measures]


def test_inflected_finnish_words_find_each_other_and_names_rank_first(client, strategy):
    # PostgreSQL's Finnish stemmer gives "kaupunk" for kaupunki and kaupunkia but
    # "kaupung" for kaupungin (consonant gradation); the prefix query ("kaupu:*")
    # and, on SQLite, the shortened word ("kaupun") find them all.
    _measure(strategy, "K1", name_fi="Kaupunki kasvaa")
    _measure(strategy, "K2", name_fi="Muu asia", description_fi="Koskee myös kaupunkia.")
    _measure(strategy, "K3", name_fi="Kaupungin kirjasto")
    _measure(strategy, "K4", name_fi="Kauppatori", description_fi="Torikauppa.")

    found = _identifiers(client, "kaupungin")
    assert {"K1", "K2", "K3"} <= set(found) and "K4" not in found
    # Every name that matches comes before the description that does.
    assert found.index("K2") > max(found.index("K1"), found.index("K3"))
    assert found.index("K2") > found.index("V2")  # "Oppiva kaupunki"
    assert {"K1", "K3"} <= set(_identifiers(client, "kaupunki"))
    assert "K2" in _identifiers(client, "kaupunkia")


def test_every_word_of_the_query_must_match(client, strategy):
    _measure(strategy, "K1", name_fi="Kaupunki kasvaa")
    _measure(strategy, "K3", name_fi="Kaupungin kirjasto")

    assert _identifiers(client, "kaupungin kirjastossa") == ["K3"]


def test_a_word_finds_the_compounds_it_begins(client, strategy):
    results = _search(client, "kaupunki").context["results"]
    assert [plan.slug for plan in results.plans] == ["kaupunkistrategia"]


def test_swedish_words_are_stemmed_and_find_compounds(client, strategy):
    _measure(strategy, "S1", name_fi="Kaupunginosat", name_sv="Stadsdelarna")
    _measure(strategy, "S2", name_fi="Muu", name_sv="Annat", description_sv="Gäller staden.")

    found = _identifiers(client, "staden", language="sv")
    assert found[:2] == ["S1", "S2"]
    plans = _search(client, "staden", language="sv").context["results"].plans
    assert [plan.slug for plan in plans] == ["kaupunkistrategia"]  # "Stadsstrategi"


def test_query_syntax_is_searched_as_words(client, strategy):
    _measure(strategy, "K1", name_fi="Kaupunki kasvaa")
    for query in ("kaupunki:* & !", "'kaupunki' | (", "<-> kaupunki"):
        assert "K1" in _identifiers(client, query)
    assert _identifiers(client, "&|!") == []


@pytest.mark.parametrize(
    ("stem", "prefix"),
    [
        ("kaupung", "kaupu"),
        ("kaupunk", "kaupu"),
        ("hyvinvoin", "hyvinvoi"),
        ("hyvinvoint", "hyvinvoi"),
        ("kehityks", "kehity"),
        ("kehitys", "kehity"),
        ("kadu", "kadu"),  # too short to cut: "kadun" does not find "katu"
        ("vihreä", "vihr"),
    ],
)
def test_finnish_stems_are_cut_before_their_graded_consonants(stem, prefix):
    assert search.shortened_stem(stem, "fi") == prefix
    assert search.shortened_stem(stem, "sv") == stem


def test_anonymous_searches_are_rate_limited_in_the_visitors_language(client, strategy, settings):
    settings.SEARCH_ANON_RATE = "2/m"
    assert client.get("/fi/search/", {"q": "kemi"}).status_code == 200
    assert client.get("/fi/search/", {"q": "kemi"}).status_code == 200

    refused = client.get("/fi/search/", {"q": "kemi"})
    assert refused.status_code == 429
    assert "Liian monta pyyntöä" in refused.content.decode()
    # The count is per client address: another address may still search.
    assert client.get("/fi/search/", {"q": "kemi"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert "För många förfrågningar" in client.get("/sv/search/", {"q": "x"}).content.decode()


def test_signed_in_searches_are_not_rate_limited(client, strategy, insider, settings):
    settings.SEARCH_ANON_RATE = "1/m"
    client.force_login(insider)
    for _ in range(3):
        assert client.get("/fi/search/", {"q": "kemi"}).status_code == 200


def test_query_count_is_flat(client, strategy):
    def grow(start, count):
        for i in range(start, start + count):
            measure = MeasureFactory(
                organisation=strategy.organisation,
                identifier=f"H{i}",
                slug=f"haku-{i}",
                name_fi=f"Hakukohde {i}",
                goals=[strategy.goals[i % 3]],
            )
            StatusUpdateFactory(
                measure=measure, text_fi="Hakukohde eteni", state=StatusUpdate.State.PUBLISHED
            )
            IndicatorFactory(
                organisation=strategy.organisation, slug=f"h-{i}", name_fi=f"Hakukohde {i}"
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            _search(client, "Hakukohde")
        return len(queries)

    grow(0, 2)
    small = count()
    grow(2, 30)
    assert count() == small
