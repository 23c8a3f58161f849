import pytest
from django.urls import reverse

from .factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["indicator", "observation", "observationrevision", "importrun"])
def test_admin_lists_open_for_a_superuser(client, admin_user, organisation, name):
    indicator = IndicatorFactory(organisation=organisation, name_fi="Väestö")
    ObservationFactory(indicator=indicator, period="2021", period_start="2021-01-01")
    client.force_login(admin_user)

    response = client.get(reverse(f"admin:indicators_{name}_changelist"))

    assert response.status_code == 200


def test_observations_are_read_only_in_the_admin(client, admin_user, organisation):
    observation = ObservationFactory(indicator=IndicatorFactory(organisation=organisation))
    client.force_login(admin_user)

    assert client.get(reverse("admin:indicators_observation_add")).status_code == 403
    page = client.get(reverse("admin:indicators_observation_change", args=[observation.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_indicator_change_page_has_targets_and_links(client, admin_user, organisation):
    indicator = IndicatorFactory(organisation=organisation)
    client.force_login(admin_user)

    page = client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk]))

    assert page.status_code == 200
    assert b"targets-TOTAL_FORMS" in page.content
    assert b"goal_links-TOTAL_FORMS" in page.content
