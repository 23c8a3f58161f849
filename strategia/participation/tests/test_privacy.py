"""The privacy notice, downloading one's data, deleting one's account, unverified accounts."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strategia.accounts.models import User
from strategia.participation import services
from strategia.participation.models import Comment, Follow, Idea, Participant, Support

from .factories import IdeaFactory, ParticipantFactory


def test_the_privacy_notice_names_controller_purposes_retention_and_rights(organisation):
    page = Client().get(reverse("participation:privacy")).content.decode()
    for words in ("Rekisterinpitäjä", "Käsittelyn tarkoitukset", "säilytetään", "oikeutesi"):
        assert words.lower() in page.lower(), words


@pytest.fixture
def active(resident, other_resident, organisation, moderator):
    mine = services.idea_submit(
        user=resident,
        organisation=organisation,
        data=services.IdeaData(title="Oma idea", text="Oma teksti", place="Karihaara"),
    )
    theirs = IdeaFactory(organisation=organisation, author=other_resident, title="Toisen idea")
    services.idea_support(user=resident, idea=theirs)
    services.comment_add(user=resident, idea=theirs, text="Oma kommentti")
    services.idea_follow(user=resident, idea=theirs)
    services.content_report(user=resident, target=theirs, reason="off_topic", note="Huomio")
    services.comment_add(user=other_resident, idea=mine, text="Toisen kommentti")
    services.participant_block(user=moderator, participant=resident.participant, reason="Syy")
    return mine, theirs


def test_download_holds_everything_about_the_person_and_nothing_of_others(resident, active):
    client = Client()
    client.force_login(resident)
    response = client.get(reverse("participation:account_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "asukas@example.fi"
    assert data["participant"]["display_name"] == "Maija M."
    assert data["participant"]["blocked_reason"] == "Syy"
    assert [i["title"] for i in data["ideas"]] == ["Oma idea"]
    assert data["ideas"][0]["place"] == "Karihaara"
    assert [c["text"] for c in data["comments"]] == ["Oma kommentti"]
    assert len(data["supports"]) == 1 and len(data["reports_made"]) == 1
    assert len(data["follows"]) == 2  # their own idea and the one they follow
    assert data["moderation"][0]["action"] == "block"
    text = response.content.decode()
    assert "Toisen kommentti" not in text and "toinen@example.fi" not in text


def test_download_needs_signing_in():
    response = Client().get(reverse("participation:account_export"))
    assert response.status_code == 302


def test_delete_warns_first_then_erases_the_person_and_keeps_contributions(
    resident, active, organisation
):
    mine, theirs = active
    client = Client()
    client.force_login(resident)
    page = client.get(reverse("participation:account_delete")).content.decode()
    assert "ei voi perua" in page.lower() or "can't be undone" in page.lower()
    refused = client.post(reverse("participation:account_delete"), {"confirm": "joo"})
    assert refused.status_code == 200
    assert User.objects.filter(email="asukas@example.fi").exists()

    response = client.post(reverse("participation:account_delete"), {"confirm": "POISTA"})
    assert response.status_code == 302
    assert not User.objects.filter(email="asukas@example.fi").exists()
    assert not Participant.objects.filter(display_name="Maija M.").exists()
    mine.refresh_from_db()
    assert mine.author is None and Idea.objects.filter(pk=mine.pk).exists()
    assert Comment.objects.filter(text="Oma kommentti", author__isnull=True).exists()
    assert Support.objects.filter(idea=theirs, user__isnull=True).count() == 1
    assert not Follow.objects.filter(idea=theirs).exclude(user=theirs.author).exists()
    public = Client().get(mine.get_absolute_url()).content.decode()
    assert "poistettu käyttäjä" in public.lower() and "Maija M." not in public
    # Signed out, and the session no longer works.
    assert client.get(reverse("participation:account")).status_code == 302


def test_staff_accounts_are_not_deleted_here(moderator):
    client = Client()
    client.force_login(moderator)
    client.post(reverse("participation:account_delete"), {"confirm": "POISTA"})
    assert User.objects.filter(pk=moderator.pk).exists()


def test_unverified_accounts_are_removed_after_the_set_time(organisation, settings, moderator):
    settings.PARTICIPATION_UNVERIFIED_DAYS = 7
    old = timezone.now() - datetime.timedelta(days=8)
    stale = ParticipantFactory(
        organisation=organisation, email_verified_at=None, created_at=old, user__is_active=False
    )
    fresh = ParticipantFactory(
        organisation=organisation, email_verified_at=None, user__is_active=False
    )
    verified = ParticipantFactory(organisation=organisation, created_at=old)
    call_command("remove_unverified_participants", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not User.objects.filter(pk=stale.user_id).exists()
    assert User.objects.filter(pk__in=[fresh.user_id, verified.user_id, moderator.pk]).count() == 3


def test_an_expired_or_forged_verification_link_is_refused(organisation, settings):
    import time_machine

    participant = ParticipantFactory(
        organisation=organisation, email_verified_at=None, user__is_active=False
    )
    token = services.verification_token(participant)
    url = reverse("participation:verify", kwargs={"token": token + "x"})
    assert Client().post(url).status_code == 400
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=73)):
        url = reverse("participation:verify", kwargs={"token": token})
        assert Client().post(url).status_code == 400
    participant.refresh_from_db()
    assert not participant.is_verified
