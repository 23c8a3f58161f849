"""Followers hear of answers, state changes and the linked measures' published updates,
each as they chose: at once, daily, weekly or not at all (daily by default)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.services import StatusUpdateData, status_correction_publish
from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.participation import services
from strategia.participation.models import AnswerKind, IdeaNotice, Participant
from strategia.participation.notifications import digest_send
from strategia.strategy.models import Visibility

from .factories import IdeaFactory, ParticipantFactory


@pytest.fixture
def followed(organisation, measure):
    idea = IdeaFactory(organisation=organisation, title="Seurattu idea")
    idea.measures.add(measure)
    people = {}
    for delivery in Participant.Delivery.values:
        participant = ParticipantFactory(
            organisation=organisation, delivery=delivery, user__email=f"{delivery}@example.fi"
        )
        services.idea_follow(user=participant.user, idea=idea)
        people[delivery] = participant
    return idea, people


def test_the_default_is_the_daily_digest(organisation):
    assert ParticipantFactory(organisation=organisation).delivery == "daily"


def test_immediate_followers_are_mailed_after_commit_others_wait(
    followed, office, unit, django_capture_on_commit_callbacks
):
    idea, _people = followed
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=1)
    assert [m.to for m in mail.outbox] == [["immediate@example.fi"]]
    assert not IdeaNotice.objects.filter(user__email="none@example.fi").exists()


def test_digests_daily_now_weekly_when_a_week_has_passed(followed, office, unit, manager):
    idea, people = followed
    services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=1)
    idea.refresh_from_db()
    services.idea_answer_save(
        user=manager,
        idea=idea,
        data=services.AnswerData(kind=AnswerKind.UNDERWAY, text="Käynnissä jo."),
        publish=True,
    )
    now = timezone.now()
    people["weekly"].last_digest_at = now - datetime.timedelta(days=2)
    people["weekly"].save()
    result = digest_send(now=now)
    recipients = sorted(m.to[0] for m in mail.outbox)
    # Immediate notices were not sent after commit here (no callbacks): the run retries them.
    # Two pieces of news: the assignment, and the answer (not also its state change).
    assert recipients == ["daily@example.fi", "immediate@example.fi", "immediate@example.fi"]
    daily = next(m for m in mail.outbox if m.to == ["daily@example.fi"])
    assert "Seurattu idea" in daily.body and result.digests.mails == 1
    mail.outbox.clear()
    digest_send(now=now + datetime.timedelta(days=5, hours=1))
    assert [m.to for m in mail.outbox] == [["weekly@example.fi"]]
    mail.outbox.clear()
    digest_send(now=now + datetime.timedelta(days=6))
    assert mail.outbox == []


def test_measure_updates_since_following_reach_followers_once(followed, office, measure):
    idea, people = followed
    StatusUpdateFactory(measure=measure, approved_at=timezone.now() - datetime.timedelta(days=30))
    status_correction_publish(
        user=office,
        measure=measure,
        data=StatusUpdateData(status="on_track", progress=60, text_fi="Työt alkoivat."),
        reason="Seuranta",
    )
    digest_send()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert set(bodies) == {"daily@example.fi", "immediate@example.fi", "weekly@example.fi"}
    assert "Työt alkoivat." in bodies["daily@example.fi"]
    assert "Edistyy suunnitellusti." not in bodies["daily@example.fi"]  # before following
    mail.outbox.clear()
    digest_send()
    assert mail.outbox == []


def test_unpublished_and_internal_updates_are_not_told(followed, organisation):
    idea, _people = followed
    measure = idea.measures.first()
    StatusUpdateFactory(measure=measure, state=StatusUpdate.State.SUBMITTED)
    measure.visibility = Visibility.INTERNAL
    measure.save()
    StatusUpdateFactory(measure=measure, approved_at=timezone.now())
    digest_send()
    assert mail.outbox == []


def test_a_failed_mail_is_retried_on_the_next_run(followed, office, unit, monkeypatch):
    idea, _people = followed
    services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=1)
    from django.core.mail import EmailMultiAlternatives

    original = EmailMultiAlternatives.send

    def failing(self, *args, **kwargs):
        if self.to == ["daily@example.fi"]:
            raise OSError("mail server down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", failing)
    result = digest_send()
    assert result.digests.failures == ["daily@example.fi"]
    monkeypatch.setattr(EmailMultiAlternatives, "send", original)
    mail.outbox.clear()
    digest_send()
    assert [m.to for m in mail.outbox] == [["daily@example.fi"]]
