"""Reports, automatic hiding, the moderator's decisions, blocking; rate limits and the honeypot."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from strategia.accounts.models import User
from strategia.participation import services
from strategia.participation.models import Comment, ContentReport, Idea, ModerationEvent

from .factories import CommentFactory, IdeaFactory, ParticipantFactory


def _reporters(organisation, count):
    return [ParticipantFactory(organisation=organisation).user for _ in range(count)]


def test_a_report_counts_once_per_person_and_never_for_ones_own(resident, organisation):
    idea = IdeaFactory(organisation=organisation)
    assert services.content_report(user=resident, target=idea, reason="spam") is True
    assert services.content_report(user=resident, target=idea, reason="offensive") is False
    assert ContentReport.objects.count() == 1
    own = IdeaFactory(organisation=organisation, author=resident)
    with pytest.raises(ValidationError):
        services.content_report(user=resident, target=own, reason="spam")
    with pytest.raises(ValidationError):
        services.content_report(user=resident, target=idea, reason="boring")


def test_the_third_report_hides_it_pending_review(organisation, settings):
    assert settings.PARTICIPATION_AUTO_HIDE_REPORTS == 3
    idea = IdeaFactory(organisation=organisation, title="Mainos")
    first, second, third = _reporters(organisation, 3)
    services.content_report(user=first, target=idea, reason="spam")
    services.content_report(user=second, target=idea, reason="spam")
    idea.refresh_from_db()
    assert not idea.is_hidden
    services.content_report(user=third, target=idea, reason="off_topic")
    idea.refresh_from_db()
    assert idea.is_hidden and idea.awaits_review
    assert ModerationEvent.objects.filter(idea=idea, action="auto_hide").exists()
    assert Client().get(idea.get_absolute_url()).status_code == 404
    assert "Mainos" not in Client().get(reverse("participation:idea_list")).content.decode()


def test_the_threshold_is_a_setting(organisation, settings):
    settings.PARTICIPATION_AUTO_HIDE_REPORTS = 1
    comment = CommentFactory(idea=IdeaFactory(organisation=organisation))
    services.content_report(user=_reporters(organisation, 1)[0], target=comment, reason="offensive")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.awaits_review


def test_moderator_hides_with_a_reason_the_author_sees(organisation, moderator, resident):
    idea = IdeaFactory(organisation=organisation, author=resident, title="Oma idea")
    with pytest.raises(ValidationError):
        services.content_hide(user=moderator, target=idea, reason=" ")
    with pytest.raises(PermissionDenied):
        services.content_hide(user=resident, target=idea, reason="Ei")
    services.content_hide(user=moderator, target=idea, reason="Sisältää henkilötietoja.")
    anonymous = Client().get(idea.get_absolute_url())
    assert anonymous.status_code == 404
    author = Client()
    author.force_login(resident)
    page = author.get(idea.get_absolute_url()).content.decode()
    assert "Sisältää henkilötietoja." in page
    services.content_unhide(user=moderator, target=idea)
    assert Client().get(idea.get_absolute_url()).status_code == 200


def test_a_hidden_comment_keeps_its_place_without_its_text(organisation, moderator):
    comment = CommentFactory(idea=IdeaFactory(organisation=organisation), text="Loukkaava teksti")
    services.content_hide(user=moderator, target=comment, reason="Asiaton.")
    page = Client().get(comment.idea.get_absolute_url()).content.decode()
    assert "Loukkaava teksti" not in page
    assert "piilottanut" in page or "hidden by a moderator" in page


def test_the_moderation_queue_lists_and_decides_over_http(organisation, moderator):
    idea = IdeaFactory(organisation=organisation, title="Raportoitu idea")
    reporter = _reporters(organisation, 1)[0]
    services.content_report(user=reporter, target=idea, reason="spam")
    client = Client()
    client.force_login(moderator)
    page = client.get(reverse("participation_ws:moderation")).content.decode()
    assert "Raportoitu idea" in page
    response = client.post(
        reverse("participation_ws:moderate", kwargs={"kind": "idea", "pk": idea.pk}),
        {"action": "hide", "reason": "Mainos."},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.is_hidden and idea.hidden_reason == "Mainos."
    assert not ContentReport.objects.filter(resolved_at__isnull=True).exists()


def test_a_blocked_account_takes_no_part_but_sees_why(organisation, moderator, resident):
    participant = resident.participant
    services.participant_block(user=moderator, participant=participant, reason="Toistuva häirintä.")
    idea = IdeaFactory(organisation=organisation)
    for action in (
        lambda: services.idea_support(user=resident, idea=idea),
        lambda: services.comment_add(user=resident, idea=idea, text="Hei"),
        lambda: services.content_report(user=resident, target=idea, reason="spam"),
    ):
        with pytest.raises(PermissionDenied):
            action()
    client = Client()
    client.force_login(resident)
    assert "Toistuva häirintä." in client.get(reverse("participation:account")).content.decode()
    services.participant_unblock(user=moderator, participant=participant)
    assert services.idea_support(user=resident, idea=idea)


def test_supports_are_one_per_account(resident, other_resident, organisation):
    idea = IdeaFactory(organisation=organisation, author=other_resident)
    assert services.idea_support(user=resident, idea=idea) is True
    assert services.idea_support(user=resident, idea=idea) is False
    assert idea.supports.count() == 1
    with pytest.raises(ValidationError):
        services.idea_support(user=other_resident, idea=idea)


def test_replies_are_one_level_deep(resident, organisation):
    idea = IdeaFactory(organisation=organisation)
    top = services.comment_add(user=resident, idea=idea, text="Ylin")
    reply = services.comment_add(user=resident, idea=idea, text="Vastaus", parent=top)
    deeper = services.comment_add(user=resident, idea=idea, text="Syvempi", parent=reply)
    assert reply.parent == top and deeper.parent == top
    other = services.comment_add(
        user=resident, idea=IdeaFactory(organisation=organisation), text="x"
    )
    with pytest.raises(ValidationError):
        services.comment_add(user=resident, idea=idea, text="Väärä", parent=other)


# --- Rate limits and bots --------------------------------------------------------------


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_submitting_is_rate_limited_per_account(resident, organisation, settings):
    settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, "submit": "2/h"}
    client = _signed_in(resident)
    statuses = [
        client.post(
            reverse("participation:idea_new"),
            {"title": f"Aihe {n} ainutlaatuinen", "text": "Teksti", "confirmed": "1"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Idea.objects.count() == 2


def test_commenting_is_rate_limited_per_address_across_accounts(organisation, settings):
    settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, "comment": "2/h"}
    idea = IdeaFactory(organisation=organisation)
    url = reverse("participation:comment_add", kwargs={"pk": idea.pk})
    for n in range(3):
        _signed_in(ParticipantFactory(organisation=organisation).user).post(
            url, {"text": f"Kommentti {n}"}, REMOTE_ADDR="192.0.2.7"
        )
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("action", "url_name"),
    [("support", "idea_support"), ("report", "report")],
)
def test_supporting_and_reporting_are_rate_limited(
    organisation, settings, action, url_name, resident
):
    settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, action: "1/h"}
    client = _signed_in(resident)
    ideas = [IdeaFactory(organisation=organisation) for _ in range(2)]
    for idea in ideas:
        client.post(
            reverse(f"participation:{url_name}", kwargs={"pk": idea.pk}), {"reason": "spam"}
        )
    model = ContentReport if action == "report" else ideas[0].supports.model
    assert model.objects.count() == 1


def test_registering_is_rate_limited_per_address(organisation, settings):
    settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, "register": "1/h"}
    client = Client()
    data = {"display_name": "A", "password": "pitkä-ja-hyvä-salasana-2026", "accept": "on"}
    first = client.post(reverse("participation:register"), {**data, "email": "a@example.fi"})
    second = client.post(reverse("participation:register"), {**data, "email": "b@example.fi"})
    assert (first.status_code, second.status_code) == (302, 429)


def _register_from(address: str, email: str):
    data = {"display_name": "A", "password": "pitkä-ja-hyvä-salasana-2026", "accept": "on"}
    return Client().post(
        reverse("participation:register"), {**data, "email": email}, REMOTE_ADDR=address
    )


def _page_without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_registering_is_rate_limited_per_email_address_across_clients(
    organisation, settings, django_capture_on_commit_callbacks
):
    settings.PARTICIPATION_RATE_REGISTER_EMAIL = "2/h"
    ParticipantFactory(organisation=organisation, user__email="tunnettu@example.fi")
    refusals = {}
    for email in ("tunnettu@example.fi", "uusi@example.fi"):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            statuses = [
                _register_from(f"192.0.2.{n}", spelling).status_code
                for n, spelling in enumerate([email, email.upper(), f" {email} "])
            ]
            refusals[email] = _register_from("192.0.2.99", email)
        # The address's own counter, however it is spelt and from whichever client.
        assert statuses == [302, 302, 429], (email, statuses)
        assert refusals[email].status_code == 429
        assert len(mail.outbox) == 2, email
    # Refused the same way whether or not the address has an account.
    known, unknown = (_page_without_token(r) for r in refusals.values())
    assert known == unknown.replace("uusi@example.fi", "tunnettu@example.fi")
    assert User.objects.filter(email="uusi@example.fi").count() == 1
    # Another address from the same clients is not held back.
    assert _register_from("192.0.2.1", "kolmas@example.fi").status_code == 302


def test_a_weak_password_is_refused_alike_for_a_known_and_an_unknown_address(organisation):
    ParticipantFactory(organisation=organisation, user__email="tunnettu@example.fi")
    data = {"display_name": "A", "password": "123", "accept": "on"}
    pages = []
    for email in ("tunnettu@example.fi", "uusi@example.fi"):
        response = Client().post(reverse("participation:register"), {**data, "email": email})
        assert response.status_code == 200, email
        pages.append(_page_without_token(response).replace(email, "@"))
    assert pages[0] == pages[1]
    assert not User.objects.filter(email="uusi@example.fi").exists()


def test_the_honeypot_quietly_drops_what_a_bot_fills(resident, organisation):
    client = _signed_in(resident)
    response = client.post(
        reverse("participation:idea_new"),
        {"title": "Botti", "text": "Osta nyt", "confirmed": "1", "website": "http://spam"},
    )
    assert response.status_code == 302
    assert not Idea.objects.exists()
    response = Client().post(
        reverse("participation:register"),
        {
            "email": "botti@example.fi",
            "display_name": "B",
            "password": "pitkä-ja-hyvä-salasana-2026",
            "accept": "on",
            "website": "x",
        },
    )
    assert response.status_code == 302
    from strategia.accounts.models import User

    assert not User.objects.filter(email="botti@example.fi").exists()


def test_too_many_links_in_a_comment_are_refused_with_a_message(resident, organisation):
    idea = IdeaFactory(organisation=organisation)
    response = _signed_in(resident).post(
        reverse("participation:comment_add", kwargs={"pk": idea.pk}),
        {"text": " ".join(f"https://spam{n}.example" for n in range(4))},
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()
