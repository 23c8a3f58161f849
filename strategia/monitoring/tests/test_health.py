import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from strategia.indicators.models import Indicator, Observation, Source, Target
from strategia.monitoring.models import ReportingPeriod, StatusUpdate
from strategia.monitoring.selectors import strategy_health
from strategia.strategy.models import Measure, MeasureStatus
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory

TODAY = datetime.date(2026, 11, 20)


def _indicator(world, slug, **kwargs):
    return Indicator.objects.create(
        organisation=world.organisation, slug=slug, name_fi=slug, **kwargs
    )


def _observe(indicator, period, start):
    Observation.objects.create(
        indicator=indicator,
        area=indicator.default_area,
        period=period,
        period_start=start,
        value=1.0,
        fetched_at=timezone.now(),
    )


@pytest.fixture
def healthy(world):
    """A goal with a measure and an indicator with a target and a recent value."""
    measure = world.add_measure(name_fi="Kunnossa")
    indicator = _indicator(world, "kunnossa")
    indicator.goal_links.create(goal=world.goal)
    Target.objects.create(indicator=indicator, year=2030, value=10)
    _observe(indicator, "2025", datetime.date(2025, 1, 1))
    Measure.objects.filter(pk=measure.pk).update(created_at=timezone.now())
    return measure, indicator


def test_a_healthy_strategy_has_no_problems(healthy, world):
    report = strategy_health(organisation=world.organisation, today=TODAY)
    assert report.problem_count == 0, report.sections()


def test_strategy_health_finds_each_problem_kind(healthy, world):
    lonely_goal = GoalFactory(plan=world.plan, slug="yksin", name_fi="Yksinäinen")
    no_unit = MeasureFactory(organisation=world.organisation, name_fi="Ei yksikköä")
    no_unit.contact_persons.add(world.contact_person)
    no_contact = MeasureFactory(
        organisation=world.organisation, responsible_unit=world.unit, goals=[world.goal]
    )
    no_target = _indicator(world, "ei-tavoitetta")
    _observe(no_target, "2025", datetime.date(2025, 1, 1))
    stale_manual = _indicator(world, "vanha", time_resolution="quarter")
    Target.objects.create(indicator=stale_manual, year=2030, value=1)
    _observe(stale_manual, "2026Q1", datetime.date(2026, 1, 1))
    recent_external = _indicator(world, "tilasto", source=Source.SOTKANET)
    Target.objects.create(indicator=recent_external, year=2030, value=1)
    _observe(recent_external, "2024", datetime.date(2024, 1, 1))
    ended = world.add_measure(
        name_fi="Päättynyt",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        status=MeasureStatus.ON_TRACK,
    )
    # Two tertials with passed deadlines: the sleeper reported in neither.
    first = world.period(number=1)
    second = world.period(
        number=2,
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 8, 31),
        deadline=datetime.date(2026, 9, 14),
        state=ReportingPeriod.State.CLOSED,
    )
    sleeper = world.add_measure(name_fi="Nukkuja")
    Measure.objects.filter(pk=sleeper.pk).update(
        created_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    for measure in (healthy[0], no_contact, ended):
        StatusUpdate.objects.create(
            measure=measure,
            reporting_period=second,
            date=TODAY,
            status="on_track",
            state=StatusUpdate.State.PUBLISHED,
        )
    assert first.pk

    report = strategy_health(organisation=world.organisation, today=TODAY)
    assert report.goals_without_measures == [lonely_goal]
    assert report.goals_without_indicators == [lonely_goal]
    assert report.measures_without_unit == [no_unit]
    assert report.measures_without_contact == [no_contact]
    assert set(report.indicators_without_targets) == {no_target}
    assert report.indicators_without_recent_values == [stale_manual]
    assert report.measures_not_updated == [sleeper]
    assert report.ended_but_on_track == [ended]


def test_strategy_health_command_lists_and_fails(healthy, world):
    GoalFactory(plan=world.plan, slug="yksin", name_fi="Yksinäinen tavoite")
    out = StringIO()
    call_command("strategy_health", stdout=out)
    assert "Yksinäinen tavoite" in out.getvalue()
    assert "Goals without measures: 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("strategy_health", "--fail", stdout=StringIO())


def test_strategy_health_query_count_does_not_grow(world, django_assert_max_num_queries):
    world.period()
    for _ in range(3):
        world.add_measure()
    with django_assert_max_num_queries(12) as small:
        strategy_health(organisation=world.organisation, today=TODAY)
    for _ in range(20):
        world.add_measure()
        _indicator(world, f"m-{len(world.measures)}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        strategy_health(organisation=world.organisation, today=TODAY)
