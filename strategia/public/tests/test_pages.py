import re

import pytest
from django.utils import translation

from .conftest import page_urls

LANGUAGES = ["fi", "sv", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_answers_in_every_language(client, strategy, language):
    with translation.override(language):
        urls = page_urls(strategy)
    for name, url in urls.items():
        assert url.startswith(f"/{language}/"), name
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, name
        assert len(re.findall(r"<h1[\s>]", html)) == 1, name
        assert 'class="skip-link" href="#main"' in html, name
        assert '<main id="main"' in html, name
        for landmark in ("<header", "<nav", "<footer"):
            assert landmark in html, (name, landmark)


def test_content_follows_the_language_and_falls_back_to_finnish(client, strategy):
    with translation.override("sv"):
        url = strategy.public_measure.get_absolute_url()
        plan_url = strategy.programme.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Smidighetsoperationen" in html
    # No Swedish description: the Finnish one is shown, and marked as Finnish.
    assert "Palveluprosessit yksinkertaisemmiksi." in html
    assert '<div class="prose" lang="fi"><p>Palveluprosessit' in html
    assert "<h1>Smidighetsoperationen</h1>" in html
    assert "Ympäristöpolitiikka" in client.get(plan_url).content.decode()


def test_finnish_pages_mark_no_language_of_parts(client, strategy):
    with translation.override("fi"):
        html = client.get(strategy.public_measure.get_absolute_url()).content.decode()
    assert ' lang="fi"><p>' not in html
    assert "<h1>Sujuvoittamisen operaatio</h1>" in html


def test_dates_are_in_finnish_format_in_finnish(client, strategy):
    with translation.override("fi"):
        html = client.get(strategy.public_measure.get_absolute_url()).content.decode()
    assert "1.1.2024" in html
    assert "14.3.2025" in html


def test_language_switcher_links_to_the_same_page(client, strategy):
    with translation.override("fi"):
        url = strategy.goals[0].get_absolute_url()
    html = client.get(url).content.decode()
    for language in LANGUAGES:
        with translation.override(language):
            target = strategy.goals[0].get_absolute_url()
        assert f'href="{target}" lang="{language}"' in html
    assert re.search(r'lang="fi" hreflang="fi" aria-current="true"', html)
    assert not re.search(r'lang="sv" hreflang="sv" aria-current', html)


def test_current_navigation_item_is_marked(client, strategy):
    with translation.override("fi"):
        from django.urls import reverse

        list_url = reverse("public:measure_list")
        detail_url = strategy.public_measure.get_absolute_url()
    html = client.get(list_url).content.decode()
    assert f'<a href="{list_url}" aria-current="page">' in html
    html = client.get(detail_url).content.decode()
    assert f'<a href="{list_url}" aria-current="true">' in html


def test_home_shows_mission_vision_aims_goals_and_programmes(client, strategy):
    html = client.get("/fi/").content.decode()
    for text in ("Missio X", "Visio Y", "Vetovoima", "Viisas Kemi", "Välittävä Kemi"):
        assert text in html
    assert "Vihreä Kemi" in html
    assert strategy.programme.get_absolute_url() in html
    assert "Julkaistu päivitys" in html
    assert "Luonnospäivitys" not in html


def test_plan_page_shows_decision_goal_tree_children_and_measures(client, strategy):
    with translation.override("fi"):
        html = client.get(strategy.plan.get_absolute_url()).content.decode()
    assert "Kaupunginvaltuusto" in html
    assert "15.11.2021" in html
    assert "§ 90" in html
    assert "Seurataan vastuualueittain." in html
    assert strategy.subgoal.get_absolute_url() in html
    assert strategy.programme.get_absolute_url() in html
    assert "Sujuvoittamisen operaatio" in html
    assert "Oppiva kaupunki" in html


def test_goal_page_shows_themes_subgoals_measures_and_programmes(client, strategy):
    with translation.override("fi"):
        response = client.get(strategy.goals[0].get_absolute_url())
    html = response.content.decode()
    assert "Oppiva" in html
    # The sub-goal's measure counts for its goal too.
    assert "Oppiva kaupunki" in html
    assert "Sujuvoittamisen operaatio" in html
    assert response.context["goal_counts"]["delayed"] == 1
    assert response.context["goal_counts"]["on_track"] == 1
    # The environmental policy serves the goal through the shared measure.
    programmes = response.context["programmes"]
    assert strategy.programme in [*programmes.current, *programmes.ended]
    assert response.context["goal"].theme_labels


def test_measure_page_shows_units_contacts_schedule_and_published_updates(client, strategy):
    with translation.override("fi"):
        html = client.get(strategy.public_measure.get_absolute_url()).content.decode()
    assert "Tekniset palvelut" in html
    assert "Sivistys" in html
    assert "Maija Meikäläinen, Kehittämispäällikkö" in html
    assert "maija.secret@example.fi" not in html
    assert "31.12.2025" in html
    assert "Julkaistu päivitys" in html
    assert "Luonnospäivitys" not in html
    assert "<progress" in html


def test_measure_page_shows_next_steps_to_everyone_and_risks_only_to_its_unit_chain(
    client, strategy, insider
):
    from strategia.accounts.models import Role, RoleAssignment
    from strategia.organisations.tests.factories import UserFactory

    office = UserFactory(is_staff=True)
    RoleAssignment.objects.create(
        user=office, organisation=strategy.public_measure.organisation, role=Role.STRATEGY_OFFICE
    )
    url = strategy.public_measure.get_absolute_url()
    with translation.override("fi"):
        public_html = client.get(url).content.decode()
        # A reader sees internal content, but risks are the measure's own
        # people's work (monitoring.view_unfinished_work).
        client.force_login(insider)
        reader_html = client.get(url).content.decode()
        client.force_login(office)
        office_html = client.get(url).content.decode()

    assert "Seuraavaksi pilotoidaan" in public_html
    assert "Henkilöstöresurssit ovat tiukilla" not in public_html
    assert "Seuraavaksi pilotoidaan" in reader_html
    assert "Henkilöstöresurssit ovat tiukilla" not in reader_html
    assert "Henkilöstöresurssit ovat tiukilla" in office_html


def test_unknown_pages_are_404(client, strategy):
    assert client.get("/fi/measures/no-such/").status_code == 404
    assert client.get("/fi/plans/no-such/").status_code == 404
    assert client.get("/fi/plans/kaupunkistrategia/goals/no-such/").status_code == 404
    assert client.get("/fi/units/no-such/").status_code == 404


def test_empty_installation_gets_a_friendly_page(client, db):
    response = client.get("/fi/")
    assert response.status_code == 200
    assert "load_default_content" in response.content.decode()
    assert client.get("/en/measures/").status_code == 200


def test_root_redirects_to_finnish_or_the_visitors_language(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fi/"
    response = client.get("/", headers={"accept-language": "sv-FI,sv;q=0.9"})
    assert response["Location"] == "/sv/"
    response = client.get("/", headers={"accept-language": "de"})
    assert response["Location"] == "/fi/"


def test_not_found_page_is_friendly_and_in_the_frame(client, strategy):
    response = client.get("/en/measures/no-such/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="skip-link"' in html
    assert '<html lang="en">' in html
