"""What the public-cache tests of every app share: a small strategy, and visiting pages.

A test names the pages it watches (name → address), warms the cache with two
anonymous visits, makes one write through the service that makes it in the
product, and visits again: ``rendered_again`` gives the names of the pages
rendered anew (``X-Public-Cache: miss``); every other page came from the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from strategia.accounts.models import Role, RoleAssignment
from strategia.indicators.models import Indicator
from strategia.indicators.tests.factories import IndicatorFactory, ObservationFactory
from strategia.organisations.models import Organisation
from strategia.organisations.tests.factories import UnitFactory, UserFactory
from strategia.strategy.models import Goal, Measure, MeasureStatus, Plan
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

# Pages of the strategy and indicators, watched by every app's tests so that
# a write of the app is seen to leave them in the cache.
STRATEGY_PAGES = {
    "home": "/fi/",
    "measure": "/fi/measures/m-1/",
    "indicator": "/fi/indicators/tyollisyys/",
    "api measures": "/api/v1/measures/",
}


@dataclass
class Strategy:
    organisation: Organisation
    plan: Plan
    goal: Goal
    measure: Measure
    indicator: Indicator
    office: object


@pytest.fixture
def public_cache(settings):
    settings.PUBLIC_CACHE = True
    settings.API_ANON_RATE = "10000/minute"
    cache.clear()
    yield
    cache.clear()


def build_strategy(organisation: Organisation) -> Strategy:
    """Plan ``strategia``, goal ``viisas``, measure ``m-1``, indicator ``tyollisyys``."""
    unit = UnitFactory(organisation=organisation, slug="tekninen")
    plan = PlanFactory(organisation=organisation, slug="strategia", kind=Plan.Kind.STRATEGY)
    goal = GoalFactory(plan=plan, slug="viisas", kind=Goal.Kind.GOAL)
    measure = MeasureFactory(
        organisation=organisation,
        slug="m-1",
        identifier="M-1",
        goals=[goal],
        responsible_unit=unit,
        status=MeasureStatus.ON_TRACK,
    )
    indicator = IndicatorFactory(organisation=organisation, slug="tyollisyys", source="manual")
    indicator.goal_links.create(goal=goal)
    for year in range(2018, 2024):
        ObservationFactory(indicator=indicator, period=str(year), value=year - 2000)
    office = UserFactory(is_staff=True)
    RoleAssignment.objects.create(user=office, organisation=organisation, role=Role.ADMINISTRATOR)
    return Strategy(
        organisation=organisation,
        plan=plan,
        goal=goal,
        measure=measure,
        indicator=indicator,
        office=office,
    )


def visit(client: Client, pages: dict[str, str]) -> dict[str, str]:
    """Each page's source: ``miss`` (rendered now) or ``hit`` (from the cache)."""
    sources = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        sources[name] = response["X-Public-Cache"]
    return sources


def rendered_again(client: Client, pages: dict[str, str], write: Callable[[], None]) -> set[str]:
    assert set(visit(client, pages).values()) == {"miss"}
    assert set(visit(client, pages).values()) == {"hit"}
    write()
    return {name for name, source in visit(client, pages).items() if source == "miss"}
