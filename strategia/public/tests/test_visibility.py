"""Internal measures never reach anonymous visitors; staff who may see them do, marked."""

import pytest
from django.utils import translation

from strategia.strategy.models import MeasureStatus

from .conftest import page_urls

SECRET_TEXTS = ("Salainen valmistelu", "SALAINEN1", "Sisäinen päivitys", "Sisäinen hanke")


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_anonymous_visitors_see_no_trace_of_internal_measures(client, strategy):
    with translation.override("fi"):
        urls = page_urls(strategy)
    for name, url in urls.items():
        html = _html(client, url)
        for secret in SECRET_TEXTS:
            assert secret not in html, (name, secret)


def test_internal_measure_by_direct_address_is_404(client, strategy):
    response = client.get(strategy.internal_measure.get_absolute_url())
    assert response.status_code == 404


def test_search_does_not_find_internal_measures(client, strategy):
    response = client.get("/fi/measures/", {"q": "salainen"})
    assert response.context["result_count"] == 0
    response = client.get("/fi/measures/", {"q": "Sisäinen hanke"})
    assert response.context["result_count"] == 0


def test_counts_leave_internal_measures_out(client, strategy):
    home = client.get("/fi/")
    first_goal = home.context["main_goals"][0]
    assert first_goal.status_counts[MeasureStatus.AT_RISK] == 0
    assert sum(first_goal.status_counts.values()) == 2

    goal = client.get(strategy.goals[0].get_absolute_url())
    assert goal.context["goal_counts"][MeasureStatus.AT_RISK] == 0
    assert sum(goal.context["goal_counts"].values()) == 2

    plan = client.get(strategy.programme.get_absolute_url())
    assert sum(plan.context["plan_counts"].values()) == 1
    assert [m.identifier for m in plan.context["measures"]] == ["V1"]

    unit = client.get(strategy.unit.get_absolute_url())
    assert sum(unit.context["unit_counts"].values()) == 1
    assert [m.identifier for m in unit.context["responsible"]] == ["V1"]
    other = client.get(strategy.other_unit.get_absolute_url())
    assert [m.identifier for m in other.context["collaborating"]] == ["V1"]

    listing = client.get("/fi/measures/")
    assert listing.context["result_count"] == 2


def test_status_filter_does_not_reveal_internal_measures(client, strategy):
    response = client.get("/fi/measures/", {"status": MeasureStatus.AT_RISK})
    assert response.context["result_count"] == 0


def test_latest_updates_leave_out_internal_measures_and_drafts(client, strategy):
    updates = client.get("/fi/").context["latest_updates"]
    assert updates == [strategy.published]


@pytest.mark.parametrize("user_fixture", ["insider", "admin_user"])
def test_staff_see_internal_measures_marked_internal(client, strategy, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    detail = client.get(strategy.internal_measure.get_absolute_url())
    assert detail.status_code == 200
    assert "Salainen valmistelu" in detail.content.decode()
    assert 'class="internal-tag"' in detail.content.decode()

    listing = client.get("/fi/measures/")
    assert listing.context["result_count"] == 3
    assert 'class="internal-tag"' in listing.content.decode()

    home = client.get("/fi/")
    assert home.context["main_goals"][0].status_counts[MeasureStatus.AT_RISK] == 1
    assert strategy.internal_update in home.context["latest_updates"]


def test_public_measure_is_not_marked_internal_for_staff(client, strategy, insider):
    client.force_login(insider)
    html = client.get(strategy.public_measure.get_absolute_url()).content.decode()
    assert 'class="internal-tag"' not in html


def test_measures_of_another_organisation_are_not_shown(client, strategy):
    from strategia.strategy.tests.factories import MeasureFactory

    stranger = MeasureFactory(slug="vieras", name_fi="Vieraan kunnan toimenpide")
    assert stranger.organisation != strategy.organisation
    assert client.get(stranger.get_absolute_url()).status_code == 404
    assert "Vieraan kunnan" not in client.get("/fi/measures/").content.decode()
