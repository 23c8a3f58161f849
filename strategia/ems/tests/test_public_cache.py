"""The public cache of the environmental management system: which writes change which pages.

The programme shows the ``ems`` kind (the registers' public rows, the report
years) and the strategy's policy, measures and indicators; a published report
is frozen and shows ``ems`` only. A write of an internal register row changes
no page, and publishing an environmental report leaves the council's reports
list in the cache.
"""

from __future__ import annotations

import pytest

from strategia.core.tests.public_cache_visits import (
    STRATEGY_PAGES,
    build_strategy,
    public_cache,  # noqa: F401 (a fixture)
    rendered_again,
)
from strategia.ems import services
from strategia.indicators.services import observation_enter
from strategia.strategy.services import measure_save

from .factories import AspectFactory, ObligationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_cache")]

SHOWS_EMS = {"environment", "environmental report"}


@pytest.fixture
def site(world):
    strategy = build_strategy(world.organisation)
    policy_goal = world.goals[0]
    strategy.measure.goals.add(policy_goal)
    strategy.indicator.goal_links.create(goal=policy_goal)
    aspect = AspectFactory(
        organisation=world.organisation,
        activity="Kaukolämpö",
        is_public=True,
        is_significant=True,
    )
    aspect.goals.set([policy_goal])
    hidden = AspectFactory(
        organisation=world.organisation,
        activity="Salainen näkökohta",
        is_public=False,
        is_significant=True,
    )
    hidden.goals.set([policy_goal])
    internal = ObligationFactory(
        organisation=world.organisation, title="Sisäinen velvoite", is_public=False
    )
    internal.goals.set([policy_goal])
    services.environmental_report_publish(
        user=world.coordinator, organisation=world.organisation, year=2025, language="fi"
    )
    pages = {
        **STRATEGY_PAGES,
        "environment": "/fi/environment/",
        "environmental report": "/fi/environment/report/2025/",
        "reports": "/fi/reports/",
    }
    return {
        "world": world,
        "strategy": strategy,
        "aspect": aspect,
        "hidden": hidden,
        "internal": internal,
        "pages": pages,
    }


def _save(world, row, **values) -> None:
    row.refresh_from_db()
    services.register_entry_save(
        user=world.coordinator, instance=row, values=values, version=row.version
    )


def test_an_edited_public_aspect_renders_again_the_ems_pages_only(
    client, site, django_capture_on_commit_callbacks
):
    def edit():
        with django_capture_on_commit_callbacks(execute=True):
            _save(site["world"], site["aspect"], activity="Kaukolämmön tuotanto")

    assert rendered_again(client, site["pages"], edit) == SHOWS_EMS
    assert "Kaukolämmön tuotanto" in client.get("/fi/environment/").text


def test_an_aspect_made_public_is_on_the_programme_at_once(
    client, site, django_capture_on_commit_callbacks
):
    assert "Salainen näkökohta" not in client.get("/fi/environment/").text
    assert client.get("/fi/environment/")["X-Public-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        _save(site["world"], site["hidden"], is_public=True)

    page = client.get("/fi/environment/")
    assert page["X-Public-Cache"] == "miss"
    assert "Salainen näkökohta" in page.text


def test_an_edited_internal_obligation_renders_nothing_again(
    client, site, django_capture_on_commit_callbacks
):
    def edit():
        with django_capture_on_commit_callbacks(execute=True):
            _save(site["world"], site["internal"], title="Sisäinen velvoite, muutettu")

    assert rendered_again(client, site["pages"], edit) == set()


def test_a_published_environmental_report_renders_again_the_ems_pages_not_the_reports_list(
    client, site, django_capture_on_commit_callbacks
):
    world = site["world"]

    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            services.environmental_report_publish(
                user=world.coordinator, organisation=world.organisation, year=2026, language="fi"
            )

    assert rendered_again(client, site["pages"], publish) == SHOWS_EMS
    assert "/fi/environment/report/2026/" in client.get("/fi/environment/").text


def test_a_changed_significance_threshold_renders_again_the_ems_pages(
    client, site, django_capture_on_commit_callbacks
):
    world = site["world"]

    def change():
        current = services.ems_settings_get_or_create(organisation=world.organisation)
        with django_capture_on_commit_callbacks(execute=True):
            services.ems_settings_update(
                user=world.coordinator,
                organisation=world.organisation,
                policy=world.policy,
                threshold=1,
                version=current.version,
            )

    assert rendered_again(client, site["pages"], change) == SHOWS_EMS


def test_an_edited_measure_renders_again_the_programme_but_not_the_frozen_report(
    client, site, django_capture_on_commit_callbacks
):
    strategy = site["strategy"]

    def edit():
        measure = strategy.measure
        measure.name_fi = "Uusi nimi"
        with django_capture_on_commit_callbacks(execute=True):
            measure_save(
                user=strategy.office, measure=measure, version=measure.version, reason="nimi"
            )

    assert rendered_again(client, site["pages"], edit) == set(site["pages"]) - {
        "environmental report"
    }


def test_a_new_observation_renders_again_the_programme_and_the_indicator_pages(
    client, site, django_capture_on_commit_callbacks
):
    strategy = site["strategy"]

    def enter():
        with django_capture_on_commit_callbacks(execute=True):
            observation_enter(
                user=strategy.office, indicator=strategy.indicator, period="2024", value=99.0
            )

    assert rendered_again(client, site["pages"], enter) == {"home", "indicator", "environment"}


def test_staff_never_get_a_cached_programme_and_none_is_cached_for_them(client, site):
    for _ in range(2):
        anonymous = client.get("/fi/environment/")
    assert anonymous["X-Public-Cache"] == "hit"
    assert "Sisäinen velvoite" not in anonymous.text

    staff = site["world"].client_for(site["world"].coordinator)
    for _ in range(2):
        page = staff.get("/fi/environment/")
        assert "X-Public-Cache" not in page
        assert "Sisäinen velvoite" in page.text

    again = client.get("/fi/environment/")
    assert again["X-Public-Cache"] == "hit"
    assert "Sisäinen velvoite" not in again.text


def test_a_conditional_get_of_the_unchanged_programme_is_answered_304(client, site):
    first = client.get("/fi/environment/")
    assert first["ETag"] and first["Last-Modified"]

    assert client.get("/fi/environment/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = first["Last-Modified"]
    assert client.get("/fi/environment/", HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    assert client.get("/fi/environment/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
