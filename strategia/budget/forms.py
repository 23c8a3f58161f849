"""Workspace forms for budget targets, operating plans and the import. Services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from strategia.indicators.models import Indicator
from strategia.monitoring.forms import VersionField
from strategia.strategy.models import Goal

from .models import Achievement, BudgetTarget
from .services import BudgetTargetData, OperatingPlanData, OperatingPlanLine


def _text(label, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def _euros(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=14, decimal_places=2, localize=True
    )


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.plan.name}: {obj.name}"


class BudgetTargetForm(forms.Form):
    version = VersionField()
    year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    identifier = forms.CharField(label=_("Identifier"), max_length=40)
    unit = forms.ModelChoiceField(label=_("Committee or unit"), queryset=None)
    binding = forms.BooleanField(label=_("Binding"), required=False, initial=True)
    text_fi = _text(_("Target (Finnish)"), required=True)
    text_sv = _text(_("Target (Swedish)"))
    text_en = _text(_("Target (English)"))
    goal = GoalChoiceField(label=_("Strategy goal"), required=False, queryset=None)
    indicator = forms.ModelChoiceField(label=_("Indicator"), required=False, queryset=None)
    target_value = forms.FloatField(label=_("Target value"), required=False, localize=True)
    appropriation_gross = _euros(_("Appropriation, gross (€)"))
    appropriation_net = _euros(_("Appropriation, net (€)"))
    outcome_fi = _text(_("Outcome (Finnish)"))
    outcome_net = _euros(_("Outcome, net (€)"))
    achieved = forms.ChoiceField(label=_("Achieved"), choices=Achievement.choices)
    explanation_fi = _text(_("Explanation (Finnish)"))

    def __init__(self, *args, organisation, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["goal"].queryset = Goal.objects.filter(
            plan__organisation=organisation
        ).select_related("plan")
        self.fields["indicator"].queryset = Indicator.objects.filter(organisation=organisation)

    @classmethod
    def initial_of(cls, target: BudgetTarget) -> dict:
        names = [name for name in cls.base_fields if name != "version"]
        initial = {name: getattr(target, name) for name in names}
        initial.update(
            version=target.version,
            unit=target.unit_id,
            goal=target.goal_id,
            indicator=target.indicator_id,
        )
        return initial

    def to_data(self) -> BudgetTargetData:
        values = {name: self.cleaned_data[name] for name in self.cleaned_data if name != "version"}
        for name in ("text_sv", "text_en", "outcome_fi", "explanation_fi"):
            values[name] = values.get(name) or ""
        return BudgetTargetData(**values)


class OperatingPlanForm(forms.Form):
    version = VersionField()
    description_fi = _text(_("Description (Finnish)"), rows=4)
    approved_by = forms.CharField(label=_("Approved by"), required=False, max_length=200)
    approval_date = forms.DateField(label=_("Approval date"), required=False)
    approval_paragraph = forms.CharField(
        label=_("Decision paragraph"), required=False, max_length=40
    )
    budget_targets = forms.ModelMultipleChoiceField(
        label=_("Budget targets"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, targets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_targets"].queryset = targets


class LineForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), required=False, queryset=None)
    resources_fi = forms.CharField(label=_("Resources"), required=False, max_length=2000)
    appropriation = _euros(_("Appropriation (€)"))

    def __init__(self, *args, measures, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures


LineFormSet = forms.formset_factory(LineForm, extra=3)


def operating_plan_data(form: OperatingPlanForm, lines) -> OperatingPlanData:
    data = form.cleaned_data
    return OperatingPlanData(
        description_fi=data.get("description_fi") or "",
        approved_by=data.get("approved_by") or "",
        approval_date=data.get("approval_date"),
        approval_paragraph=data.get("approval_paragraph") or "",
        budget_targets=list(data.get("budget_targets") or []),
        lines=[
            OperatingPlanLine(
                measure=line.cleaned_data["measure"],
                resources_fi=line.cleaned_data.get("resources_fi") or "",
                appropriation=line.cleaned_data.get("appropriation"),
            )
            for line in lines
            if line.cleaned_data.get("measure") is not None
        ],
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled template (CSV or XLSX)"),
        help_text=_("All rows are checked first; if any is wrong, nothing is saved."),
    )
