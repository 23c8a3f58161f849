"""A refused answer is shown with its errors, whether or not the form would be offered."""

from django.test import Client
from django.urls import reverse
from django.utils import translation

from strategia.participation.models import IdeaAnswer

from .factories import IdeaFactory


def test_an_answer_to_an_idea_without_a_unit_shows_why_it_was_refused(organisation, office):
    idea = IdeaFactory(organisation=organisation, unit=None)
    client = Client()
    client.force_login(office)
    url = reverse("participation_ws:idea", kwargs={"pk": idea.pk})
    text = "Penkkejä lisätään ensi kesänä."
    response = client.post(url, {"action": "publish", "kind": "taken_forward", "text": text})
    assert response.status_code == 200
    with translation.override("fi"):
        refused = str(translation.gettext("Assign the idea to a unit before answering it."))
    html = response.content.decode()
    assert response.context["answer_form"].non_field_errors() == [refused]
    # In the error summary at the top of the form, with the typed text kept.
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert refused in summary
    assert text in html
    assert not IdeaAnswer.objects.filter(idea=idea).exists()
