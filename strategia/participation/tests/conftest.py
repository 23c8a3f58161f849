import pytest
from django.core.cache import cache

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.organisations.tests.factories import UnitFactory, UserFactory
from strategia.strategy.models import Plan
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

from .factories import ParticipantFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # django-ratelimit counts in the cache; every test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit(organisation):
    return UnitFactory(organisation=organisation, name_fi="Liikuntapalvelut")


@pytest.fixture
def goal(organisation):
    plan = PlanFactory(organisation=organisation, kind=Plan.Kind.STRATEGY, name_fi="Strategia")
    return GoalFactory(plan=plan, name_fi="Välittävä Kemi")


@pytest.fixture
def measure(organisation, unit, goal):
    return MeasureFactory(
        organisation=organisation, responsible_unit=unit, name_fi="Lähiliikuntapaikat", goals=[goal]
    )


def staff(organisation, email, role, unit=None):
    user = UserFactory(email=email, full_name=email.split("@")[0].capitalize())
    RoleAssignmentFactory(user=user, organisation=organisation, role=role, unit=unit)
    return user


@pytest.fixture
def moderator(organisation):
    return staff(organisation, "moderaattori@example.fi", Role.MODERATOR)


@pytest.fixture
def office(organisation):
    return staff(organisation, "strategiatoimisto@example.fi", Role.STRATEGY_OFFICE)


@pytest.fixture
def manager(organisation, unit):
    return staff(organisation, "johtaja@example.fi", Role.UNIT_MANAGER, unit=unit)


@pytest.fixture
def resident(organisation):
    return ParticipantFactory(
        organisation=organisation, user__email="asukas@example.fi", display_name="Maija M."
    ).user


@pytest.fixture
def other_resident(organisation):
    return ParticipantFactory(
        organisation=organisation, user__email="toinen@example.fi", display_name="Pekka P."
    ).user
