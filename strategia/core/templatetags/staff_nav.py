"""``{% staff_bar %}``: the header of a signed-in person (``core/staff_bar.html``)."""

from django import template

from strategia.core.navigation import TOOLS, WORKSPACE, links_for

register = template.Library()


@register.inclusion_tag("core/staff_bar.html", takes_context=True)
def staff_bar(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    organisation = getattr(request, "organisation", None)
    if request is None or user is None or not user.is_authenticated:
        return {"show": False}
    links = links_for(user=user, organisation=organisation, path=request.path)
    return {
        "show": True,
        "user": user,
        "workspace_links": [link for link in links if link.group == WORKSPACE],
        "tool_links": [link for link in links if link.group == TOOLS],
        "csrf_token": context.get("csrf_token"),
    }
