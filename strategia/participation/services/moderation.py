"""Reports of content, automatic hiding, the moderators' decisions and blocked accounts.

A report counts once per reporter. When the open reports of one idea or
comment from different people reach ``PARTICIPATION_AUTO_HIDE_REPORTS``
(default 3) it is hidden at once and waits for a moderator, who hides it for
good with a reason the author sees, or shows it again. Everything a
moderator does is logged in ``ModerationEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed

from ..models import Comment, ContentReport, Idea, ModerationEvent, Participant, ReportReason
from .common import CONTENT_KIND, active_participant, require

Target = Idea | Comment


def _organisation_id(target: Target) -> int:
    return target.organisation_id if isinstance(target, Idea) else target.idea.organisation_id


def _target_kwargs(target: Target) -> dict:
    return {"idea": target} if isinstance(target, Idea) else {"comment": target}


def content_report(*, user: User, target: Target, reason: str, note: str = "") -> bool:
    """Report an idea or a comment; True if counted (each person reports a thing once)."""
    active_participant(user)
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Choose why you report this.")})
    note = " ".join((note or "").split())[:500]
    if getattr(target, "author_id", None) == user.pk:
        raise ValidationError(_("You can't report your own text."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                ContentReport.objects.create(
                    reporter=user, reason=reason, note=note, **_target_kwargs(target)
                )
        except IntegrityError:
            return False
        open_reports = (
            ContentReport.objects.filter(resolved_at__isnull=True, **_target_kwargs(target))
            .values("reporter")
            .distinct()
            .count()
        )
        if not target.is_hidden and open_reports >= settings.PARTICIPATION_AUTO_HIDE_REPORTS:
            model = type(target)
            model.objects.filter(pk=target.pk).update(
                is_hidden=True,
                awaits_review=True,
                hidden_at=timezone.now(),
                hidden_reason=_("Hidden after several reports, until a moderator has looked."),
            )
            target.refresh_from_db()
            ModerationEvent.objects.create(
                organisation_id=_organisation_id(target),
                action=ModerationEvent.Action.AUTO_HIDE,
                **_target_kwargs(target),
            )
            content_changed(organisation_id=_organisation_id(target), kinds=[CONTENT_KIND])
    return True


def _resolve_reports(target: Target) -> None:
    ContentReport.objects.filter(resolved_at__isnull=True, **_target_kwargs(target)).update(
        resolved_at=timezone.now()
    )


def content_hide(*, user: User, target: Target, reason: str) -> Target:
    """Hide a contribution; the reason is shown to its author."""
    organisation_id = _organisation_id(target)
    _require_moderator(user, target)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason; the author will see it.")})
    with transaction.atomic():
        target.is_hidden = True
        target.awaits_review = False
        target.hidden_reason = reason
        target.hidden_at = timezone.now()
        target.save(update_fields=["is_hidden", "awaits_review", "hidden_reason", "hidden_at"])
        _resolve_reports(target)
        ModerationEvent.objects.create(
            organisation_id=organisation_id,
            action=ModerationEvent.Action.HIDE,
            moderator=user,
            reason=reason,
            **_target_kwargs(target),
        )
    content_changed(organisation_id=organisation_id, kinds=[CONTENT_KIND])
    return target


def content_unhide(*, user: User, target: Target, reason: str = "") -> Target:
    """Show a hidden contribution again (the reports against it are closed)."""
    organisation_id = _organisation_id(target)
    _require_moderator(user, target)
    with transaction.atomic():
        target.is_hidden = False
        target.awaits_review = False
        target.hidden_reason = ""
        target.hidden_at = None
        target.save(update_fields=["is_hidden", "awaits_review", "hidden_reason", "hidden_at"])
        _resolve_reports(target)
        ModerationEvent.objects.create(
            organisation_id=organisation_id,
            action=ModerationEvent.Action.UNHIDE,
            moderator=user,
            reason=(reason or "").strip(),
            **_target_kwargs(target),
        )
    content_changed(organisation_id=organisation_id, kinds=[CONTENT_KIND])
    return target


def reports_dismiss(*, user: User, target: Target) -> None:
    """The reports were unfounded: close them and leave the contribution as it is."""
    _require_moderator(user, target)
    with transaction.atomic():
        _resolve_reports(target)
        ModerationEvent.objects.create(
            organisation_id=_organisation_id(target),
            action=ModerationEvent.Action.DISMISS,
            moderator=user,
            **_target_kwargs(target),
        )


def _require_moderator(user: User, target: Target) -> None:
    organisation = target.organisation if isinstance(target, Idea) else target.idea.organisation
    require(user, "participation.moderate", organisation)


def participant_block(*, user: User, participant: Participant, reason: str) -> Participant:
    """Stop an account from taking part; it can still sign in, download and delete its data."""
    require(user, "participation.moderate", participant.organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason; the person will see it.")})
    if participant.user_id == user.pk:
        raise PermissionDenied(_("You can't block yourself."))
    with transaction.atomic():
        participant.blocked_at = timezone.now()
        participant.blocked_reason = reason
        participant.save(update_fields=["blocked_at", "blocked_reason"])
        ModerationEvent.objects.create(
            organisation_id=participant.organisation_id,
            action=ModerationEvent.Action.BLOCK,
            participant=participant,
            moderator=user,
            reason=reason,
        )
    return participant


def participant_unblock(*, user: User, participant: Participant) -> Participant:
    require(user, "participation.moderate", participant.organisation)
    with transaction.atomic():
        participant.blocked_at = None
        participant.blocked_reason = ""
        participant.save(update_fields=["blocked_at", "blocked_reason"])
        ModerationEvent.objects.create(
            organisation_id=participant.organisation_id,
            action=ModerationEvent.Action.UNBLOCK,
            participant=participant,
            moderator=user,
        )
    return participant
