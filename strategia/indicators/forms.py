from django import forms
from django.utils.translation import gettext_lazy as _

from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Plan

from .judgement import STATUS_LABELS
from .models import Source


class IndicatorFilterForm(forms.Form):
    """The filters of the indicator list; every field optional, GET."""

    goal = forms.ModelChoiceField(
        label=_("Goal"), queryset=Goal.objects.none(), required=False, empty_label=_("All")
    )
    plan = forms.ChoiceField(label=_("Programme or plan"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = (
            Goal.objects.filter(plan__organisation=organisation, indicator_links__isnull=False)
            .select_related("plan")
            .distinct()
            .order_by("plan__order", "order", "pk")
        )
        self.fields["goal"].label_from_instance = lambda goal: f"{goal.name} ({goal.plan.name})"
        plans = Plan.objects.filter(organisation=organisation).order_by("order", "name")
        self.fields["plan"].choices = [("", _("All"))] + [(p.slug, p.name) for p in plans]
        self.fields["source"].choices = [("", _("All")), *Source.choices]
        self.fields["status"].choices = [("", _("All"))] + [
            (status.value, label) for status, label in STATUS_LABELS.items()
        ]
