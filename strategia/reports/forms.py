"""The reports page's form: which report to prepare. The service does the checking and writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from strategia.monitoring.models import ReportingPeriod
from strategia.organisations.models import Organisation
from strategia.strategy.models import Plan

from .registry import report_kinds
from .services import validate_request

LANGUAGES = [("fi", "suomi"), ("sv", "svenska"), ("en", "English")]


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ReportingPeriod) -> str:
        return f"{obj.plan.name}: {obj.label}"


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"))
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("For the annual and wellbeing reports."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    period = PeriodChoiceField(
        label=_("Reporting period"),
        required=False,
        queryset=ReportingPeriod.objects.none(),
        help_text=_("For the interim report."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="fi")
    internal = forms.BooleanField(
        label=_("Include internal measures and indicators"),
        required=False,
        help_text=_("An internal report is for the council and staff; it is never published."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in report_kinds()]
        self.fields["plan"].queryset = Plan.objects.filter(organisation=organisation)
        self.fields["period"].queryset = (
            ReportingPeriod.objects.filter(plan__organisation=organisation)
            .select_related("plan")
            .order_by("-start_date", "plan__order", "kind")
        )

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            validate_request(
                organisation=self.organisation,
                kind=data["kind"],
                plan=data["plan"],
                year=data.get("year"),
                period=data.get("period"),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return data
