"""Stored XSS: a payload in every field residents (or staff) write is shown inert."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strategia.participation import services
from strategia.participation.models import AnswerKind, Initiator
from strategia.participation.text import render_markdown

from .factories import IdeaFactory, InitiativeFactory, ParticipantFactory

PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    "<svg onload=alert(1)>",
    '"><iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
]
FORBIDDEN_TAGS = {"script", "iframe", "style", "svg", "object", "embed", "img", "form"}


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _inert(html: str, *, allowed_forms: bool = False) -> None:
    """No element or attribute a payload could have added: no scripts, handlers or js: links."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        if tag == "form" and allowed_forms:
            continue
        values = dict(attrs)
        if tag == "script" and (values.get("src") or "").startswith("/static/"):
            # The site's own script files; a payload can't add an attribute-only tag
            # (everything it writes is escaped or cleaned), and inline scripts stay banned.
            continue
        if tag in FORBIDDEN_TAGS:
            # The site's own markup has none of these in the participation pages'
            # content; a sign-out form and the like are allowed by the caller.
            raise AssertionError(f"<{tag}> in page")
        for name, value in attrs:
            assert not name.lower().startswith("on"), f"{name} on <{tag}>"
            if name in ("href", "src", "action") and value:
                assert not value.strip().lower().startswith("javascript:"), value


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_rendering_leaves_nothing_executable(payload):
    _inert(str(render_markdown(payload)))


def test_links_are_kept_but_marked_untrusted():
    html = str(render_markdown("[Kemi](https://www.kemi.fi)"))
    assert 'href="https://www.kemi.fi"' in html and "nofollow" in html and "ugc" in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_user_field_is_inert_on_every_page(
    payload, organisation, moderator, office, unit, manager
):
    author = ParticipantFactory(organisation=organisation, display_name=payload[:60]).user
    idea = IdeaFactory(
        organisation=organisation,
        author=author,
        title=payload,
        text=f"Teksti {payload}",
        place=payload[:200],
        service=payload[:200],
    )
    commenter = ParticipantFactory(organisation=organisation, display_name=payload[:60]).user
    top = services.comment_add(user=commenter, idea=idea, text=payload)
    services.comment_add(user=author, idea=idea, text=payload, parent=top)
    services.content_report(user=commenter, target=idea, reason="spam", note=payload)
    services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=idea.version)
    idea.refresh_from_db()
    services.idea_answer_save(
        user=manager,
        idea=idea,
        data=services.AnswerData(kind=AnswerKind.NOT_TAKEN_FORWARD, text=payload, reasons=payload),
        publish=True,
    )
    hidden = IdeaFactory(organisation=organisation, author=author, title="Piilotettu")
    services.content_hide(user=moderator, target=hidden, reason=payload)
    initiative = InitiativeFactory(
        organisation=organisation, subject=payload, summary=payload, decision=payload, body=unit
    )
    Initiator.objects.create(initiative=initiative, name=payload[:200], show_name=True)

    anonymous = Client()
    pages = [
        anonymous.get(reverse("participation:idea_list")),
        anonymous.get(idea.get_absolute_url()),
        anonymous.get(reverse("participation:initiative_list")),
        anonymous.get(initiative.get_absolute_url()),
        anonymous.get(reverse("participation:figures")),
    ]
    own = Client()
    own.force_login(author)
    pages += [own.get(reverse("participation:account")), own.get(hidden.get_absolute_url())]
    staff = Client()
    staff.force_login(moderator)
    pages += [
        staff.get(reverse("participation_ws:moderation")),
        staff.get(reverse("participation_ws:queue")),
        staff.get(reverse("participation_ws:idea", kwargs={"pk": idea.pk})),
    ]
    for response in pages:
        assert response.status_code == 200, response.request["PATH_INFO"]
        _inert(response.content.decode(), allowed_forms=True)


def test_display_names_and_texts_in_mail_are_plain_text(organisation, resident, office, unit):
    from django.core import mail

    from strategia.participation.notifications import digest_send

    resident.participant.display_name = "<b>Maija</b>"
    resident.participant.save()
    idea = IdeaFactory(organisation=organisation, author=resident, title="<script>x</script>")
    services.idea_follow(user=resident, idea=idea)
    services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=idea.version)
    digest_send(now=timezone.now())
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
