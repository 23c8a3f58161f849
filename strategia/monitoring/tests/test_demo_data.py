"""Over the whole demo data: every measure's public status is its latest published update,
and the sample contact person and unit manager reach the manual indicator they keep."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from strategia.accounts.models import User
from strategia.indicators.models import Source
from strategia.monitoring.models import StatusUpdate
from strategia.strategy.models import Measure, Visibility


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # the sample accounts are made on a development machine only
    settings.STAFF_REQUIRE_2FA = False
    call_command("load_default_content", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())


def test_every_measures_public_status_is_its_latest_published_update(demo):
    measures = list(Measure.objects.all())
    checked = 0
    for measure in measures:
        latest = (
            StatusUpdate.objects.filter(measure=measure, state=StatusUpdate.State.PUBLISHED)
            .order_by("-date", "-pk")
            .first()
        )
        if latest is None:
            continue
        checked += 1
        assert (measure.status, measure.progress) == (latest.status, latest.progress), measure
        if measure.visibility != Visibility.PUBLIC:
            continue
        with translation.override("fi"):
            page = Client().get(measure.get_absolute_url())
        assert page.status_code == 200
        shown = page.context["measure"]
        assert (shown.status, shown.progress) == (latest.status, latest.progress)
        html = page.content.decode()
        assert str(shown.get_status_display()).lower() in html.lower()
        if latest.progress is not None:
            assert f"{latest.progress} %" in html
    assert checked >= 10


def test_the_sample_contact_person_and_manager_enter_the_manual_indicator_from_my_work(demo):
    for email in ("vastuuhenkilo@example.fi", "yksikonjohtaja@example.fi"):
        client = Client()
        client.force_login(User.objects.get(email=email))
        with translation.override("fi"):
            work = client.get(reverse("monitoring:my_work"))
        indicators = work.context["work"].indicators
        assert [i.source for i in indicators] == [Source.MANUAL], email
        with translation.override("fi"):
            link = reverse("monitoring:indicator_values", kwargs={"pk": indicators[0].pk})
            assert link in work.content.decode()
            assert client.get(link).status_code == 200
            response = client.post(link, {"period": "2025", "value": "1234"})
        assert response.status_code == 302, email
    assert indicators[0].observations.get(period="2025").value == 1234


def test_removing_the_demo_data_removes_the_sample_indicator(demo):
    from strategia.indicators.models import Indicator

    call_command("load_demo_data", "--remove", stdout=io.StringIO())
    assert not Indicator.objects.filter(is_sample=True).exists()
