"""Every change to strategy content is kept: who, when, what before."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from strategia.organisations.tests.factories import UserFactory
from strategia.strategy.models import Measure, MeasureStatus
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory


def measure_form_data(measure: Measure, **changes) -> dict:
    data = {
        "organisation": measure.organisation_id,
        "identifier": measure.identifier,
        "slug": measure.slug,
        "name_fi": measure.name_fi,
        "name_sv": measure.name_sv or "",
        "name_en": measure.name_en or "",
        "description_fi": measure.description_fi or "",
        "description_sv": "",
        "description_en": "",
        "goals": [g.pk for g in measure.goals.all()],
        "visibility": measure.visibility,
        "order": measure.order,
        "loaded_version": measure.version,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_admin_edit_records_who_changed_what_and_the_previous_values(client, organisation):
    official = UserFactory(email="virkailija@kemi.fi", is_staff=True, is_superuser=True)
    goal = GoalFactory(plan=PlanFactory(organisation=organisation))
    measure = MeasureFactory(
        organisation=organisation, goals=[goal], status=MeasureStatus.NOT_STARTED, progress=0
    )
    client.force_login(official)

    response = client.post(
        f"/fi/admin/strategy/measure/{measure.pk}/change/",
        measure_form_data(measure, description_fi="Uusi kuvaus", budget_reference="KS 2026"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    latest, previous = measure.history.all()[:2]
    assert latest.history_user == official
    assert latest.history_type == "~"
    assert latest.history_change_reason == "changed in the admin"
    assert (previous.description_fi, latest.description_fi) == ("", "Uusi kuvaus")
    changed = {change.field for change in latest.diff_against(previous).changes}
    assert changed == {"description", "description_fi", "budget_reference"}


@pytest.mark.django_db
def test_the_measure_admin_does_not_change_status_or_progress(client, organisation):
    """They come from the latest published status update; a posted value is ignored."""
    official = UserFactory(is_staff=True, is_superuser=True)
    measure = MeasureFactory(organisation=organisation, status=MeasureStatus.ON_TRACK, progress=50)
    client.force_login(official)
    page = client.get(f"/fi/admin/strategy/measure/{measure.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="progress"' not in page

    response = client.post(
        f"/fi/admin/strategy/measure/{measure.pk}/change/",
        {**measure_form_data(measure), "status": MeasureStatus.AT_RISK, "progress": "5"},
    )

    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.ON_TRACK, 50)


@pytest.mark.django_db
def test_history_keeps_every_language_of_a_translated_text(organisation):
    measure = MeasureFactory(organisation=organisation, name_fi="Vanha nimi", name_sv="Gammalt")

    measure.name_fi = "Uusi nimi"
    measure.save()

    previous = measure.history.all()[1]
    assert (previous.name_fi, previous.name_sv) == ("Vanha nimi", "Gammalt")


@pytest.mark.django_db
def test_admin_history_page_lists_the_change_and_its_author(client, organisation):
    official = UserFactory(
        email="historia@kemi.fi", full_name="Hilla Historia", is_staff=True, is_superuser=True
    )
    measure = MeasureFactory(organisation=organisation, end_date=date(2026, 12, 31))
    measure._history_user = official
    measure.progress = 40
    measure.save()
    client.force_login(official)

    response = client.get(f"/fi/admin/strategy/measure/{measure.pk}/history/")

    assert response.status_code == 200
    assert "Hilla Historia" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["plan", "goal", "measure", "unit", "person"])
def test_admin_lists_and_searches_answer_for_an_official(client, organisation, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    app = "organisations" if model in {"unit", "person"} else "strategy"

    listing = client.get(f"/fi/admin/{app}/{model}/", {"q": "kemi"})
    adding = client.get(f"/fi/admin/{app}/{model}/add/")

    assert listing.status_code == 200
    assert adding.status_code == 200


@pytest.mark.django_db
def test_admin_refuses_a_save_made_on_an_outdated_form(client, organisation):
    official = UserFactory(is_staff=True, is_superuser=True)
    measure = MeasureFactory(organisation=organisation, progress=10)
    opened_version = measure.version
    client.force_login(official)
    first = client.post(
        f"/fi/admin/strategy/measure/{measure.pk}/change/",
        measure_form_data(measure, budget_reference="Ensimmäinen"),
    )
    assert first.status_code == 302

    second = client.post(
        f"/fi/admin/strategy/measure/{measure.pk}/change/",
        measure_form_data(measure, budget_reference="Toinen", loaded_version=opened_version),
    )

    assert second.status_code == 200
    form = second.context["adminform"].form
    assert form.has_error(NON_FIELD_ERRORS, code="version_conflict")
    assert "Joku tallensi tämän sillä välin" in second.content.decode()
    measure.refresh_from_db()
    assert measure.budget_reference == "Ensimmäinen"
    assert measure.version == opened_version + 1
