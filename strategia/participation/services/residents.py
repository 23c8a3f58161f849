"""Residents' accounts: registration with a verified address, profile, mail choice."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from strategia.accounts.models import RoleAssignment, User
from strategia.core.invalidation import content_changed
from strategia.organisations.models import Organisation

from ..models import Participant
from .common import CONTENT_KIND

VERIFY_SALT = "strategia.participation.verify"
DISPLAY_NAME_MAX = 60


def _absolute(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


def verification_token(participant: Participant) -> str:
    # The address is signed too: a token stops working if the address changes.
    return signing.dumps(
        {"u": participant.user_id, "e": participant.user.email}, salt=VERIFY_SALT, compress=True
    )


def _check_display_name(display_name: str) -> str:
    name = " ".join((display_name or "").split())
    if not name:
        raise ValidationError({"display_name": _("A display name is required.")})
    if len(name) > DISPLAY_NAME_MAX:
        raise ValidationError(
            {
                "display_name": _("The display name can be at most %(max)s characters.")
                % {"max": DISPLAY_NAME_MAX}
            }
        )
    if "@" in name:
        raise ValidationError(
            {"display_name": _("Don't use an e-mail address as your display name.")}
        )
    return name


def _send(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    mail.attach_alternative(html, "text/html")
    mail.send()


def verification_mail_send(participant: Participant) -> None:
    language = participant.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("participation:verify", kwargs={"token": verification_token(participant)})
    _send(
        to=participant.user.email,
        language=language,
        template="participation/mail/verify",
        context={
            "participant": participant,
            "url": _absolute(path),
            "hours": settings.PARTICIPATION_VERIFY_LINK_HOURS,
        },
    )


def participant_register(
    *,
    organisation: Organisation,
    email: str,
    display_name: str,
    password: str,
    language: str = "fi",
) -> Participant | None:
    """A new resident account, inactive until the e-mailed link is followed.

    When the address already has an account nothing is created and that
    address is told so by mail instead; the page says the same in both cases,
    so the form can't be used to find out who has an account.
    """
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    name = _check_display_name(display_name)
    languages = {code for code, _name in settings.LANGUAGES}
    language = language if language in languages else settings.LANGUAGE_CODE
    # The password is checked first: a weak one is refused for a known address too.
    candidate = User(email=email, full_name="", preferred_language=language)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        transaction.on_commit(
            lambda: _send(
                to=existing.email,
                language=existing.preferred_language or language,
                template="participation/mail/already_registered",
                context={
                    "sign_in_url": _absolute(reverse("accounts:login")),
                    "reset_url": _absolute(reverse("accounts:password_reset")),
                },
            )
        )
        return None
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, preferred_language=language, is_active=False
        )
        participant = Participant.objects.create(
            user=user, organisation=organisation, display_name=name
        )
    transaction.on_commit(lambda: verification_mail_send(participant))
    return participant


def participant_verify(*, token: str) -> Participant:
    """Follow the e-mailed link: the address is verified and the account opens."""
    max_age = datetime.timedelta(hours=settings.PARTICIPATION_VERIFY_LINK_HOURS)
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(_("The link has expired. Register again to get a new one.")) from None
    except signing.BadSignature:
        raise ValidationError(_("The link is not valid. Copy it whole from the mail.")) from None
    participant = Participant.objects.select_related("user").filter(user_id=data.get("u")).first()
    if participant is None or participant.user.email != data.get("e"):
        raise ValidationError(_("The link is not valid. Copy it whole from the mail."))
    if participant.email_verified_at is None:
        with transaction.atomic():
            participant.email_verified_at = timezone.now()
            participant.save(update_fields=["email_verified_at"])
            participant.user.is_active = True
            participant.user.save(update_fields=["is_active"])
    return participant


def participant_update(
    *, user: User, display_name: str, delivery: str, language: str | None = None
) -> Participant:
    participant = Participant.objects.select_related("user").filter(user=user).first()
    if participant is None:
        raise PermissionDenied
    name = _check_display_name(display_name)
    if delivery not in Participant.Delivery.values:
        raise ValidationError({"delivery": _("Choose how news is mailed.")})
    renamed = name != participant.display_name
    with transaction.atomic():
        participant.display_name = name
        participant.delivery = delivery
        participant.save(update_fields=["display_name", "delivery"])
        languages = {code for code, _name in settings.LANGUAGES}
        if language in languages and language != user.preferred_language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
        if renamed:
            # The display name signs the resident's ideas and comments on the public pages.
            content_changed(organisation_id=participant.organisation_id, kinds=[CONTENT_KIND])
    return participant


def unverified_participants_remove(*, now: datetime.datetime | None = None) -> int:
    """Remove resident accounts never verified within ``PARTICIPATION_UNVERIFIED_DAYS``."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PARTICIPATION_UNVERIFIED_DAYS)
    staff = RoleAssignment.objects.values("user_id")
    users = User.objects.filter(
        participant__email_verified_at__isnull=True,
        participant__created_at__lt=cutoff,
        is_active=False,
        is_staff=False,
        is_superuser=False,
    ).exclude(pk__in=staff)
    count = users.count()
    with transaction.atomic():
        users.delete()
    return count
