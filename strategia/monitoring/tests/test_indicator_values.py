import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from strategia.indicators.models import (
    ImportRun,
    Indicator,
    Observation,
    ObservationRevision,
    Source,
)
from strategia.indicators.services import observation_enter
from strategia.monitoring.services import default_observation_period


@pytest.fixture
def indicator(world):
    return Indicator.objects.create(
        organisation=world.organisation,
        slug="kirjastokaynnit",
        name_fi="Kirjastokäynnit",
        time_resolution="quarter",
        contact_person=world.contact_person,
    )


def test_contact_person_enters_and_corrects_a_value(world, indicator):
    client = world.client_for(world.contact)
    url = reverse("monitoring:indicator_values", kwargs={"pk": indicator.pk})
    assert client.get(reverse("monitoring:my_work")).content.decode().count(url) == 1
    assert client.post(url, {"period": "2026Q1", "value": "1200"}).status_code == 302
    assert client.post(url, {"period": "2026Q1", "value": "1250"}).status_code == 302
    observation = Observation.objects.get(indicator=indicator)
    assert (observation.area, observation.period, observation.value) == ("240", "2026Q1", 1250)
    assert observation.period_start == datetime.date(2026, 1, 1)
    assert list(ObservationRevision.objects.values_list("value", flat=True)) == [1200]
    # Written by the one writer of observations, recorded like an import.
    runs = ImportRun.objects.filter(trigger=ImportRun.Trigger.MANUAL, user=world.contact)
    assert runs.count() == 2
    assert observation.import_run_id == runs.latest().pk


def test_a_bad_period_is_named_and_nothing_is_saved(world, indicator):
    client = world.client_for(world.contact)
    url = reverse("monitoring:indicator_values", kwargs={"pk": indicator.pk})
    response = client.post(url, {"period": "2026", "value": "1"})
    assert response.status_code == 200
    assert "2026" in str(response.context["form"].errors["period"])
    assert not Observation.objects.exists()


def test_others_may_not_enter_values(world, indicator):
    url = reverse("monitoring:indicator_values", kwargs={"pk": indicator.pk})
    assert world.client_for(world.other_contact).post(url, {"period": "2026Q1"}).status_code == 403
    assert not Observation.objects.exists()


def test_imported_indicators_are_not_entered_by_hand(world, indicator):
    indicator.source = Source.SOTKANET
    indicator.save()
    with pytest.raises(ValidationError):
        observation_enter(user=world.office, indicator=indicator, period="2026Q1", value=1.0)


@pytest.mark.parametrize("period", ["0000", "2026Q5", "2205Q1", "2026M01"])
def test_a_bad_period_is_a_form_error_never_a_500(world, indicator, period):
    client = world.client_for(world.contact)
    url = reverse("monitoring:indicator_values", kwargs={"pk": indicator.pk})
    response = client.post(url, {"period": period, "value": "1"})
    assert response.status_code == 200
    # The message names the period, in whatever language the page is in.
    assert period in " ".join(response.context["form"].errors["period"])
    assert not Observation.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_quarter_period_is_stored_canonically(world, indicator):
    observation_enter(user=world.contact, indicator=indicator, period=" 2025k3 ", value=5.0)
    observation = Observation.objects.get()
    assert (observation.period, observation.period_start) == ("2025Q3", datetime.date(2025, 7, 1))


def test_default_period_is_the_one_the_reporting_period_ends_in():
    day = datetime.date(2026, 4, 30)
    assert default_observation_period(resolution="year", day=day) == "2026"
    assert default_observation_period(resolution="quarter", day=day) == "2026Q2"
    assert default_observation_period(resolution="month", day=day) == "2026M04"


def test_measure_details_are_edited_only_within_rights(world):
    measure = world.add_measure()
    url = reverse("monitoring:measure_edit", kwargs={"pk": measure.pk})
    assert world.client_for(world.other_contact).get(url).status_code == 403
    response = world.client_for(world.contact).post(
        url,
        {
            "version": measure.version,
            "name_fi": measure.name_fi,
            "status": "on_track",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    measure.refresh_from_db()
    assert measure.start_date is None
