"""The admin is no second door: walked as every role, it publishes, submits and edits nothing.

Uses the permission matrix's scenario (``accounts/tests/scenario.py``): one
user per role, a submitted update in each scope. Every way into a status
update through the admin is tried — its add, change, delete and history
revert pages, the list's bulk actions, and the measure's change form with
inline update rows posted anyway — and afterwards every update and measure
must be exactly as before.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from strategia.accounts.tests.scenario import ROLES, build_scenario
from strategia.monitoring.models import StatusUpdate
from strategia.strategy.models import Measure


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


def _snapshot() -> list[tuple]:
    updates = StatusUpdate.objects.order_by("pk").values_list(
        "pk", "state", "status", "progress", "text_fi", "version", "approved_by"
    )
    measures = Measure.objects.order_by("pk").values_list("pk", "status", "progress")
    return [*updates, *measures]


def _inline_rows(update: StatusUpdate) -> dict:
    return {
        "status_updates-TOTAL_FORMS": "2",
        "status_updates-INITIAL_FORMS": "1",
        "status_updates-MIN_NUM_FORMS": "0",
        "status_updates-MAX_NUM_FORMS": "1000",
        "status_updates-0-id": update.pk,
        "status_updates-0-measure": update.measure_id,
        "status_updates-0-date": update.date.isoformat(),
        "status_updates-0-status": "completed",
        "status_updates-0-progress": "100",
        "status_updates-0-text_fi": "Muutettu adminissa",
        "status_updates-0-state": "published",
        "status_updates-1-measure": update.measure_id,
        "status_updates-1-date": update.date.isoformat(),
        "status_updates-1-status": "completed",
        "status_updates-1-progress": "100",
        "status_updates-1-text_fi": "Uusi adminissa",
        "status_updates-1-state": "published",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_role_publishes_submits_or_edits_an_update_through_the_admin(client, role, settings):
    settings.STAFF_REQUIRE_2FA = False
    s = build_scenario()
    user = s.users[role]
    if user.is_authenticated:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    before = _snapshot()
    update = s.updates["own"]
    measure = s.measures["own"]
    fields = {
        "measure": measure.pk,
        "date": update.date.isoformat(),
        "status": "completed",
        "progress": "100",
        "text_fi": "Julkaistu ohi hyväksynnän",
        "state": "published",
        "loaded_version": update.version,
    }
    pages = [
        url("admin:monitoring_statusupdate_add"),
        url("admin:monitoring_statusupdate_change", object_id=update.pk),
        url("admin:monitoring_statusupdate_delete", object_id=update.pk),
    ]
    for path in pages:
        page = client.get(path)
        assert page.status_code in (200, 302, 403, 404), (path, page.status_code)
        if page.status_code == 200:
            assert 'name="_save"' not in page.content.decode(), path
        client.post(path, {**fields, "post": "yes"})
    # simple-history's "revert to this version" page, for the first version.
    first_record = update.history.last()
    revert = f"/fi/admin/monitoring/statusupdate/{update.pk}/history/{first_record.history_id}/"
    pages.append(revert)
    for path in pages[-1:]:
        page = client.get(path)
        assert page.status_code in (200, 302, 403, 404), (path, page.status_code)
        if page.status_code == 200:
            assert 'name="_save"' not in page.content.decode(), path
        client.post(path, fields)
    changelist = client.get(url("admin:monitoring_statusupdate_changelist"))
    if changelist.status_code == 200:
        assert "delete_selected" not in changelist.content.decode()
    client.post(
        url("admin:monitoring_statusupdate_changelist"),
        {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"},
    )
    # The measure's own form, with inline update rows and a status posted anyway.
    client.post(
        url("admin:strategy_measure_change", object_id=measure.pk),
        {
            "organisation": measure.organisation_id,
            "identifier": measure.identifier,
            "slug": measure.slug,
            "name_fi": measure.name_fi,
            "visibility": measure.visibility,
            "order": measure.order,
            "status": "completed",
            "progress": "100",
            "loaded_version": measure.version,
            **_inline_rows(update),
        },
    )
    assert _snapshot() == before
    assert StatusUpdate.objects.filter(text_fi__endswith="adminissa").count() == 0


@pytest.mark.django_db
def test_a_history_revert_is_a_change_and_needs_the_change_rule(client, settings):
    """simple-history would save a posted revert for anyone who may view the history."""
    settings.STAFF_REQUIRE_2FA = False
    s = build_scenario()
    measure = s.measures["other_unit"]  # the manager may view it, not change it
    measure.name_fi = "Toinen nimi"
    measure.save()
    record = measure.history.last()
    client.force_login(s.users["manager"], backend="django.contrib.auth.backends.ModelBackend")
    path = f"/fi/admin/strategy/measure/{measure.pk}/history/{record.history_id}/"
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            "organisation": measure.organisation_id,
            "identifier": measure.identifier,
            "slug": measure.slug,
            "name_fi": "Palautettu",
            "visibility": measure.visibility,
            "order": measure.order,
            "loaded_version": measure.version,
        },
    )
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.name_fi == "Toinen nimi"
