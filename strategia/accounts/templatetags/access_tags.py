"""Template questions about access, answered by the rules (``accounts/rules.py``)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def may_view_unfinished_work(context: template.Context, measure) -> bool:
    """Whether the signed-in user may read a measure's work in progress (and its risks)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.has_perm("monitoring.view_unfinished_work", measure))
