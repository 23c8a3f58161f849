"""A resident from registration to following the measure their idea became, over HTTP.

Register → verify by the mailed link → submit (after seeing a similar idea) →
the city assigns and answers, linking a measure → the resident reads the
answer → the measure's status update is published → the daily digest mails
the resident that progress.
"""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from strategia.monitoring.services import StatusUpdateData, status_correction_publish
from strategia.participation.models import Idea, IdeaState, Participant

from .factories import IdeaFactory

PASSWORD = "pitkä-ja-hyvä-salasana-2026"


@pytest.fixture(autouse=True)
def finnish():
    with translation.override("fi"):
        yield


def test_from_registration_to_the_measures_progress_by_digest(
    organisation, unit, office, manager, measure, goal, django_capture_on_commit_callbacks
):
    IdeaFactory(organisation=organisation, title="Valoa Pohjoispuiston polulle", text="Pimeää.")
    browser = Client()

    # Registration, with the verification link by mail.
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            reverse("participation:register"),
            {
                "email": "Maija@Example.fi",
                "display_name": "Maija M.",
                "password": PASSWORD,
                "accept": "on",
                "website": "",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["maija@example.fi"]
    link = re.search(r"https?://\S+/participation/verify/\S+/", mail.outbox[0].body).group(0)
    path = link.split("//", 1)[1].split("/", 1)[1]
    participant = Participant.objects.get(user__email="maija@example.fi")
    assert not participant.user.is_active

    # A mail scanner's GET verifies nothing; the button does, and signs in.
    assert browser.get("/" + path).status_code == 200
    assert not Participant.objects.get(pk=participant.pk).is_verified
    response = browser.post("/" + path)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.is_verified and participant.user.is_active

    # Writing an idea: a similar one is suggested first, then it is sent anyway.
    form = {
        "title": "Valoa Pohjoispuiston polulle iltaisin",
        "text": "Polku on pimeä, lisää valoja.",
        "goals": [str(goal.pk)],
        "place": "Pohjoispuisto",
        "service": "",
        "website": "",
    }
    response = browser.post(reverse("participation:idea_new"), form)
    assert response.status_code == 200
    assert "Valoa Pohjoispuiston polulle" in response.content.decode()
    assert not Idea.objects.filter(author=participant.user).exists()
    response = browser.post(reverse("participation:idea_new"), {**form, "confirmed": "1"})
    idea = Idea.objects.get(author=participant.user)
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.state == IdeaState.PUBLISHED

    # The strategy office assigns it; the unit's manager answers with a measure.
    staff = Client()
    staff.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("participation_ws:idea", kwargs={"pk": idea.pk}),
            {"action": "assign", "unit": unit.pk, "due_date": "", "version": idea.version},
        )
    assert response.status_code == 302
    staff.force_login(manager)
    idea.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("participation_ws:idea", kwargs={"pk": idea.pk}),
            {
                "action": "publish",
                "kind": "taken_forward",
                "text": "Valaistus lisätään osana lähiliikuntapaikkojen kunnostusta.",
                "reasons": "",
                "measures": [str(measure.pk)],
                "decide_by": "",
                "draft_version": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    idea.refresh_from_db()
    assert idea.state == IdeaState.CARRIED_OUT

    # The resident reads the answer and the measure on the idea's page.
    page = browser.get(idea.get_absolute_url()).content.decode()
    assert "Valaistus lisätään" in page
    assert measure.name in page
    # Others never see the author's address (the staff bar shows one's own to oneself).
    assert "maija@example.fi" not in Client().get(idea.get_absolute_url()).content.decode()

    # The measure's progress is published; the digest brings it to the follower.
    mail.outbox.clear()
    call_command("send_participation_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # State change and answer notices were waiting for the digest (the default).
    assert len(mail.outbox) == 1
    assert "Valaistus" not in mail.outbox[0].subject
    status_correction_publish(
        user=office,
        measure=measure,
        data=StatusUpdateData(status="on_track", progress=40, text_fi="Valaisimet tilattu."),
        reason="Tilanne",
    )
    mail.outbox.clear()
    call_command("send_participation_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["maija@example.fi"]
    assert "Valaisimet tilattu." in digest.body
    assert measure.name in digest.body
    assert idea.get_absolute_url() in digest.body
    # Run again: nothing new, nothing mailed twice.
    mail.outbox.clear()
    call_command("send_participation_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
