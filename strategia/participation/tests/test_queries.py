"""Query counts of the participation pages stay the same for few and many rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategia.participation import services

from .factories import CommentFactory, IdeaFactory, InitiativeFactory, ParticipantFactory


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _ideas(organisation, goal, measure, n):
    for _ in range(n):
        author = ParticipantFactory(organisation=organisation).user
        idea = IdeaFactory(organisation=organisation, author=author, unit=measure.responsible_unit)
        idea.goals.add(goal)
        idea.measures.add(measure)
        CommentFactory(idea=idea, author=author)


@pytest.mark.parametrize(
    "page",
    ["participation:idea_list", "participation:figures", "participation:initiative_list"],
)
def test_public_lists_are_flat(organisation, goal, measure, unit, page):
    client = Client()
    _ideas(organisation, goal, measure, 2)
    InitiativeFactory(organisation=organisation, body=unit)
    few = _count(client, reverse(page))
    _ideas(organisation, goal, measure, 12)
    for _ in range(8):
        InitiativeFactory(organisation=organisation, body=unit)
    assert _count(client, reverse(page)) == few


def test_idea_page_is_flat_in_comments_and_measures(organisation, goal, measure, resident):
    idea = IdeaFactory(organisation=organisation)
    idea.measures.add(measure)
    top = services.comment_add(user=resident, idea=idea, text="Eka")
    services.comment_add(user=resident, idea=idea, text="Vastaus", parent=top)
    client = Client()
    client.force_login(resident)
    few = _count(client, idea.get_absolute_url())
    from strategia.strategy.tests.factories import MeasureFactory

    for n in range(6):
        idea.measures.add(MeasureFactory(organisation=organisation))
        other = ParticipantFactory(organisation=organisation).user
        parent = services.comment_add(user=other, idea=idea, text=f"K{n}")
        services.comment_add(user=other, idea=idea, text=f"V{n}", parent=parent)
    assert _count(client, idea.get_absolute_url()) == few


@pytest.mark.parametrize("page", ["participation_ws:queue", "participation_ws:moderation"])
def test_staff_pages_are_flat(organisation, goal, measure, moderator, page):
    client = Client()
    client.force_login(moderator)
    _ideas(organisation, goal, measure, 2)
    reporter = ParticipantFactory(organisation=organisation).user
    for idea in organisation.ideas.all():
        services.content_report(user=reporter, target=idea, reason="spam")
    few = _count(client, reverse(page))
    _ideas(organisation, goal, measure, 10)
    for idea in organisation.ideas.filter(reports__isnull=True):
        services.content_report(user=reporter, target=idea, reason="spam")
    assert _count(client, reverse(page)) == few
