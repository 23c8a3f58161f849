"""Nothing that isn't public reaches the public: unmoderated and hidden ideas, internal
measures, e-mail addresses, initiators who did not consent."""

import pytest
from django.test import Client
from django.urls import reverse

from strategia.participation.models import Initiator, ParticipationSettings
from strategia.participation.similarity import similar_ideas
from strategia.participation.statistics import idea_figures
from strategia.strategy.models import Visibility
from strategia.strategy.tests.factories import MeasureFactory

from .factories import IdeaFactory, InitiativeFactory, ParticipantFactory


@pytest.fixture
def hidden_world(organisation, unit):
    author = ParticipantFactory(
        organisation=organisation,
        user__email="salainen.osoite@example.fi",
        display_name="Kirjoittaja",
    ).user
    public = IdeaFactory(organisation=organisation, author=author, title="Julkinen idea puistosta")
    waiting = IdeaFactory(
        organisation=organisation, author=author, title="Odottava idea puistosta", state="submitted"
    )
    hidden = IdeaFactory(
        organisation=organisation, author=author, title="Piilotettu idea puistosta", is_hidden=True
    )
    internal = MeasureFactory(
        organisation=organisation, visibility=Visibility.INTERNAL, name_fi="Sisäinen toimenpide"
    )
    public.measures.add(internal)
    return {"public": public, "waiting": waiting, "hidden": hidden, "author": author}


def test_lists_details_and_figures_show_public_ideas_only(hidden_world, organisation):
    client = Client()
    listing = client.get(reverse("participation:idea_list")).content.decode()
    assert "Julkinen idea" in listing
    assert "Odottava idea" not in listing and "Piilotettu idea" not in listing
    for key in ("waiting", "hidden"):
        assert client.get(hidden_world[key].get_absolute_url()).status_code == 404
    searched = client.get(reverse("participation:idea_list"), {"q": "puistosta"}).content.decode()
    assert "Odottava" not in searched and "Piilotettu" not in searched
    assert idea_figures(organisation=organisation).submitted == 1


def test_internal_measures_are_not_shown_beside_a_public_idea(hidden_world):
    page = Client().get(hidden_world["public"].get_absolute_url()).content.decode()
    assert "Sisäinen toimenpide" not in page


def test_similar_suggestions_never_offer_hidden_or_waiting_ideas(hidden_world, resident):
    client = Client()
    client.force_login(resident)
    page = client.post(
        reverse("participation:idea_new"), {"title": "Idea puistosta", "text": "puistosta"}
    ).content.decode()
    assert "Julkinen idea puistosta" in page
    assert "Odottava idea" not in page and "Piilotettu idea" not in page


def test_email_addresses_never_appear_on_any_page(hidden_world, moderator, organisation):
    from strategia.participation import services

    commenter = ParticipantFactory(organisation=organisation, user__email="kommentoija@example.fi")
    services.comment_add(user=commenter.user, idea=hidden_world["public"], text="Kommentti")
    services.content_report(user=commenter.user, target=hidden_world["public"], reason="spam")
    staff = Client()
    staff.force_login(moderator)
    pages = [
        Client().get(reverse("participation:idea_list")),
        Client().get(hidden_world["public"].get_absolute_url()),
        staff.get(reverse("participation_ws:moderation")),
        staff.get(reverse("participation_ws:queue")),
        staff.get(reverse("participation_ws:idea", kwargs={"pk": hidden_world["waiting"].pk})),
    ]
    for response in pages:
        text = response.content.decode()
        assert "salainen.osoite" not in text and "kommentoija@" not in text


def test_authors_see_their_own_waiting_and_hidden_ideas(hidden_world):
    client = Client()
    client.force_login(hidden_world["author"])
    assert client.get(hidden_world["waiting"].get_absolute_url()).status_code == 200
    assert client.get(hidden_world["hidden"].get_absolute_url()).status_code == 200


def test_premoderated_ideas_stay_out_until_published(resident, organisation):
    ParticipationSettings.objects.create(organisation=organisation, premoderation=True)
    from strategia.participation import services

    idea = services.idea_submit(
        user=resident,
        organisation=organisation,
        data=services.IdeaData(title="Ennakkomoderoitu", text="Teksti"),
    )
    assert Client().get(idea.get_absolute_url()).status_code == 404
    assert (
        "Ennakkomoderoitu" not in Client().get(reverse("participation:idea_list")).content.decode()
    )


def test_initiators_are_named_only_with_consent(organisation, unit):
    initiative = InitiativeFactory(organisation=organisation, body=unit)
    Initiator.objects.create(initiative=initiative, name="Näkyvä Nimi", show_name=True)
    Initiator.objects.create(initiative=initiative, name="Salattu Nimi", show_name=False)
    page = Client().get(initiative.get_absolute_url()).content.decode()
    assert "Näkyvä Nimi" in page and "Salattu Nimi" not in page
    assert "2 aloitteentekijää" in page


def test_another_towns_ideas_are_not_reachable(organisation):
    from strategia.organisations.tests.factories import OrganisationFactory

    foreign = IdeaFactory(organisation=OrganisationFactory(slug="muu"), title="Vieras idea")
    assert Client().get(foreign.get_absolute_url()).status_code == 404
    assert similar_ideas(organisation.ideas.all(), title="Vieras idea", text="") == []
