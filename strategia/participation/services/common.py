"""What every participation write checks first."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from strategia.accounts.models import User

from ..models import Participant
from ..text import link_count

CONTENT_KIND = "participation"


def require(user: User, permission: str, obj: object) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(permission)


def active_participant(user: User | None) -> Participant:
    """The resident profile of a signed-in, verified and unblocked person, else refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to take part."))
    participant = Participant.objects.filter(user=user).first()
    if participant is None:
        raise PermissionDenied(_("Only residents' accounts take part; register one first."))
    if not participant.is_verified:
        raise PermissionDenied(_("Verify your e-mail address first: see the link we sent."))
    if participant.is_blocked:
        raise PermissionDenied(_("Your account has been blocked from taking part."))
    return participant


def check_text(field: str, text: str, *, label: str, max_length: int) -> str:
    """The text trimmed; a clear error naming the field when empty, too long or full of links."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("%(field)s is required.") % {"field": label}})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("%(field)s can be at most %(max)s characters (now %(now)s).")
                % {"field": label, "max": max_length, "now": len(text)}
            }
        )
    limit = settings.PARTICIPATION_MAX_LINKS
    if link_count(text) > limit:
        raise ValidationError(
            {
                field: ngettext(
                    "At most %(limit)s web address is allowed in one text.",
                    "At most %(limit)s web addresses are allowed in one text.",
                    limit,
                )
                % {"limit": limit}
            }
        )
    return text
