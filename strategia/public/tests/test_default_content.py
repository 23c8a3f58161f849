"""The public site over the real default content (Kemi's strategy) and its sample data."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal, Measure, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def kemi(db):
    call_command("load_default_content", stdout=io.StringIO())
    return Organisation.objects.get(slug="kemi")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_default_plan_goal_and_measure_page_answers(client, kemi, language):
    with translation.override(language):
        urls = ["/" + language + "/", f"/{language}/plans/", f"/{language}/measures/"]
        urls += [plan.get_absolute_url() for plan in Plan.objects.filter(organisation=kemi)]
        urls += [
            goal.get_absolute_url()
            for goal in Goal.objects.filter(plan__organisation=kemi).select_related("plan")
        ]
        urls += [m.get_absolute_url() for m in Measure.objects.filter(organisation=kemi)]
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url


def test_home_shows_the_seeds_mission_vision_and_goals(client, kemi):
    html = client.get("/fi/").content.decode()
    for text in ("Voimaannuttava merikaupunki Kemi", "Kemi kutsuu", "Viisas Kemi"):
        assert text in html
    assert "Välittävä Kemi" in html
    assert "Vihreä Kemi" in html
    assert "Ympäristöpolitiikka" in client.get("/fi/plans/").content.decode()


def test_sample_data_pages_answer_and_show_the_notice(client, kemi, settings):
    settings.DEBUG = True  # load_demo_data refuses to run without DEBUG
    call_command("load_demo_data", stdout=io.StringIO())
    for unit in Unit.objects.filter(organisation=kemi):
        response = client.get(unit.get_absolute_url())
        assert response.status_code == 200
        assert 'class="sample-notice"' in response.content.decode()
