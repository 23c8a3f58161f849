"""The public cache: which writes change which cached pages, and who never gets one.

Every test warms the cache with anonymous visits to the site's public pages
and API answers, makes one kind of write through the service (or the admin)
that makes it in the product, and visits them all again: the pages that are
rendered again (``X-Public-Cache: miss``) are exactly those that show what was
written, and every other page still comes from the cache.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from strategia.accounts.models import Role, RoleAssignment
from strategia.core.public_cache import PublicCacheMiddleware
from strategia.indicators.models import Indicator
from strategia.indicators.services import observation_enter
from strategia.indicators.tests.factories import IndicatorFactory, ObservationFactory
from strategia.monitoring.services import StatusUpdateData, status_correction_publish
from strategia.organisations.tests.factories import (
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)
from strategia.strategy.models import Goal, MeasureStatus, Plan, Visibility
from strategia.strategy.services import measure_save
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/fi/",
    "home sv": "/sv/",
    "plans": "/fi/plans/",
    "plan": "/fi/plans/strategia/",
    "goal": "/fi/plans/strategia/goals/viisas/",
    "measures": "/fi/measures/",
    "measures filtered": "/fi/measures/?status=on_track",
    "measure": "/fi/measures/m-1/",
    "unit": "/fi/units/tekninen/",
    "indicators": "/fi/indicators/",
    "indicator": "/fi/indicators/tyollisyys/",
    "chart": "/fi/indicators/tyollisyys/chart.svg",
    "api measures": "/api/v1/measures/",
    "api measures filtered": "/api/v1/measures/?status=on_track",
    "api updates": "/api/v1/status-updates/",
    "api plans": "/api/v1/plans/",
    "accessibility": "/fi/accessibility/",
}
SHOWS_INDICATORS = {"home", "home sv", "goal", "indicators", "indicator", "chart"}
SHOWS_STRATEGY = set(PAGES) - {"chart", "accessibility"}
SHOWS_UPDATES = {"home", "home sv", "measure", "api updates"}


@pytest.fixture(autouse=True)
def public_cache(settings):
    settings.PUBLIC_CACHE = True
    settings.API_ANON_RATE = "10000/minute"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(organisation):
    unit = UnitFactory(organisation=organisation, slug="tekninen")
    plan = PlanFactory(organisation=organisation, slug="strategia", kind=Plan.Kind.STRATEGY)
    goal = GoalFactory(plan=plan, slug="viisas", kind=Goal.Kind.GOAL)
    measure = MeasureFactory(
        organisation=organisation,
        slug="m-1",
        identifier="M-1",
        goals=[goal],
        responsible_unit=unit,
        status=MeasureStatus.ON_TRACK,
    )
    internal = MeasureFactory(
        organisation=organisation,
        identifier="SALAINEN-1",
        name_fi="Sisäinen toimenpide",
        goals=[goal],
        visibility=Visibility.INTERNAL,
    )
    indicator = IndicatorFactory(organisation=organisation, slug="tyollisyys")
    indicator.goal_links.create(goal=goal)
    for year in range(2018, 2024):
        ObservationFactory(indicator=indicator, period=str(year), value=year - 2000)
    office = UserFactory(is_staff=True)
    RoleAssignment.objects.create(user=office, organisation=organisation, role=Role.ADMINISTRATOR)
    return {
        "organisation": organisation,
        "plan": plan,
        "goal": goal,
        "measure": measure,
        "internal": internal,
        "indicator": indicator,
        "office": office,
    }


def visit(client) -> dict[str, str]:
    """Each page's source: ``miss`` (rendered now) or ``hit`` (from the cache)."""
    sources = {}
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        sources[name] = response["X-Public-Cache"]
    return sources


def rendered_again(client, write) -> set[str]:
    assert set(visit(client).values()) == {"miss"}
    assert set(visit(client).values()) == {"hit"}
    write()
    return {name for name, source in visit(client).items() if source == "miss"}


def test_a_published_update_renders_again_exactly_the_pages_of_updates_and_strategy(
    client, site, django_capture_on_commit_callbacks
):
    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            status_correction_publish(
                user=site["office"],
                measure=site["measure"],
                data=StatusUpdateData(status=MeasureStatus.AT_RISK, progress=40, text_fi="Viive."),
                reason="Korjaus.",
            )

    assert rendered_again(client, publish) == SHOWS_UPDATES | SHOWS_STRATEGY


def test_an_anonymous_visitor_sees_the_new_status_right_after_publication(
    client, site, django_capture_on_commit_callbacks
):
    client.get("/fi/measures/m-1/")
    assert client.get("/fi/measures/m-1/")["X-Public-Cache"] == "hit"
    assert "Viivästynyt tilannepäivitys" not in client.get("/fi/measures/m-1/").text

    with django_capture_on_commit_callbacks(execute=True):
        status_correction_publish(
            user=site["office"],
            measure=site["measure"],
            data=StatusUpdateData(
                status=MeasureStatus.DELAYED, progress=10, text_fi="Viivästynyt tilannepäivitys"
            ),
            reason="Korjaus.",
        )

    page = client.get("/fi/measures/m-1/")
    assert page["X-Public-Cache"] == "miss"
    assert "Viivästynyt tilannepäivitys" in page.text
    statuses = [m["status"] for m in client.get("/api/v1/measures/").json()["results"]]
    assert statuses == [MeasureStatus.DELAYED]


def test_an_edited_measure_renders_again_the_pages_of_strategy_only(
    client, site, django_capture_on_commit_callbacks
):
    def edit():
        measure = site["measure"]
        measure.name_fi = "Uusi nimi"
        with django_capture_on_commit_callbacks(execute=True):
            measure_save(
                user=site["office"], measure=measure, version=measure.version, reason="nimi"
            )

    assert rendered_again(client, edit) == SHOWS_STRATEGY


def test_a_measure_made_internal_disappears_from_the_cached_pages(
    client, site, django_capture_on_commit_callbacks
):
    assert "M-1" in client.get("/fi/measures/").text
    measure = site["measure"]
    measure.visibility = Visibility.INTERNAL
    with django_capture_on_commit_callbacks(execute=True):
        measure_save(user=site["office"], measure=measure, version=measure.version, reason="x")

    assert "M-1" not in client.get("/fi/measures/").text
    assert client.get("/api/v1/measures/").json()["results"] == []
    assert client.get("/fi/measures/m-1/").status_code == 404


def test_a_new_observation_renders_again_the_pages_of_indicators_only(
    client, site, django_capture_on_commit_callbacks
):
    site["indicator"].source = "manual"
    site["indicator"].save()

    def enter():
        with django_capture_on_commit_callbacks(execute=True):
            observation_enter(
                user=site["office"], indicator=site["indicator"], period="2024", value=99.0
            )

    assert rendered_again(client, enter) == SHOWS_INDICATORS


def _validated_admin_form(obj) -> SimpleNamespace:
    """What the admin's change form hands ``save_model`` once valid: the version it loaded."""
    return SimpleNamespace(cleaned_data={"loaded_version": obj.version}, changed_data=[])


@pytest.mark.parametrize(
    ("model", "target", "shows"),
    [
        (Plan, "plan", SHOWS_STRATEGY),
        (Goal, "goal", SHOWS_STRATEGY),
        (Indicator, "indicator", SHOWS_INDICATORS),
    ],
)
def test_an_admin_edit_of_a_plan_goal_or_indicator_renders_again_what_shows_it(
    client, site, model, target, shows, django_capture_on_commit_callbacks
):
    request = RequestFactory().post("/fi/admin/")
    request.user = site["office"]
    model_admin = admin.site._registry[model]

    def edit():
        obj = model.objects.get(pk=site[target].pk)
        obj.name_fi = "Muutettu"
        with django_capture_on_commit_callbacks(execute=True):
            model_admin.save_model(request, obj, form=_validated_admin_form(obj), change=True)

    assert rendered_again(client, edit) == shows


def test_an_indicator_made_internal_through_the_admin_leaves_the_cached_pages(
    client, site, django_capture_on_commit_callbacks
):
    assert client.get("/fi/indicators/tyollisyys/").status_code == 200
    request = RequestFactory().post("/fi/admin/")
    request.user = site["office"]
    indicator = site["indicator"]
    indicator.visibility = Visibility.INTERNAL
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Indicator].save_model(
            request, indicator, form=_validated_admin_form(indicator), change=True
        )

    assert client.get("/fi/indicators/tyollisyys/").status_code == 404
    assert client.get("/fi/indicators/tyollisyys/chart.svg").status_code == 404


def test_a_write_in_another_organisation_renders_nothing_again(
    client, site, django_capture_on_commit_callbacks
):
    other = OrganisationFactory(slug="tornio")
    other_office = UserFactory(is_staff=True)
    RoleAssignment.objects.create(user=other_office, organisation=other, role=Role.ADMINISTRATOR)
    other_measure = MeasureFactory(organisation=other)

    def edit():
        other_measure.name_fi = "Tornion toimenpide"
        with django_capture_on_commit_callbacks(execute=True):
            measure_save(
                user=other_office,
                measure=other_measure,
                version=other_measure.version,
                reason="nimi",
            )

    assert rendered_again(client, edit) == set()


def test_a_rolled_back_write_renders_nothing_again(client, site):
    # Without the commit the versions are not raised (the callbacks never run).
    def edit():
        measure = site["measure"]
        measure.name_fi = "Peruttu"
        measure_save(user=site["office"], measure=measure, version=measure.version, reason="x")

    assert rendered_again(client, edit) == set()


def test_staff_never_get_a_cached_page_and_none_is_cached_for_them(client, site):
    for _ in range(2):
        anonymous = client.get("/fi/measures/")
    assert anonymous["X-Public-Cache"] == "hit"
    assert "SALAINEN-1" not in anonymous.text

    client.force_login(site["office"])
    for _ in range(2):
        staff = client.get("/fi/measures/")
        assert "X-Public-Cache" not in staff
        assert "SALAINEN-1" in staff.text
    client.logout()

    client.cookies.clear()
    again = client.get("/fi/measures/")
    assert again["X-Public-Cache"] == "hit"
    assert "SALAINEN-1" not in again.text


def test_each_language_has_its_own_entry(client, site):
    finnish = client.get("/fi/")
    swedish = client.get("/sv/")

    assert finnish["X-Public-Cache"] == swedish["X-Public-Cache"] == "miss"
    assert client.get("/sv/")["Content-Language"] == "sv"
    assert client.get("/fi/")["Content-Language"] == "fi"
    assert "Cookie" in client.get("/fi/")["Vary"]


@pytest.mark.parametrize("path", ["/fi/measures/m-1/", "/fi/indicators/tyollisyys/chart.svg"])
def test_a_conditional_get_of_an_unchanged_page_is_answered_304(client, site, path):
    first = client.get(path)
    assert first["ETag"] and first["Last-Modified"]

    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_conditional_get_of_an_api_answer_is_answered_304(client, site):
    first = client.get("/api/v1/measures/")

    assert client.get("/api/v1/measures/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_cached_api_answers_count_against_the_anonymous_rate_limit(client, site, settings):
    settings.API_ANON_RATE = "3/minute"

    responses = [client.get("/api/v1/plans/") for _ in range(4)]

    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.get("X-Public-Cache") for r in responses[:3]] == ["miss", "hit", "hit"]
    assert int(responses[3]["Retry-After"]) >= 1


def test_answers_that_set_cookies_or_carry_a_nonce_are_not_stored():
    request = RequestFactory().get("/fi/")
    middleware = PublicCacheMiddleware(lambda request: HttpResponse("ok"))
    plain = HttpResponse("ok")
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("csrftoken", "x")
    with_nonce = HttpResponse("ok")
    with_nonce["Content-Security-Policy"] = "script-src 'nonce-abc'"
    private = HttpResponse("ok")
    private["Cache-Control"] = "private"

    assert middleware._storable(request, plain)
    assert not middleware._storable(request, with_cookie)
    assert not middleware._storable(request, with_nonce)
    assert not middleware._storable(request, private)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not middleware._storable(request, plain)


def test_the_sample_data_notice_is_asked_once_per_change_of_sample_data(
    client, site, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from strategia.core.invalidation import everything_changed
    from strategia.core.sample_data import organisation_shows_sample_notice

    organisation = site["organisation"]
    with CaptureQueriesContext(connection) as first:
        assert not organisation_shows_sample_notice(organisation)
    with CaptureQueriesContext(connection) as second:
        assert not organisation_shows_sample_notice(organisation)
    MeasureFactory(organisation=organisation, is_sample=True)
    with django_capture_on_commit_callbacks(execute=True):
        everything_changed(organisation_id=organisation.pk)  # what load_demo_data does

    assert len(first) == 1
    assert len(second) == 0
    assert organisation_shows_sample_notice(organisation)
    assert 'class="sample-notice"' in client.get("/fi/plans/").text
