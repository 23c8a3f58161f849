"""The public pages make the same number of queries with 10 and with 200 measures."""

import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.organisations.tests.factories import PersonFactory, UnitFactory
from strategia.strategy.models import MeasureStatus, Visibility
from strategia.strategy.tests.factories import MeasureFactory


def _add_measures(strategy, count: int, start: int) -> None:
    goals = [*strategy.goals, strategy.subgoal, strategy.commitment, strategy.aim]
    units = [strategy.unit, strategy.other_unit]
    statuses = itertools.cycle(MeasureStatus.values)
    for i in range(start, start + count):
        unit = UnitFactory(organisation=strategy.organisation) if i % 5 == 0 else units[i % 2]
        measure = MeasureFactory(
            organisation=strategy.organisation,
            identifier=f"Q{i}",
            slug=f"q-{i}",
            status=next(statuses),
            progress=i % 101,
            responsible_unit=unit,
            visibility=Visibility.INTERNAL if i % 7 == 0 else Visibility.PUBLIC,
            goals=[goals[i % len(goals)], goals[(i + 1) % len(goals)]],
        )
        measure.collaborating_units.add(units[(i + 1) % 2])
        measure.contact_persons.add(PersonFactory(organisation=strategy.organisation))
        StatusUpdateFactory(
            measure=measure,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            state=StatusUpdate.State.PUBLISHED,
        )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _urls(strategy) -> dict[str, str]:
    with translation.override("fi"):
        return {
            "home": "/fi/",
            "goal": strategy.goals[0].get_absolute_url(),
            "plan": strategy.plan.get_absolute_url(),
            "programme": strategy.programme.get_absolute_url(),
            "plan_list": "/fi/plans/",
            "measure_list": "/fi/measures/",
            "measure_list_filtered": (
                f"/fi/measures/?goal={strategy.goals[0].pk}&status=on_track&q=Q"
            ),
            "measure_list_page_2": "/fi/measures/?page=2",
            "measure": strategy.public_measure.get_absolute_url(),
            "unit": strategy.unit.get_absolute_url(),
            "overview": "/fi/overview/",
        }


def _grow_the_shown_measure(strategy, extra: int) -> None:
    """More goals, updates and history on the measure whose page is counted."""
    measure = strategy.public_measure
    for i in range(extra):
        measure.goals.add(strategy.goals[i % 3])
        measure.collaborating_units.add(UnitFactory(organisation=strategy.organisation))
        measure.contact_persons.add(PersonFactory(organisation=strategy.organisation))
        StatusUpdateFactory(measure=measure, state=StatusUpdate.State.PUBLISHED)
        measure.progress = i
        measure.save()


def _assert_same_counts(client, strategy) -> dict[str, int]:
    _add_measures(strategy, 10, start=0)
    urls = _urls(strategy)
    # The measure list needs a second page at both sizes.
    _add_measures(strategy, 20, start=10)
    small = {name: _count(client, url) for name, url in urls.items()}
    _add_measures(strategy, 170, start=30)
    _grow_the_shown_measure(strategy, 5)
    large = {name: _count(client, url) for name, url in urls.items()}
    assert small == large
    return large


def test_query_counts_do_not_grow_with_measures_for_anonymous_visitors(client, strategy):
    counts = _assert_same_counts(client, strategy)
    # And stay modest: a regression to per-row queries would show here first.
    assert max(counts.values()) <= 20, counts


def test_query_counts_do_not_grow_with_measures_for_staff(client, strategy, insider):
    client.force_login(insider)
    _assert_same_counts(client, strategy)
