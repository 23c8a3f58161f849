"""Ideas and initiatives in the open API: public rows only, no e-mail addresses, flat queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategia.participation import services
from strategia.participation.models import AnswerKind, Initiator
from strategia.strategy.models import Visibility
from strategia.strategy.tests.factories import MeasureFactory

from .factories import IdeaFactory, InitiativeFactory, ParticipantFactory


@pytest.fixture
def world(organisation, unit, office, manager, measure):
    author = ParticipantFactory(
        organisation=organisation, user__email="kirjoittaja@example.fi", display_name="Kirjoittaja"
    ).user
    idea = IdeaFactory(organisation=organisation, author=author, title="Julkinen", text="**Hei**")
    services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=1)
    idea.refresh_from_db()
    internal = MeasureFactory(organisation=organisation, visibility=Visibility.INTERNAL)
    services.idea_answer_save(
        user=manager,
        idea=idea,
        data=services.AnswerData(
            kind=AnswerKind.TAKEN_FORWARD, text="Kyllä.", measure_ids=[measure.pk, internal.pk]
        ),
        publish=True,
    )
    IdeaFactory(organisation=organisation, author=author, title="Odottaa", state="submitted")
    IdeaFactory(organisation=organisation, author=author, title="Piilossa", is_hidden=True)
    initiative = InitiativeFactory(organisation=organisation, body=unit, subject="Aloite")
    Initiator.objects.create(initiative=initiative, name="Julkinen Nimi", show_name=True)
    Initiator.objects.create(initiative=initiative, name="Salainen Nimi")
    initiative.measures.add(measure, internal)
    return {"idea": idea, "measure": measure, "internal": internal}


def test_ideas_in_the_api_are_public_ones_with_answer_and_public_measures(client, world):
    response = client.get("/api/v1/ideas/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["title"] for row in rows] == ["Julkinen"]
    row = rows[0]
    assert row["author"] == "Kirjoittaja"
    assert row["answer"]["kind"] == "taken_forward" and row["answer"]["text"] == "Kyllä."
    assert row["measures"] == [world["measure"].identifier]
    assert row["text_html"] == "<p><strong>Hei</strong></p>\n"
    text = response.content.decode()
    assert "kirjoittaja@example.fi" not in text and "@" not in text.replace("@id", "")
    assert client.get(f"/api/v1/ideas/{world['idea'].pk + 1}/").status_code == 404


def test_initiatives_in_the_api_name_only_consenting_initiators(client, world):
    row = client.get("/api/v1/initiatives/").json()["results"][0]
    assert row["initiators"] == ["Julkinen Nimi"] and row["initiator_count"] == 2
    assert row["measures"] == [world["measure"].identifier]
    assert "Salainen" not in client.get("/api/v1/initiatives/").content.decode()


@pytest.mark.parametrize("path", ["/api/v1/ideas/", "/api/v1/initiatives/"])
def test_api_lists_are_flat(client, organisation, unit, measure, path):
    def add(n):
        for _ in range(n):
            idea = IdeaFactory(organisation=organisation)
            idea.measures.add(measure)
            initiative = InitiativeFactory(organisation=organisation, body=unit)
            Initiator.objects.create(initiative=initiative, name="N", show_name=True)
            initiative.measures.add(measure)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    add(2)
    few = count()
    add(10)
    assert count() == few
