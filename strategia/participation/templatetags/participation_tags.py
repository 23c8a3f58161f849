"""Template helpers of participation: residents' Markdown, author names, the My work block."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .. import selectors
from ..text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """A resident's text as sanitised HTML (limited Markdown, nh3)."""
    return render_markdown(text)


@register.filter
def author_name(user) -> str:
    """The display name only (never the e-mail address); "deleted user" once erased."""
    if user is None:
        return _("deleted user")
    participant = getattr(user, "participant", None)
    if participant is not None:
        return participant.display_name
    return _("City staff")


@register.inclusion_tag("participation/workspace/includes/my_work.html", takes_context=True)
def participation_my_work(context) -> dict:
    """Ideas the user answers that are late or due, and what waits for moderators."""
    request = context.get("request")
    organisation = getattr(request, "organisation", None)
    if request is None or organisation is None:
        return {"may_view": False}
    user = request.user
    may_view = user.has_perm("participation.view_ideas", organisation)
    may_moderate = user.has_perm("participation.moderate", organisation)
    if not (may_view or may_moderate):
        return {"may_view": False}
    work = selectors.my_idea_work(user=user, organisation=organisation, today=timezone.localdate())
    return {
        "may_view": True,
        "late": work["late"],
        "due": work["due"],
        "to_moderate": selectors.moderation_count(organisation=organisation) if may_moderate else 0,
    }
