"""One vocabulary: each status has one word, colour and symbol, the same on every page."""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from strategia.indicators.tests.factories import IndicatorFactory, TargetFactory
from strategia.indicators.tests.test_views import add_series
from strategia.public import vocabulary

from .conftest import page_urls

CSS = Path(__file__).resolve().parents[1] / "static" / "public" / "css" / "site.css"


def _render(source: str, **context) -> str:
    return Template("{% load public_tags %}" + source).render(Context(context))


def test_on_track_is_the_same_colour_and_symbol_for_measures_and_indicators():
    measure = _render('{% status_badge "on_track" %}')
    indicator = _render('{% judgement_badge "on_track" %}')
    for html in (measure, indicator):
        assert "tone-positive" in html
        assert "●" in html


def test_a_symbol_never_means_two_things():
    meanings = defaultdict(set)
    for kind, terms in vocabulary.TERMS.items():
        for term in terms.values():
            meanings[term.symbol].add(term.meaning or f"{kind}:{term.key}")
    shared = {symbol: found for symbol, found in meanings.items() if len(found) > 1}
    assert shared == {}
    # No arrows: they read as the direction of change, which no status is.
    assert not {"▲", "▼", "↑", "↓"} & set(meanings)


def test_each_tone_is_one_colour_defined_once():
    css = CSS.read_text(encoding="utf-8")
    colours = {}
    for tone in vocabulary.TONE_MEANINGS:
        rules = re.findall(rf"\.tone-{tone} \{{([^}}]*)\}}", css)
        assert len(rules) == 1, tone
        colours[tone] = rules[0]
    assert len(set(colours.values())) == len(colours)
    used = {term.tone for terms in vocabulary.TERMS.values() for term in terms.values()}
    assert used <= set(vocabulary.TONE_MEANINGS)


def test_every_term_has_its_words_in_finnish_and_swedish():
    terms = [term for kind in vocabulary.TERMS.values() for term in kind.values()]
    with translation.override("en"):
        english = [(str(t.word), str(t.explanation)) for t in terms]
    for language in ("fi", "sv"):
        with translation.override(language):
            translated = [(str(t.word), str(t.explanation)) for t in terms]
        # Swedish "trend" and a few short words may equal the English; explanations never do.
        assert all(ours[1] != theirs[1] for ours, theirs in zip(translated, english, strict=True))


@pytest.mark.django_db
def test_the_same_status_renders_with_the_same_class_on_every_page(client, strategy):
    indicator = IndicatorFactory(organisation=strategy.organisation, slug="hyva")
    add_series(indicator, [1, 2, 3, 4])
    TargetFactory(indicator=indicator, year=2034, value=20)
    indicator.goal_links.create(goal=strategy.goals[0])
    with translation.override("fi"):
        urls = [
            *page_urls(strategy).values(),
            "/fi/indicators/",
            "/fi/indicators/hyva/",
            "/fi/environment/",
        ]
    classes = defaultdict(set)
    for url in urls:
        html = client.get(url).content.decode()
        assert "▲" not in html and "▼" not in html, url
        for tone, kind, key in re.findall(r'class="term tone-(\w+) term--(\w+)-(\w+)"', html):
            classes[(kind, key)].add(tone)
    assert ("measure", "on_track") in classes and ("judgement", "on_track") in classes
    for (kind, key), tones in classes.items():
        assert tones == {vocabulary.term(kind, key).tone}, (kind, key)
    assert classes[("measure", "on_track")] == classes[("judgement", "on_track")]


@pytest.mark.django_db
def test_legend_page_explains_every_term_and_is_linked_where_statuses_appear(client, strategy):
    with translation.override("fi"):
        html = client.get("/fi/statuses/").content.decode()
        for kind in (vocabulary.Kind.MEASURE, vocabulary.Kind.JUDGEMENT, vocabulary.Kind.STAGE):
            for term in vocabulary.TERMS[kind].values():
                assert str(term.word).capitalize() in html or str(term.word) in html
                assert str(term.explanation) in html
    for url in ("/fi/", strategy.goals[0].get_absolute_url(), "/fi/overview/"):
        assert 'href="/fi/statuses/"' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_headings_tell_status_judgement_and_stage_apart_in_finnish(client, strategy):
    IndicatorFactory(organisation=strategy.organisation, slug="otsikot")
    measure = client.get(strategy.public_measure.get_absolute_url()).content.decode()
    assert "Tilanne:" in measure and "Tila:" not in measure
    indicator = client.get("/fi/indicators/otsikot/").content.decode()
    assert "Arvio:" in indicator and ">Tila" not in indicator
    with translation.override("fi"):
        assert str(vocabulary.HEADINGS[vocabulary.Kind.STAGE]) == "Käsittelyvaihe"
