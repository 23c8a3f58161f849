"""What the strategy editor says under each field: what to write and where it shows.

One place for the editor's guidance, by model and field name; a translated
field is named by its base name (``name``, not ``name_fi``) and its guidance
is shown once for its three languages. A field not named here keeps its
model's help text. The forms (``content_forms``) put it under the field, and
the input is described by it (``aria-describedby``).
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from strategia.indicators.models import Indicator, IndicatorGoal, IndicatorMeasure, Target
from strategia.organisations.models import Person, Unit
from strategia.strategy.models import Goal, Measure, Plan

SLUG = _(
    "Its address on the public site: lower-case letters, digits and hyphens. Set once, "
    "when it is added."
)
ORDER = _("Smaller numbers are listed first.")
VISIBILITY = _(
    "Public rows are shown on the public site and in the open API; internal ones only here."
)

GUIDANCE: dict[type[Model], dict[str, object]] = {
    Plan: {
        "kind": _("The city strategy, a programme, a policy or a wellbeing plan or report."),
        "slug": SLUG,
        "name": _("The plan's name as it was approved."),
        "summary": _("One or two sentences, shown in lists and at the top of the plan's page."),
        "description": _("The plan's content: background and main choices. Shown publicly."),
        "approving_body": _("The body that approved the plan, for example the city council."),
        "parent": _(
            "The plan this one carries out, for example the city strategy; empty for the "
            "strategy itself."
        ),
        "owner_unit": _("The unit that keeps the plan and reports on it."),
        "start_year": _("The first year the plan covers."),
        "end_year": _("The last year the plan covers; empty if it runs until further notice."),
        "decision_date": _("The date of the decision that approved the plan."),
        "document_url": _("The address of the approved document, if it is published."),
        "order": ORDER,
    },
    Goal: {
        "plan": _("The plan the goal belongs to."),
        "parent": _(
            "The goal this one details, in the same plan; empty for a goal at the top level."
        ),
        "kind": _("Mission and vision describe the plan; goals and sub-goals are followed."),
        "slug": SLUG,
        "name": _("Short, in the plan's own words."),
        "description": _("What reaching the goal means. Shown on the goal's public page."),
        "order": ORDER,
    },
    Measure: {
        "slug": SLUG,
        "name": _("What is done, as a short action, for example “Open a guidance centre”."),
        "description": _("What the measure includes, for whom, and how its success is seen."),
        "goals": _("The goals the measure serves; they may be in several plans."),
        "responsible_unit": _(
            "The unit that answers for the measure; its managers approve the status updates."
        ),
        "collaborating_units": _("Other units that take part."),
        "contact_persons": _("The people who write the measure's status update each period."),
        "start_date": _("When the measure starts."),
        "end_date": _("When the measure should be done; not before its start."),
        "cost_estimate": _("The estimated total cost in euros, if known."),
        "visibility": VISIBILITY,
        "order": ORDER,
    },
    Indicator: {
        "slug": SLUG,
        "name": _("What is measured, for example “Employment rate of 20–64-year-olds”."),
        "decimals": _("How many decimals its values are shown with."),
        "polarity": _(
            "Whether a rising value is good, bad or neither; the on-track judgement depends on it."
        ),
        "time_resolution": _("How often values come: by year, quarter, month or date."),
        "licence": _("The licence of the source's data, for example CC BY 4.0."),
        "responsible_unit": _("The unit that follows the indicator."),
        "contact_person": _("The person who enters its values by hand and answers questions."),
        "visibility": VISIBILITY,
        "order": ORDER,
    },
    Target: {
        "year": _("The year by which the value should be reached."),
        "value": _("The value aimed at, in the indicator's unit."),
        "note": _("Where the target comes from, for example the decision that set it."),
    },
    Unit: {
        "kind": _("Its level in the organisation: division, responsibility area or unit."),
        "slug": SLUG,
        "name": _("The unit's official name."),
        "parent": _("The unit this one belongs to; empty for a division."),
    },
    Person: {
        "first_name": _("As the person writes it."),
        "last_name": _("As the person writes it."),
        "title": _("The job title, shown with the name."),
        "email": _("Reminders and mail about status updates go to this address."),
        "unit": _("The unit the person works in."),
    },
    IndicatorGoal: {
        "goal": _("A goal whose reaching the indicator tells about."),
        "expected_effect": _(
            "Which way the goal should move the indicator's value; empty if it is not known."
        ),
    },
    IndicatorMeasure: {
        "measure": _("A measure expected to move the indicator."),
        "expected_effect": _(
            "Which way the measure should move the indicator's value; empty if it is not known."
        ),
    },
}


def guidance_for(model: type[Model], name: str) -> object:
    """The guidance of one field (a translated one by its base name), else its model's help."""
    text = GUIDANCE.get(model, {}).get(name)
    if text:
        return text
    try:
        return model._meta.get_field(name).help_text
    except FieldDoesNotExist:  # a form's own field (a goal's themes) keeps the form's help
        return ""
