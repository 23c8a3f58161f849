"""No lost work: the second of two concurrent saves is refused, both versions shown."""

import pytest
from django.urls import reverse

from strategia.core.locking import VersionConflict, claim_version
from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.services import StatusUpdateData, status_update_save
from strategia.strategy.models import Measure, MeasureStatus


def _measure_form(measure, **changes):
    data = {
        "version": measure.version,
        "name_fi": measure.name_fi,
        "status": measure.status,
        "progress": measure.progress or "",
        "description_fi": "",
    }
    data.update(changes)
    return data


def test_concurrent_measure_edits_second_is_refused_with_both_versions(world):
    measure = world.add_measure(name_fi="Kielikylpy", progress=10)
    url = reverse("monitoring:measure_edit", kwargs={"pk": measure.pk})
    first = world.client_for(world.contact)
    second = world.client_for(world.manager)

    # Both open the form at the same version.
    version = first.get(url).context["form"].initial["version"]
    assert second.get(url).context["form"].initial["version"] == version

    response = first.post(url, _measure_form(measure, description_fi="Ensimmäisen teksti."))
    assert response.status_code == 302

    response = second.post(url, _measure_form(measure, description_fi="Toisen teksti."))
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert conflict["yours"] == version
    assert conflict["current"] == version + 1
    html = response.content.decode()
    assert "Ensimmäisen teksti." in html and "Toisen teksti." in html
    differing = [(yours, saved) for _label, yours, saved in conflict["rows"] if yours != saved]
    assert ("Toisen teksti.", "Ensimmäisen teksti.") in differing

    measure.refresh_from_db()
    assert measure.description_fi == "Ensimmäisen teksti."
    assert measure.version == version + 1
    # The re-shown form is now based on the saved version: saving again is deliberate.
    assert response.context["form"]["version"].value() == str(version + 1)


def test_concurrent_status_update_edits_keep_the_first(world):
    measure = world.add_measure()
    period = world.period()
    url = reverse(
        "monitoring:update_edit", kwargs={"measure_pk": measure.pk, "period_pk": period.pk}
    )
    first = world.client_for(world.contact)
    second = world.client_for(world.manager)
    base = {"status": MeasureStatus.ON_TRACK, "progress": "20"}
    first.post(url, {**base, "text_fi": "Luonnos.", "save": "1"})
    update = StatusUpdate.objects.get(measure=measure)
    loaded = update.version

    assert first.post(url, {**base, "text_fi": "Ykkönen.", "version": loaded}).status_code == 302
    response = second.post(url, {**base, "text_fi": "Kakkonen.", "version": loaded})
    assert response.status_code == 200
    assert response.context["conflict"]["current"] == loaded + 1
    assert "Ykkönen." in response.content.decode() and "Kakkonen." in response.content.decode()
    update.refresh_from_db()
    assert update.text_fi == "Ykkönen."


def test_two_people_starting_the_first_draft_at_once_do_not_overwrite(world):
    measure = world.add_measure()
    period = world.period()
    data = StatusUpdateData(status=MeasureStatus.ON_TRACK, progress=None, text_fi="Eka.")
    status_update_save(user=world.contact, measure=measure, period=period, data=data, version=None)
    with pytest.raises(VersionConflict):
        status_update_save(
            user=world.manager,
            measure=measure,
            period=period,
            data=StatusUpdateData(status=MeasureStatus.AT_RISK, progress=None, text_fi="Toka."),
            version=None,
        )
    assert StatusUpdate.objects.get(measure=measure).text_fi == "Eka."


def test_claim_version_is_a_conditional_update(world, django_assert_num_queries):
    measure = world.add_measure()
    with django_assert_num_queries(2):  # the conditional UPDATE, then the read
        claimed = claim_version(model=Measure, pk=measure.pk, version=measure.version)
    assert claimed.version == measure.version + 1
    with pytest.raises(VersionConflict) as error:
        claim_version(model=Measure, pk=measure.pk, version=measure.version)
    assert error.value.current.version == measure.version + 1


def test_history_shows_who_changed_what_before_and_after(world):
    measure = world.add_measure(name_fi="Vanha nimi")
    url = reverse("monitoring:measure_edit", kwargs={"pk": measure.pk})
    client = world.client_for(world.contact)
    client.post(url, _measure_form(measure, name_fi="Uusi nimi"))
    page = client.get(reverse("monitoring:measure_detail", kwargs={"pk": measure.pk}))
    history = page.context["history"]
    latest = history[0]
    assert latest.who == world.contact
    assert [(before, after) for _label, before, after in latest.fields] == [
        ("Vanha nimi", "Uusi nimi")
    ]
    assert "[fi]" in str(latest.fields[0][0])
    html = page.content.decode()
    assert "Vanha nimi" in html and "Uusi nimi" in html


@pytest.mark.django_db(transaction=True)
def test_truly_concurrent_saves_let_exactly_one_through():
    """Two threads claim the same version at the same moment: one wins, one is refused."""
    import threading
    import time

    from django.db import connection, transaction

    from strategia.strategy.tests.factories import MeasureFactory

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is not shared between threads")
    measure = MeasureFactory()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def save(text: str) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                current = claim_version(model=Measure, pk=measure.pk, version=measure.version)
                time.sleep(0.2)  # hold the row while the other thread tries
                current.description_fi = text
                current.save()
            results.append("saved")
        except VersionConflict:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "saved"]
    measure.refresh_from_db()
    assert measure.version == 2
    assert measure.description_fi in ("A", "B")


@pytest.mark.django_db(transaction=True)
def test_two_threads_starting_the_first_draft_get_a_version_conflict_not_a_500(monkeypatch):
    """Both see no draft yet and both insert: the second is refused as a version conflict."""
    import threading

    from django.db import connection

    from strategia.accounts.models import Role
    from strategia.accounts.tests.factories import RoleAssignmentFactory
    from strategia.monitoring.tests.factories import ReportingPeriodFactory
    from strategia.organisations.tests.factories import OrganisationFactory, UserFactory
    from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is not shared between threads")
    organisation = OrganisationFactory()
    plan = PlanFactory(organisation=organisation)
    measure = MeasureFactory(organisation=organisation, goals=[GoalFactory(plan=plan)])
    period = ReportingPeriodFactory(plan=plan)
    writers = []
    for email in ("eka@example.fi", "toka@example.fi"):
        user = UserFactory(email=email)
        RoleAssignmentFactory(user=user, organisation=organisation, role=Role.STRATEGY_OFFICE)
        writers.append(user)

    # Hold both threads after their "is there a draft yet?" check, so that
    # both go on to insert: the race the unique constraint has to settle.
    barrier = threading.Barrier(2, timeout=10)
    full_clean = StatusUpdate.full_clean

    def clean_then_wait(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        if self.pk is None:
            barrier.wait()

    monkeypatch.setattr(StatusUpdate, "full_clean", clean_then_wait)
    results: dict[str, object] = {}

    def write(user, text: str) -> None:
        try:
            data = StatusUpdateData(status=MeasureStatus.ON_TRACK, progress=None, text_fi=text)
            status_update_save(user=user, measure=measure, period=period, data=data, version=None)
            results[text] = "saved"
        except VersionConflict as conflict:
            results[text] = conflict
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            results[text] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, args=(user, text))
        for user, text in zip(writers, ("Eka.", "Toka."), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    outcomes = sorted(type(result).__name__ for result in results.values())
    assert outcomes == ["VersionConflict", "str"], results
    saved_text = next(text for text, result in results.items() if result == "saved")
    conflict = next(result for result in results.values() if isinstance(result, VersionConflict))
    assert conflict.current.text_fi == saved_text  # the side-by-side view shows the saved draft
    assert StatusUpdate.objects.filter(measure=measure, reporting_period=period).count() == 1
