"""The public cache of decisions: which writes change which cached pages.

The decision pages show the ``decisions`` kind (the detail also the goals,
measures and indicators it names); a goal's page lists the decisions that
affect it. A write of a decision that is not on the public site changes none.
"""

from __future__ import annotations

import pytest

from strategia.assessments import services
from strategia.assessments.imports import AgendaItem, decisions_import
from strategia.assessments.models import Decision, GoalLink
from strategia.core.tests.public_cache_visits import (
    STRATEGY_PAGES,
    build_strategy,
    public_cache,  # noqa: F401 (a fixture)
    rendered_again,
    visit,
)
from strategia.indicators.services import observation_enter
from strategia.strategy.services import measure_save

from .factories import DecisionFactory
from .flow import assess_all, published, screened

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_cache")]

SHOWS_DECISIONS = {"decisions", "decision", "goal"}


@pytest.fixture
def site(organisation, template, preparer, reviewer):
    strategy = build_strategy(organisation)
    shown = DecisionFactory(
        organisation=organisation,
        title_fi="Koulun peruskorjaus",
        document_url="https://kemi.example/paatos/1",
    )
    shown.measures.set([strategy.measure])
    assessment = published(shown, preparer, reviewer)
    GoalLink.objects.create(
        assessment=assessment, goal=strategy.goal, relation=GoalLink.Relation.ADVANCES
    )
    waiting = DecisionFactory(organisation=organisation, title_fi="Uusi uimahalli")
    ready = assess_all(screened(waiting, preparer), preparer)
    ready = services.assessment_submit(user=preparer, assessment=ready, version=ready.version)
    ready = services.assessment_review(user=reviewer, assessment=ready, version=ready.version)
    pages = {
        **STRATEGY_PAGES,
        "goal": "/fi/plans/strategia/goals/viisas/",
        "decisions": "/fi/decisions/",
        "decision": f"/fi/decisions/{shown.pk}/",
    }
    return {
        "strategy": strategy,
        "shown": shown,
        "waiting": waiting,
        "ready": ready,
        "pages": pages,
    }


def _edit(decision: Decision, user, **changes) -> None:
    decision.refresh_from_db()
    data = services.DecisionData(
        body=decision.body,
        title_fi=decision.title_fi,
        meeting_date=decision.meeting_date,
        paragraph=decision.paragraph,
        document_url=decision.document_url,
        measure_ids=list(decision.measures.values_list("pk", flat=True)),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    services.decision_update(user=user, decision=decision, data=data, version=decision.version)


def test_a_published_assessment_renders_again_the_decision_pages_and_the_goals_page(
    client, site, preparer, django_capture_on_commit_callbacks
):
    ready = site["ready"]
    GoalLink.objects.create(
        assessment=ready, goal=site["strategy"].goal, relation=GoalLink.Relation.WORKS_AGAINST
    )

    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            services.assessment_publish(user=preparer, assessment=ready, version=ready.version)

    assert rendered_again(client, site["pages"], publish) == SHOWS_DECISIONS


def test_an_anonymous_visitor_sees_a_decision_right_after_its_assessment_is_published(
    client, site, preparer, django_capture_on_commit_callbacks
):
    assert "Uusi uimahalli" not in client.get("/fi/decisions/").text
    assert client.get("/fi/decisions/")["X-Public-Cache"] == "hit"
    ready = site["ready"]

    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_publish(user=preparer, assessment=ready, version=ready.version)

    page = client.get("/fi/decisions/")
    assert page["X-Public-Cache"] == "miss"
    assert "Uusi uimahalli" in page.text
    assert client.get(f"/fi/decisions/{site['waiting'].pk}/").status_code == 200


def test_an_edited_published_decision_renders_again_the_decision_pages(
    client, site, preparer, django_capture_on_commit_callbacks
):
    def edit():
        with django_capture_on_commit_callbacks(execute=True):
            _edit(site["shown"], preparer, title_fi="Koulun perusparannus")

    assert rendered_again(client, site["pages"], edit) == SHOWS_DECISIONS
    assert "Koulun perusparannus" in client.get("/fi/decisions/").text


def test_an_edited_decision_without_a_published_assessment_renders_nothing_again(
    client, site, preparer, django_capture_on_commit_callbacks
):
    def edit():
        with django_capture_on_commit_callbacks(execute=True):
            _edit(site["waiting"], preparer, title_fi="Uimahalli, uusi nimi")

    assert rendered_again(client, site["pages"], edit) == set()


def test_an_import_that_changes_a_published_decision_renders_again_the_decision_pages(
    client, site, preparer, django_capture_on_commit_callbacks
):
    shown = site["shown"]
    item = AgendaItem(
        place="row 2",
        body=shown.body,
        meeting_date=shown.meeting_date,
        paragraph=shown.paragraph,
        title_fi="Koulun peruskorjaus, tarkennettu",
        document_url=shown.document_url,
    )

    def import_():
        with django_capture_on_commit_callbacks(execute=True):
            decisions_import(
                user=preparer,
                organisation=shown.organisation,
                items=[item],
                source=Decision.Source.CSV,
            )

    assert rendered_again(client, site["pages"], import_) == SHOWS_DECISIONS
    assert "Koulun peruskorjaus, tarkennettu" in client.get(site["pages"]["decision"]).text


def test_an_import_of_new_agenda_items_only_renders_nothing_again(
    client, site, preparer, django_capture_on_commit_callbacks
):
    item = AgendaItem(
        place="row 2",
        body="Kaupunginvaltuusto",
        meeting_date=site["shown"].meeting_date,
        paragraph="99",
        title_fi="Talousarvio",
    )

    def import_():
        with django_capture_on_commit_callbacks(execute=True):
            decisions_import(
                user=preparer,
                organisation=site["shown"].organisation,
                items=[item],
                source=Decision.Source.CSV,
            )

    assert rendered_again(client, site["pages"], import_) == set()


def test_an_edited_measure_renders_again_the_decision_it_names_but_not_the_list(
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

    assert rendered_again(client, site["pages"], edit) == set(site["pages"]) - {"decisions"}


def test_a_new_observation_renders_again_the_decision_that_cites_indicators(
    client, site, django_capture_on_commit_callbacks
):
    strategy = site["strategy"]

    def enter():
        with django_capture_on_commit_callbacks(execute=True):
            observation_enter(
                user=strategy.office, indicator=strategy.indicator, period="2024", value=99.0
            )

    assert rendered_again(client, site["pages"], enter) == {
        "home",
        "indicator",
        "goal",
        "decision",
    }


def test_staff_never_get_a_cached_decision_page_and_none_is_cached_for_them(client, site, preparer):
    client.force_login(preparer)
    for _ in range(2):
        assert "X-Public-Cache" not in client.get("/fi/decisions/")
        assert "X-Public-Cache" not in client.get(site["pages"]["decision"])
    client.logout()
    client.cookies.clear()

    assert client.get("/fi/decisions/")["X-Public-Cache"] == "miss"
    assert visit(client, {"decisions": "/fi/decisions/"}) == {"decisions": "hit"}


def test_a_conditional_get_of_an_unchanged_decision_is_answered_304(client, site):
    path = site["pages"]["decision"]
    first = client.get(path)
    assert first["ETag"] and first["Last-Modified"]

    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
