from django import template

from .. import selectors

register = template.Library()


@register.filter
def bound(form, name: str):
    """``form|bound:"title_fi"``: the bound field of that name (for loops over field names)."""
    return form[name]


@register.inclusion_tag("assessments/public/goal_decisions.html")
def goal_decisions(goal):
    """The decisions whose published assessment advances or works against the goal."""
    links = selectors.decisions_for_goal(goal=goal)
    return {
        "advancing": [link.assessment.decision for link in links if link.relation == "advances"],
        "against": [link.assessment.decision for link in links if link.relation == "works_against"],
    }
