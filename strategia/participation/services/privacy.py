"""A resident's own data: everything about them as JSON, and erasing their account.

Deleting an account erases the person — the user row, the profile, their
follows and pending notices — and keeps their contributions: ideas and
comments stay, shown under "deleted user"; supports stay without a person so
counts remain true; reports they made stay without a reporter.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strategia.accounts.models import RoleAssignment, User
from strategia.core.invalidation import content_changed

from ..models import (
    Comment,
    ContentReport,
    Follow,
    Idea,
    IdeaNotice,
    ModerationEvent,
    Participant,
    Support,
)
from .common import CONTENT_KIND


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def participant_export(*, user: User) -> dict:
    """Everything the service holds about the person, as plain JSON-ready data."""
    participant = Participant.objects.filter(user=user).select_related("organisation").first()
    ideas = Idea.objects.filter(author=user).prefetch_related("goals").order_by("pk")
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "preferred_language": user.preferred_language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_active": user.is_active,
        },
        "participant": participant
        and {
            "organisation": participant.organisation.name,
            "display_name": participant.display_name,
            "email_verified_at": _iso(participant.email_verified_at),
            "delivery": participant.delivery,
            "last_digest_at": _iso(participant.last_digest_at),
            "blocked_at": _iso(participant.blocked_at),
            "blocked_reason": participant.blocked_reason,
            "created_at": _iso(participant.created_at),
        },
        "ideas": [
            {
                "id": idea.pk,
                "title": idea.title,
                "text": idea.text,
                "place": idea.place,
                "service": idea.service,
                "goals": [goal.name for goal in idea.goals.all()],
                "state": idea.state,
                "submitted_at": _iso(idea.created_at),
                "published_at": _iso(idea.published_at),
                "hidden": idea.is_hidden,
                "hidden_reason": idea.hidden_reason,
            }
            for idea in ideas
        ],
        "comments": [
            {
                "id": comment.pk,
                "idea": comment.idea_id,
                "reply_to": comment.parent_id,
                "text": comment.text,
                "created_at": _iso(comment.created_at),
                "hidden": comment.is_hidden,
                "hidden_reason": comment.hidden_reason,
            }
            for comment in Comment.objects.filter(author=user).order_by("pk")
        ],
        "supports": [
            {"idea": s.idea_id, "created_at": _iso(s.created_at)}
            for s in Support.objects.filter(user=user).order_by("pk")
        ],
        "follows": [
            {"idea": f.idea_id, "created_at": _iso(f.created_at)}
            for f in Follow.objects.filter(user=user).order_by("pk")
        ],
        "reports_made": [
            {
                "idea": r.idea_id,
                "comment": r.comment_id,
                "reason": r.reason,
                "note": r.note,
                "created_at": _iso(r.created_at),
            }
            for r in ContentReport.objects.filter(reporter=user).order_by("pk")
        ],
        "notices": [
            {
                "idea": n.idea_id,
                "event": n.event,
                "created_at": _iso(n.created_at),
                "sent_at": _iso(n.sent_at),
            }
            for n in IdeaNotice.objects.filter(user=user).order_by("pk")
        ],
        "moderation": [
            {"action": e.action, "reason": e.reason, "at": _iso(e.created_at)}
            for e in ModerationEvent.objects.filter(participant__user=user).order_by("pk")
        ],
    }


def participant_delete(*, user: User) -> None:
    """Erase the person and keep what they wrote, under "deleted user"."""
    if user.is_staff or user.is_superuser or RoleAssignment.objects.filter(user=user).exists():
        raise PermissionDenied(_("Staff accounts are removed by an administrator."))
    organisation_ids = set(
        Idea.objects.filter(author=user).values_list("organisation_id", flat=True)
    ) | set(Comment.objects.filter(author=user).values_list("idea__organisation_id", flat=True))
    with transaction.atomic():
        # Moderation events about the person name them; the events about
        # their ideas and comments stay.
        ModerationEvent.objects.filter(participant__user=user).update(participant=None)
        user.delete()
    for organisation_id in organisation_ids:
        content_changed(organisation_id=organisation_id, kinds=[CONTENT_KIND])
