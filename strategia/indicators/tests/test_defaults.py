"""Kemi's default indicators: loaded from the YAML, linked to the strategy's goals, idempotent;
sample values only through the demo module, flagged and removable."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from strategia.core.sample_data import organisation_has_sample_data
from strategia.indicators import demo
from strategia.indicators.defaults import (
    load_default_indicators,
    load_sample_observations,
    read_defaults,
)
from strategia.indicators.models import (
    ImportRun,
    Indicator,
    IndicatorGoal,
    IndicatorMeasure,
    Observation,
    Source,
    Target,
)
from strategia.organisations.models import Organisation


@pytest.fixture
def kemi(db):
    call_command("load_default_content", stdout=StringIO())
    return Organisation.objects.get(slug="kemi")


def test_file_references_are_real_or_empty():
    data = read_defaults()
    by_slug = {item["slug"]: item for item in data["indicators"]}
    sotkanet = {
        slug: item["source_reference"]["indicator"]
        for slug, item in by_slug.items()
        if item["source"] == "sotkanet"
    }
    # Checked against Sotkanet's metadata (see the file's header).
    assert sotkanet == {
        "koulutustasomittain": 180,
        "vakiluku": 127,
        "erikoissairaanhoito-75-vuotta-tayttaneet": 6,
        "lastensuojeluilmoitukset": 1086,
        "mielenterveys-sairaalahoito-0-17": 4,
        "toimeentulotuki-25-64": 5,
    }
    # Table 11ra in the form of June 2026: short id, variables by code (as seen in
    # public code querying the live table); fetch checks the codes against the metadata.
    population_change = by_slug["vaestonmuutos"]["source_reference"]
    assert population_change["table"] == "StatFin/vaerak/11ra.px"
    assert set(population_change["selection"]) == {
        "alue_23_20260101",
        "timeperiod_y",
        "contentscode",
    }
    assert population_change["area_dimension"] in population_change["selection"]
    assert population_change["period_dimension"] in population_change["selection"]
    assert by_slug["kasvihuonekaasupaastot"]["source_reference"]["method"] == "hinku"
    for item in data["indicators"]:
        assert item["name"]["fi"] and item["name"]["sv"] and item["name"]["en"]
        assert "values" not in item and "observations" not in item  # no invented values


def test_load_default_content_creates_indicators_linked_to_goals(kemi):
    # load_default_content calls load_default_indicators (its content extension).
    assert Indicator.objects.filter(organisation=kemi).count() == 8
    result = load_default_indicators(organisation=kemi)
    assert result.unchanged == 8
    assert result.missing_links == []
    education = Indicator.objects.get(organisation=kemi, slug="koulutustasomittain")
    assert education.source == Source.SOTKANET
    assert education.name_sv == "Mått på utbildningsnivån"
    link = IndicatorGoal.objects.get(indicator=education)
    assert (link.goal.plan.slug, link.goal.slug, link.expected_effect) == (
        "kaupunkistrategia",
        "viisas-kemi",
        "increases",
    )
    assert IndicatorMeasure.objects.get(indicator=education).measure.identifier == "VIISAS-4"
    emissions = Indicator.objects.get(organisation=kemi, slug="kasvihuonekaasupaastot")
    assert emissions.polarity == "lower_is_better"
    assert emissions.goals.get().slug == "vihrea-kemi"
    assert Observation.objects.count() == 0  # no values in the defaults


def test_reload_writes_nothing(kemi):
    load_default_indicators(organisation=kemi)
    with CaptureQueriesContext(connection) as queries:
        result = load_default_indicators(organisation=kemi)
    assert result.unchanged == 8 and result.created == result.updated == 0
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_reload_restores_a_changed_text(kemi):
    load_default_indicators(organisation=kemi)
    Indicator.objects.filter(slug="vakiluku").update(name_fi="Muutettu")
    result = load_default_indicators(organisation=kemi)
    assert result.updated == 1
    assert Indicator.objects.get(slug="vakiluku").name_fi == "Väkiluku 31.12."


def test_other_organisations_get_nothing(db):
    other = Organisation.objects.create(slug="tornio", name_fi="Tornio", municipality_code="851")
    assert load_default_indicators(organisation=other).created == 0
    assert not Indicator.objects.exists()


def test_sample_values_are_flagged_idempotent_and_removable(kemi):
    assert not organisation_has_sample_data(kemi)
    demo.add_sample_data(organisation=kemi, stdout=StringIO())
    count = Observation.objects.count()
    assert count > 0
    assert not Observation.objects.filter(is_sample=False).exists()
    assert Target.objects.filter(is_sample=True).exists()
    assert organisation_has_sample_data(kemi)
    # Written by the one writer of observations, as one import run of default content;
    # the rerun below finds nothing to change and records no second run.
    run = ImportRun.objects.get()
    assert run.trigger == ImportRun.Trigger.CONTENT
    assert set(Observation.objects.values_list("import_run_id", flat=True)) == {run.pk}
    assert Observation.objects.filter(dimensions_key="sector=Energia").exists()
    demo.add_sample_data(organisation=kemi, stdout=StringIO())
    assert Observation.objects.count() == count
    assert ImportRun.objects.count() == 1
    demo.remove_sample_data(stdout=StringIO())
    assert not Observation.objects.exists()
    assert not Target.objects.filter(is_sample=True).exists()


def test_sample_values_never_mix_with_real_ones(kemi):
    load_default_indicators(organisation=kemi)
    population = Indicator.objects.get(slug="vakiluku")
    Observation.objects.create(
        indicator=population,
        area="240",
        period="2023",
        period_start=datetime.date(2023, 1, 1),
        value=19_700,
        fetched_at=timezone.now(),
    )
    load_sample_observations(organisation=kemi)
    assert list(
        Observation.objects.filter(indicator=population).values_list("value", flat=True)
    ) == [19_700]
    assert Observation.objects.filter(
        indicator__slug="koulutustasomittain", is_sample=True
    ).exists()


def test_home_and_goal_pages_summarise_indicator_statuses(kemi, client):
    demo.add_sample_data(organisation=kemi, stdout=StringIO())
    home = client.get("/fi/").content.decode()
    assert "status-summary--indicators" in home
    assert "/fi/indicators/?goal=" in home
    goal = client.get("/fi/plans/kaupunkistrategia/goals/viisas-kemi/").content.decode()
    assert "/fi/indicators/koulutustasomittain/" in goal
    assert "term--judgement-" in goal
    listing = client.get("/fi/indicators/").content.decode()
    for slug in ("koulutustasomittain", "vakiluku", "kasvihuonekaasupaastot"):
        assert f"/fi/indicators/{slug}/" in listing
