"""Staff actions that mail an idea's followers are limited per user (STAFF_NOTICE_RATE)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from strategia.accounts import limits
from strategia.participation.models import IdeaAnswer, IdeaState

from .factories import IdeaFactory

ANSWER = "Penkit lisätään kesällä."


def _answer(client, idea):
    return client.post(
        reverse("participation_ws:idea", kwargs={"pk": idea.pk}),
        {
            "action": "publish",
            "kind": "not_taken_forward",
            "text": ANSWER,
            "reasons": "Ei rahaa.",
            "measures": [],
            "decide_by": "",
            "draft_version": "",
        },
    )


@pytest.mark.django_db
def test_answers_beyond_the_staff_notice_rate_are_refused_on_the_form_with_the_text_kept(
    settings, organisation, unit, office, resident, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTICE_RATE = "2/h"
    ideas = [
        IdeaFactory(
            organisation=organisation,
            author=resident,
            unit=unit,
            state=IdeaState.UNDER_CONSIDERATION,
        )
        for _ in range(3)
    ]
    client = Client()
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        first = _answer(client, ideas[0])
        assert first.status_code == 302
        assert _answer(client, ideas[1]).status_code == 302
        refused = _answer(client, ideas[2])
    assert refused.status_code == 200
    page = refused.content.decode()
    with translation.override("fi"):
        assert escape(str(limits.STAFF_NOTICE_REFUSED)) in page
    assert ANSWER in page  # what was typed is on the form again
    ideas[2].refresh_from_db()
    assert ideas[2].state == IdeaState.UNDER_CONSIDERATION
    assert not IdeaAnswer.objects.filter(idea=ideas[2]).exists()
    assert IdeaAnswer.objects.filter(idea__in=ideas[:2]).count() == 2


@pytest.mark.django_db
def test_invalid_answers_and_assignments_use_none_of_the_staff_notice_rate(
    settings, organisation, unit, office, resident, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTICE_RATE = "2/h"
    idea = IdeaFactory(
        organisation=organisation, author=resident, unit=unit, state=IdeaState.UNDER_CONSIDERATION
    )
    url = reverse("participation_ws:idea", kwargs={"pk": idea.pk})
    client = Client()
    client.force_login(office)
    empty_answer = {"action": "publish", "kind": "not_taken_forward", "text": "", "measures": []}
    no_unit = {"action": "assign", "unit": "", "version": str(idea.version)}
    for data in (empty_answer, no_unit, empty_answer, no_unit):
        refused = client.post(url, data)
        assert refused.status_code == 200  # the form again, with its errors
        with translation.override("fi"):
            assert escape(str(limits.STAFF_NOTICE_REFUSED)) not in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assigned = client.post(url, {**no_unit, "unit": str(unit.pk)})
        assert assigned.status_code == 302
        assert _answer(client, idea).status_code == 302
    assert IdeaAnswer.objects.filter(idea=idea, published_at__isnull=False).count() == 1
    # The two valid ones used the rate up.
    with translation.override("fi"):
        page = _answer(client, idea).content.decode()
        assert escape(str(limits.STAFF_NOTICE_REFUSED)) in page
