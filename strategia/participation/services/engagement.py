"""Supports (one per account), comments (one reply level) and following."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed

from ..models import Comment, Follow, Idea, Support
from .common import CONTENT_KIND, active_participant, check_text

COMMENT_MAX = 2000


def _open_for_engagement(idea: Idea) -> None:
    if not idea.is_public:
        raise PermissionDenied(_("This idea is not public."))


def idea_support(*, user: User, idea: Idea) -> bool:
    """Support the idea; True if this was new (an account supports an idea once)."""
    active_participant(user)
    _open_for_engagement(idea)
    if idea.author_id == user.pk:
        raise ValidationError(_("You can't support your own idea."))
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
    except IntegrityError:
        return False
    content_changed(organisation_id=idea.organisation_id, kinds=[CONTENT_KIND])
    return True


def idea_unsupport(*, user: User, idea: Idea) -> bool:
    deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
    if deleted:
        content_changed(organisation_id=idea.organisation_id, kinds=[CONTENT_KIND])
    return bool(deleted)


def comment_add(*, user: User, idea: Idea, text: str, parent: Comment | None = None) -> Comment:
    """A comment on the idea, or a reply to a top-level comment (no deeper)."""
    active_participant(user)
    _open_for_engagement(idea)
    text = check_text("text", text, label=_("Comment"), max_length=COMMENT_MAX)
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError({"parent": _("Reply to a comment of this idea.")})
        if parent.parent_id is not None:
            # Replies to replies join the same thread, one level deep.
            parent = parent.parent
        if parent.is_hidden:
            raise ValidationError({"parent": _("That comment is hidden.")})
    comment = Comment.objects.create(idea=idea, author=user, text=text, parent=parent)
    content_changed(organisation_id=idea.organisation_id, kinds=[CONTENT_KIND])
    return comment


def idea_follow(*, user: User, idea: Idea) -> bool:
    """Follow the idea's news. Any verified resident may follow any public idea."""
    active_participant(user)
    if not idea.is_public and idea.author_id != user.pk:
        raise PermissionDenied(_("This idea is not public."))
    _follow, created = Follow.objects.get_or_create(idea=idea, user=user)
    return created


def idea_unfollow(*, user: User, idea: Idea) -> bool:
    deleted, _rows = Follow.objects.filter(idea=idea, user=user).delete()
    return bool(deleted)
