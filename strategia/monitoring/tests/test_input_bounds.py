"""Numbers and dates sent to the workspace: a form error or a 404, never a 500."""

import pytest
from django.urls import reverse
from django.utils import translation

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.indicators.models import Observation
from strategia.indicators.tests.factories import IndicatorFactory
from strategia.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def office(organisation):
    user = UserFactory(email="toimisto@example.fi")
    RoleAssignmentFactory(user=user, organisation=organisation, role=Role.STRATEGY_OFFICE)
    return user


@pytest.mark.parametrize(
    ("resolution", "period"),
    [
        ("year", "0000"),
        ("year", "0001"),
        ("year", "1899"),
        ("year", "2101"),
        ("year", "9999"),
        ("year", "99999999999999999999"),
        ("quarter", "0000Q1"),
        ("quarter", "0001Q1"),
        ("month", "0001M01"),
        ("date", "0001-01-01"),
        ("date", "1.1.0001"),
        ("date", "2026-02-30"),
    ],
)
def test_a_period_outside_1900_2100_is_a_form_error(
    client, organisation, office, resolution, period
):
    indicator = IndicatorFactory(
        organisation=organisation, source="manual", time_resolution=resolution
    )
    client.force_login(office)
    response = client.post(
        url("monitoring:indicator_values", pk=indicator.pk), {"period": period, "value": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert not Observation.objects.filter(indicator=indicator).exists()


def test_a_period_inside_the_range_is_saved(client, organisation, office):
    indicator = IndicatorFactory(organisation=organisation, source="manual")
    client.force_login(office)
    response = client.post(
        url("monitoring:indicator_values", pk=indicator.pk), {"period": "1990", "value": "1"}
    )
    assert response.status_code == 302
    assert Observation.objects.get(indicator=indicator).period == "1990"


@pytest.mark.parametrize(
    "path",
    [
        "/fi/tyotila/toimenpide/99999999999999999999999/",
        "/fi/tyotila/toimenpide/9223372036854775808/muokkaa/",
        "/fi/tyotila/toimenpide/1/jakso/99999999999999999999999/",
        "/fi/tyotila/paivitys/99999999999999999999999/",
        "/fi/tyotila/mittari/99999999999999999999999/",
        "/fi/tyotila/kattavuus/99999999999999999999/99999999999999999999/",
        "/fi/kayttajat/99999999999999999999999/",
        "/fi/tyotila/talous/kayttosuunnitelma/1/99999/",
    ],
)
def test_an_id_no_row_can_have_is_a_404(client, organisation, office, path):
    client.force_login(office)
    assert client.get(path).status_code == 404
