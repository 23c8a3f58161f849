"""Script and HTML injection in every text field of measures and status updates.

Each payload is written through the workspace forms (and so the services),
published, and the pages that show it are read — the public measure page,
the workspace's measure and update pages, the admin's change page. The
payload must come back only escaped: never as markup, never as a link.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from strategia.accounts.tests.scenario import build_scenario
from strategia.monitoring.forms import MeasureForm, StatusUpdateForm
from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.services import status_update_approve
from strategia.monitoring.tests.factories import ReportingPeriodFactory
from strategia.strategy.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">klikkaa</a>',
    "'--><iframe src=//evil.example></iframe>",
    "<style>body{background:url(//evil.example)}</style>",
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
TEXT_MEASURE_FIELDS = [
    name
    for name, field in MeasureForm.base_fields.items()
    if field.__class__.__name__ == "CharField" and name != "budget_reference"
]
TEXT_UPDATE_FIELDS = [
    name
    for name, field in StatusUpdateForm.base_fields.items()
    if field.__class__.__name__ == "CharField"
]


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


def _inert(html: str, payload: str) -> None:
    assert payload not in html, payload
    lowered = html.lower()
    assert "onerror=alert" not in lowered
    assert "onload=alert" not in lowered
    assert 'href="javascript:' not in lowered
    assert "<script>alert" not in lowered
    assert "<iframe" not in lowered


@pytest.fixture
def world(settings):
    settings.STAFF_REQUIRE_2FA = False
    s = build_scenario()
    s.period = ReportingPeriodFactory(plan=s.plans["own"], state="open")
    s.measures["own"].goals.add(GoalFactory(plan=s.plans["own"]))
    return s


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_text_field_are_shown_inert(client, world, payload):
    measure = world.measures["own"]
    client.force_login(world.users["contact"])
    measure_data = {name: f"{payload} {name}" for name in TEXT_MEASURE_FIELDS}
    response = client.post(
        url("monitoring:measure_edit", pk=measure.pk),
        {**measure_data, "version": measure.version, "budget_reference": payload[:200]},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    update_data = {name: f"{payload} {name}" for name in TEXT_UPDATE_FIELDS}
    response = client.post(
        url("monitoring:update_edit", measure_pk=measure.pk, period_pk=world.period.pk),
        {**update_data, "version": "", "status": "on_track", "progress": "40", "submit": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    update = StatusUpdate.objects.get(measure=measure, reporting_period=world.period)
    # Stored as written: escaping is the templates' work, not a mangling of the text.
    assert update.text_fi == f"{payload} text_fi"
    if update.state == StatusUpdate.State.SUBMITTED:
        status_update_approve(user=world.users["office"], update=update, version=update.version)
    measure.refresh_from_db()

    pages = {
        "workspace measure": url("monitoring:measure_detail", pk=measure.pk),
        "workspace update": url(
            "monitoring:update_edit", measure_pk=measure.pk, period_pk=world.period.pk
        ),
        "my work": url("monitoring:my_work"),
        "admin measure": url("admin:strategy_measure_change", object_id=measure.pk),
        "admin update": url("admin:monitoring_statusupdate_change", object_id=update.pk),
    }
    client.force_login(world.users["office"])
    for label, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, label
        html = response.content.decode()
        _inert(html, payload)
        assert escape(f"{payload} ") in html or label == "my work", label
    client.logout()
    with translation.override("fi"):
        public = client.get(measure.get_absolute_url())
    assert public.status_code == 200
    html = public.content.decode()
    _inert(html, payload)
    assert escape(f"{payload} text_fi") in html
    assert escape(f"{payload} name_fi") in html
