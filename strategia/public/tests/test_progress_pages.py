"""Home, goal, plan and overview pages lead with progress; ended plans stand apart; empty
states say what is known instead of showing nothing or a staff instruction."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from strategia.indicators.models import Source
from strategia.indicators.tests.factories import IndicatorFactory, TargetFactory
from strategia.indicators.tests.test_views import add_series
from strategia.monitoring.models import ReportingPeriod, StatusUpdate
from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.strategy.models import MeasureStatus, Plan, Visibility
from strategia.strategy.tests.factories import MeasureFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_puts_the_goals_and_their_progress_before_mission_and_vision(client, strategy):
    html = _get(client, "/fi/")
    goals = html.index('class="home-goals"')
    assert goals < html.index("Missio X") and goals < html.index("Visio Y")
    cards = html[goals : html.index("</section>", goals)]
    # Every goal with its measures by status and its indicators by judgement, in words.
    assert cards.count('class="goal-card goal-card--progress"') == 3
    assert "Etenee suunnitellusti" in cards
    assert "status-summary--indicators" in cards
    # And then what changed lately, before the mission.
    assert goals < html.index('id="updates-heading"') < html.index("Missio X")


def test_updates_carry_their_period_label(client, strategy):
    period = ReportingPeriod.objects.create(
        plan=strategy.plan,
        kind=ReportingPeriod.Kind.TERTIAL,
        year=2025,
        number=1,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 4, 30),
        deadline=datetime.date(2025, 5, 14),
    )
    strategy.published.reporting_period = period
    strategy.published.save()
    home = _get(client, "/fi/")
    assert "Raportti jaksolta T1/2025" in home
    assert "Raportti jaksolta T1/2025" in _get(client, strategy.public_measure.get_absolute_url())


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_ended_plans_are_marked_and_listed_apart(client, strategy):
    ended = PlanFactory(
        organisation=strategy.organisation,
        slug="vanha",
        kind=Plan.Kind.PROGRAMME,
        parent=strategy.plan,
        name_fi="Vanha ohjelma",
        start_year=2017,
        end_year=2021,
    )
    current = PlanFactory(
        organisation=strategy.organisation,
        slug="uusi",
        kind=Plan.Kind.PROGRAMME,
        parent=strategy.plan,
        name_fi="Uusi ohjelma",
        start_year=2025,
        end_year=2028,
    )
    assert ended.is_ended and not current.is_ended and not strategy.plan.is_ended
    plans = _get(client, "/fi/plans/")
    ended_section = plans.index('id="ended-heading"')
    assert plans.index("Uusi ohjelma") < ended_section < plans.index("Vanha ohjelma")
    home = _get(client, "/fi/")
    assert (
        home.index("Uusi ohjelma") < home.index("Päättyneet ohjelmat") < home.index("Vanha ohjelma")
    )
    page = _get(client, ended.get_absolute_url())
    assert "päättyi vuonna 2021" in page


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_goal_page_lists_ended_plans_that_served_it_apart(client, strategy):
    strategy.programme.start_year, strategy.programme.end_year = 2017, 2021
    strategy.programme.save()
    page = _get(client, strategy.goals[0].get_absolute_url())
    section = page[page.index('id="programmes-heading"') :]
    assert section.index("Päättyneet ohjelmat") < section.index(strategy.programme.name_fi)
    assert "päättynyt" in section


def test_plan_without_measures_says_so_plainly(client, strategy):
    empty = PlanFactory(organisation=strategy.organisation, slug="tyhja", name_fi="Tyhjä")
    html = _get(client, empty.get_absolute_url())
    assert "Tämän suunnitelman toimenpiteitä ei ole kirjattu tähän palveluun." in html
    assert "status-bar" not in html


def test_a_measure_in_a_list_without_a_unit_says_none_is_named_yet(client, strategy):
    MeasureFactory(
        organisation=strategy.organisation,
        identifier="N2",
        slug="orpo",
        name_fi="Orpo hanke",
        responsible_unit=None,
        goals=[strategy.goals[1]],
    )
    goal = _get(client, strategy.goals[1].get_absolute_url())
    item = goal[goal.index("Orpo hanke") :]
    item = item[: item.index("</li>")]
    assert "Vastuuyksikköä ei ole vielä nimetty." in item


def test_measure_without_a_report_says_what_is_known_and_who_is_responsible(client, strategy):
    measure = MeasureFactory(
        organisation=strategy.organisation,
        identifier="N1",
        slug="uusi-hanke",
        name_fi="Uusi hanke",
        status=MeasureStatus.NOT_STARTED,
        responsible_unit=strategy.unit,
        goals=[strategy.goals[1]],
    )
    measure.contact_persons.add(strategy.person)
    html = _get(client, measure.get_absolute_url())
    assert "term--measure-unreported" in html
    assert "term--measure-not_started" not in html
    assert "Ei vielä raportoitu" in html
    assert "Sen toteuttamisesta ja raportoinnista vastaa Tekniset palvelut." in html
    assert "Maija Meikäläinen" in html
    assert "Aikataulua ei ole vielä annettu." in html
    # Lists and counts say the same.
    goal = _get(client, strategy.goals[1].get_absolute_url())
    assert "term--measure-unreported" in goal
    # A measure reported "not started" is not "no report yet".
    StatusUpdateFactory(
        measure=measure, status=MeasureStatus.NOT_STARTED, state=StatusUpdate.State.PUBLISHED
    )
    assert "term--measure-not_started" in _get(client, measure.get_absolute_url())


def test_goal_page_shows_indicators_as_small_multiples_and_says_when_data_is_expected(
    client, strategy
):
    with_values = IndicatorFactory(
        organisation=strategy.organisation, slug="arvoja", name_fi="Arvoja on"
    )
    add_series(with_values, [1, 2, 3])
    TargetFactory(indicator=with_values, year=2030, value=5)
    without = IndicatorFactory(
        organisation=strategy.organisation,
        slug="ei-arvoja",
        name_fi="Ei arvoja",
        source=Source.SOTKANET,
    )
    for indicator in (with_values, without):
        indicator.goal_links.create(goal=strategy.goals[0])
    html = _get(client, strategy.goals[0].get_absolute_url())
    assert 'class="small-multiples"' in html
    assert "/fi/indicators/arvoja/chart.svg?size=small" in html
    assert "/fi/indicators/ei-arvoja/chart.svg" not in html
    assert "Arvoja ei vielä ole." in html
    assert "Sotkanet" in html and "kerran vuodessa" in html
    small = client.get("/fi/indicators/arvoja/chart.svg", {"size": "small"})
    assert small.status_code == 200 and small.content.startswith(b"<?xml")


def test_indicator_without_values_draws_no_chart(client, strategy):
    IndicatorFactory(organisation=strategy.organisation, slug="tyhja", source=Source.PXWEB)
    html = _get(client, "/fi/indicators/tyhja/")
    assert "<figure" not in html and "chart.svg" not in html
    assert "Arvot tulevat lähteestä Tilastokeskus" in html
    assert "data.csv" not in html


def test_internal_notes_are_for_staff_only(client, strategy, insider):
    IndicatorFactory(
        organisation=strategy.organisation,
        slug="muistiin",
        description_fi="Julkinen kuvaus.",
        internal_notes="Kysely ei ole vielä määritetty.",
    )
    anonymous = _get(client, "/fi/indicators/muistiin/")
    assert "Julkinen kuvaus." in anonymous
    assert "Kysely ei ole vielä määritetty." not in anonymous
    client.force_login(insider)
    staff = _get(client, "/fi/indicators/muistiin/")
    assert "Kysely ei ole vielä määritetty." in staff
    assert "ei näy julkisesti" in staff


def test_overview_lists_plans_units_goals_and_what_needs_attention(client, strategy, insider):
    late = MeasureFactory(
        organisation=strategy.organisation,
        identifier="M9",
        slug="myohassa",
        name_fi="Myöhässä oleva",
        end_date=timezone.localdate() - datetime.timedelta(days=30),
        status=MeasureStatus.ON_TRACK,
        goals=[strategy.goals[2]],
    )
    off = IndicatorFactory(organisation=strategy.organisation, slug="huono", name_fi="Huono")
    add_series(off, [5, 4, 3], first_year=2020)
    TargetFactory(indicator=off, year=2030, value=10)
    html = _get(client, "/fi/overview/")
    attention = html[html.index('id="attention-heading"') : html.index('id="goals-heading"')]
    assert "Oppiva kaupunki" in attention  # delayed
    assert late.name_fi in attention  # past its end date
    assert "Huono" in attention  # off track
    assert "Salainen valmistelu" not in html  # internal, at risk
    for name in ("Viisas Kemi", "Tekniset palvelut", "Kaupunkistrategia"):
        assert name in html
    assert 'role="region"' in html  # the wide tables scroll inside their own box
    client.force_login(insider)
    assert "Salainen valmistelu" in _get(client, "/fi/overview/")


def test_main_menu_links_to_the_overview(client, strategy):
    nav = re.search(r'<nav class="main-nav".*?</nav>', _get(client, "/fi/"), re.S).group(0)
    assert 'href="/fi/overview/"' in nav


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_overview_query_count_is_flat(client, strategy):
    def grow(start, count):
        for i in range(start, start + count):
            MeasureFactory(
                organisation=strategy.organisation,
                identifier=f"O{i}",
                slug=f"o-{i}",
                status=[MeasureStatus.DELAYED, MeasureStatus.ON_TRACK][i % 2],
                visibility=Visibility.PUBLIC,
                end_date=datetime.date(2020, 1, 1),
                goals=[strategy.goals[i % 3]],
            )
            indicator = IndicatorFactory(organisation=strategy.organisation, slug=f"i-{i}")
            indicator.goal_links.create(goal=strategy.goals[i % 3])
            add_series(indicator, [i, i + 1])

    grow(0, 3)
    small = _queries(client, "/fi/overview/")
    grow(3, 30)
    assert _queries(client, "/fi/overview/") == small


def test_default_content_keeps_staff_instructions_off_public_pages(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_default_content", stdout=StringIO())
    with translation.override("fi"):
        html = _get(client, "/fi/plans/hyvinvointisuunnitelma-2022-2025/")
    assert "Strategiaan" not in html and "kirjataan" not in html
    for plan in Plan.objects.all():
        text = " ".join(
            getattr(plan, f"{field}_{language}")
            for field in ("summary", "description")
            for language in ("fi", "sv", "en")
        )
        for instruction in ("kirjataan Strategiaan", "förs in i Strategia", "entered in Strategia"):
            assert instruction not in text, plan.slug
    from strategia.indicators.models import Indicator

    population = Indicator.objects.get(slug="vaestonmuutos")
    assert "metatiedoista" in population.internal_notes
    assert "note" not in population.source_reference
    public = _get(client, "/fi/indicators/vaestonmuutos/")
    assert "metatiedoista" not in public
