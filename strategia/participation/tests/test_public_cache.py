"""The public cache of participation: which writes change which cached pages, who gets none.

The idea and initiative pages, the figures and the participation API show the
``participation`` kind (the pages of one idea or initiative, the figures and
the API also the strategy's measures). An anonymous visitor's idea page has
no form, so it is cached; a signed-in resident, who gets the support, follow
and comment forms with their CSRF token, is never served a cached page nor
has one stored.
"""

from __future__ import annotations

import pytest

from strategia.core.tests.public_cache_visits import (
    STRATEGY_PAGES,
    build_strategy,
    public_cache,  # noqa: F401 (a fixture)
    rendered_again,
)
from strategia.participation import services
from strategia.participation.models import IdeaState, Participant
from strategia.strategy.services import measure_save

from .factories import CommentFactory, IdeaFactory, InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_cache")]


@pytest.fixture
def site(organisation, resident, other_resident):
    strategy = build_strategy(organisation)
    idea = IdeaFactory(organisation=organisation, author=other_resident, title="Lisää penkkejä")
    comment = CommentFactory(idea=idea, author=resident, text="Hyvä ajatus.")
    waiting = IdeaFactory(
        organisation=organisation,
        author=other_resident,
        title="Uimaranta siistiksi",
        state=IdeaState.SUBMITTED,
        published_at=None,
    )
    initiative = InitiativeFactory(organisation=organisation, body__organisation=organisation)
    pages = {
        **STRATEGY_PAGES,
        "ideas": "/fi/ideas/",
        "idea": f"/fi/ideas/{idea.pk}/",
        "initiatives": "/fi/initiatives/",
        "initiative": f"/fi/initiatives/{initiative.pk}/",
        "figures": "/fi/participation/figures/",
        "api ideas": "/api/v1/ideas/",
        "api initiatives": "/api/v1/initiatives/",
        "privacy": "/fi/privacy/",
    }
    return {
        "strategy": strategy,
        "idea": idea,
        "comment": comment,
        "waiting": waiting,
        "pages": pages,
    }


SHOWS_PARTICIPATION = {
    "ideas",
    "idea",
    "initiatives",
    "initiative",
    "figures",
    "api ideas",
    "api initiatives",
}


def test_a_published_idea_renders_again_the_participation_pages_only(
    client, site, moderator, django_capture_on_commit_callbacks
):
    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            services.idea_publish(user=moderator, idea=site["waiting"])

    assert rendered_again(client, site["pages"], publish) == SHOWS_PARTICIPATION
    assert "Uimaranta siistiksi" in client.get("/fi/ideas/").text


@pytest.mark.parametrize("write", ["support", "comment", "hide a comment"])
def test_support_comments_and_moderation_render_again_the_participation_pages(
    client, site, resident, moderator, write, django_capture_on_commit_callbacks
):
    idea = site["idea"]

    def act():
        with django_capture_on_commit_callbacks(execute=True):
            if write == "support":
                services.idea_support(user=resident, idea=idea)
            elif write == "comment":
                services.comment_add(user=resident, idea=idea, text="Samaa mieltä.")
            else:
                services.content_hide(user=moderator, target=site["comment"], reason="Asiaton.")

    assert rendered_again(client, site["pages"], act) == SHOWS_PARTICIPATION


def test_a_hidden_idea_leaves_the_anonymous_pages_at_once(
    client, site, moderator, django_capture_on_commit_callbacks
):
    idea = site["idea"]
    assert "Lisää penkkejä" in client.get("/fi/ideas/").text
    assert client.get(f"/fi/ideas/{idea.pk}/")["X-Public-Cache"] == "miss"

    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(user=moderator, target=idea, reason="Asiaton.")

    assert "Lisää penkkejä" not in client.get("/fi/ideas/").text
    assert client.get(f"/fi/ideas/{idea.pk}/").status_code == 404


def test_a_residents_new_display_name_renders_again_the_participation_pages(
    client, site, resident, django_capture_on_commit_callbacks
):
    def rename():
        with django_capture_on_commit_callbacks(execute=True):
            services.participant_update(
                user=resident, display_name="Maija Meikäläinen", delivery=Participant.Delivery.NONE
            )

    assert rendered_again(client, site["pages"], rename) == SHOWS_PARTICIPATION
    assert "Maija Meikäläinen" in client.get(site["pages"]["idea"]).text


def test_following_an_idea_or_a_mail_choice_renders_nothing_again(
    client, site, resident, django_capture_on_commit_callbacks
):
    def follow():
        with django_capture_on_commit_callbacks(execute=True):
            services.idea_follow(user=resident, idea=site["idea"])
            services.participant_update(
                user=resident, display_name="Maija M.", delivery=Participant.Delivery.WEEKLY
            )

    assert rendered_again(client, site["pages"], follow) == set()


def test_an_edited_measure_renders_again_the_participation_pages_that_show_measures(
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

    assert rendered_again(client, site["pages"], edit) == set(STRATEGY_PAGES) | {
        "idea",
        "initiative",
        "figures",
        "api ideas",
        "api initiatives",
    }


def test_a_signed_in_resident_never_gets_a_cached_idea_page_and_none_is_cached_for_them(
    client, site, resident
):
    path = site["pages"]["idea"]
    for _ in range(2):
        anonymous = client.get(path)
    assert anonymous["X-Public-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in anonymous.text

    client.force_login(resident)
    for _ in range(2):
        signed_in = client.get(path)
        assert "X-Public-Cache" not in signed_in
        assert "csrfmiddlewaretoken" in signed_in.text
    client.logout()
    client.cookies.clear()

    again = client.get(path)
    assert again["X-Public-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in again.text


def test_staff_never_get_a_cached_idea_list(client, site, moderator):
    client.force_login(moderator)
    for _ in range(2):
        page = client.get("/fi/ideas/")
        assert "X-Public-Cache" not in page
    assert "Uimaranta siistiksi" in page.text  # a moderator sees the idea waiting
    client.logout()
    client.cookies.clear()

    anonymous = client.get("/fi/ideas/")
    assert anonymous["X-Public-Cache"] == "miss"
    assert "Uimaranta siistiksi" not in anonymous.text


def test_a_conditional_get_of_an_unchanged_idea_page_is_answered_304(client, site):
    path = site["pages"]["idea"]
    first = client.get(path)
    assert first["ETag"] and first["Last-Modified"]

    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get("/api/v1/ideas/", HTTP_IF_NONE_MATCH='"x"').status_code == 200
