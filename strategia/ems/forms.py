"""Forms of the EMS pages other than the registers' own (see ``registers.py``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from strategia.monitoring.forms import VersionField

from .models import SignificanceCriterion


class SettingsForm(forms.Form):
    version = VersionField()
    policy = forms.ModelChoiceField(
        label=_("Environmental policy"),
        queryset=None,
        required=False,
        help_text=_("The plan whose goals, measures and indicators are the EMS programme."),
    )
    significance_threshold = forms.IntegerField(
        label=_("Significance threshold"),
        min_value=1,
        max_value=1000,
        help_text=_(
            "An aspect is significant when the weighted sum of its scores reaches this, "
            "or when a decisive criterion reaches its decisive score."
        ),
    )

    def __init__(self, *args, policies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies


class CriterionForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = SignificanceCriterion
        fields = ["name", "description", "max_score", "weight", "decisive_score", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.data:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        decisive, highest = cleaned.get("decisive_score"), cleaned.get("max_score")
        if decisive is not None and highest is not None and decisive > highest:
            self.add_error(
                "decisive_score", _("The decisive score can't be above the highest score.")
            )
        return cleaned


class ReportYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
