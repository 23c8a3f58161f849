"""Guidance under every field of the strategy editor and the status update form,
tied to its input by aria-describedby, in Finnish, Swedish and English."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from strategia.indicators.tests.factories import IndicatorFactory
from strategia.monitoring import forms as monitoring_forms
from strategia.monitoring.content_guidance import GUIDANCE
from strategia.monitoring.content_views import EDITORS


class _Controls(HTMLParser):
    """The inputs of a page's posted forms, each with the ids that describe it, and
    the text of every element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str, list[str]]] = []
        self.texts: dict[str, str] = {}
        self._in_post_form = False
        self._fieldsets: list[list[str]] = []
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self._in_post_form = (attrs.get("method") or "").lower() == "post"
        if tag == "fieldset":
            self._fieldsets.append((attrs.get("aria-describedby") or "").split())
        control = tag in ("input", "select", "textarea") and self._in_post_form
        if control and attrs.get("type") not in ("hidden", "submit"):
            own = (attrs.get("aria-describedby") or "").split()
            group = self._fieldsets[-1] if self._fieldsets else []
            # A box of a group is described by the group's fieldset.
            self.controls.append((attrs.get("name"), own or group))
        if tag not in ("input", "br", "img", "meta", "link"):
            self._open.append((tag, attrs.get("id")))
            if attrs.get("id"):
                self.texts.setdefault(attrs["id"], "")

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._in_post_form = False
        if tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        while self._open:
            opened, _id = self._open.pop()
            if opened == tag:
                break

    def handle_data(self, data) -> None:
        for _tag, element_id in self._open:
            if element_id:
                self.texts[element_id] += data


def _undescribed(html: str) -> list[str]:
    """The names of inputs with no guidance read with them."""
    page = _Controls()
    page.feed(html)
    assert page.controls, "no form on the page"
    return [
        name
        for name, ids in page.controls
        if not ids
        or not any(page.texts.get(id_, "").strip() for id_ in ids)
        or any(id_ not in page.texts for id_ in ids)
    ]


@pytest.mark.parametrize("kind", sorted(EDITORS))
def test_every_field_of_the_editor_has_guidance_its_input_is_described_by(world, kind):
    client = world.client_for(world.office)
    page = client.get(reverse("monitoring:content_add", kwargs={"kind": kind}))
    assert _undescribed(page.content.decode()) == []


def test_the_indicator_page_with_targets_and_links_has_guidance_everywhere(world):
    indicator = IndicatorFactory(organisation=world.organisation)
    client = world.client_for(world.office)
    page = client.get(
        reverse("monitoring:content_edit", kwargs={"kind": "mittarit", "pk": indicator.pk})
    )
    html = page.content.decode()
    assert 'name="goal-link-goal"' in html and 'name="year"' in html
    assert _undescribed(html) == []
    # A translated field's guidance stands once, for its three languages.
    assert html.count('id="id_name_helptext"') == 1
    swedish_input = html.split('name="name_sv"')[1].split(">")[0]
    assert 'aria-describedby="id_name_helptext"' in swedish_input


def test_the_status_update_form_has_guidance_under_every_field(world):
    measure = world.add_measure()
    period = world.period()
    url = reverse(
        "monitoring:update_edit", kwargs={"measure_pk": measure.pk, "period_pk": period.pk}
    )
    page = world.client_for(world.contact).get(url)
    assert _undescribed(page.content.decode()) == []


def _guidance_texts() -> list:
    texts = [text for fields in GUIDANCE.values() for text in fields.values()]
    texts += [field.help_text for field in monitoring_forms.StatusUpdateForm.base_fields.values()]
    return [text for text in texts if text]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_guidance_is_translated(language):
    untranslated = []
    for text in _guidance_texts():
        with translation.override("en"):
            english = str(text)
        with translation.override(language):
            if str(text) == english:
                untranslated.append(english)
    assert untranslated == []
