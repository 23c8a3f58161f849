"""Forms of the workspace. They validate input; the services do the writing.

Every editing form carries ``version``: the version of the object when the
form was loaded, which the service compares with the saved one.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strategia.core.validation import id_or_none
from strategia.strategy.models import MeasureStatus
from strategia.strategy.services import MeasureData

from .models import MailPreference, PlanMonitoring, Rhythm
from .services import StatusUpdateData

# What a contact person can say of a measure's state in an update; the
# traffic light in the form, closed states for the measure's last update.
STATUS_CHOICES = [
    (MeasureStatus.ON_TRACK, _("On track")),
    (MeasureStatus.DELAYED, _("Delayed")),
    (MeasureStatus.AT_RISK, _("At risk")),
    (MeasureStatus.NOT_STARTED, _("Not started")),
    (MeasureStatus.COMPLETED, _("Completed")),
    (MeasureStatus.CANCELLED, _("Cancelled")),
]


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


def _text(
    label: str, *, required: bool = False, rows: int = 4, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


# Guidance shown under each field of a status update, in the writer's terms.
STATUS_HELP = _(
    "On track: the measure proceeds as planned. Delayed: behind schedule but it will be "
    "done. At risk: it may not be done without a decision or more resources. Completed "
    "and cancelled end the measure's reporting."
)
PROGRESS_HELP = _(
    "How much of the whole measure is done, as a whole number from 0 to 100. Leave empty "
    "if a percentage says nothing about this measure."
)
DONE_HELP = _(
    "What was done during this period, in plain words a resident understands: "
    "decisions, events, numbers. Shown on the public page once published."
)
NEXT_HELP = _("What happens next and by when.")
RISKS_HELP = _("What could stop or delay the measure, and what is done about it.")
SWEDISH_HELP = _("Optional. Shown on the Swedish pages; where empty, the Finnish text is shown.")
ENGLISH_HELP = _("Optional. Shown on the English pages; where empty, the Finnish text is shown.")


class StatusUpdateForm(forms.Form):
    version = VersionField()
    status = forms.ChoiceField(
        label=pgettext_lazy("traffic light", "Status"),
        choices=STATUS_CHOICES,
        widget=forms.RadioSelect,
        help_text=STATUS_HELP,
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=PROGRESS_HELP,
    )
    text_fi = _text(_("What was done (Finnish)"), required=True, rows=6, help_text=DONE_HELP)
    next_steps_fi = _text(_("What's next (Finnish)"), help_text=NEXT_HELP)
    risks_fi = _text(_("Risks (Finnish)"), rows=3, help_text=RISKS_HELP)
    text_sv = _text(_("What was done (Swedish)"), help_text=SWEDISH_HELP)
    next_steps_sv = _text(_("What's next (Swedish)"), help_text=SWEDISH_HELP)
    risks_sv = _text(_("Risks (Swedish)"), rows=3, help_text=SWEDISH_HELP)
    text_en = _text(_("What was done (English)"), help_text=ENGLISH_HELP)
    next_steps_en = _text(_("What's next (English)"), help_text=ENGLISH_HELP)
    risks_en = _text(_("Risks (English)"), rows=3, help_text=ENGLISH_HELP)

    FINNISH = ("text_fi", "next_steps_fi", "risks_fi")
    OTHER_LANGUAGES = (
        ("sv", _("In Swedish (optional)"), ("text_sv", "next_steps_sv", "risks_sv")),
        ("en", _("In English (optional)"), ("text_en", "next_steps_en", "risks_en")),
    )

    def to_data(self) -> StatusUpdateData:
        values = {
            name: self.cleaned_data.get(name) or ""
            for name in StatusUpdateData.__dataclass_fields__
            if name not in ("status", "progress")
        }
        return StatusUpdateData(
            status=self.cleaned_data["status"], progress=self.cleaned_data["progress"], **values
        )

    def finnish_fields(self) -> list:
        return [self[name] for name in self.FINNISH]

    def other_language_groups(self) -> list:
        return [
            (code, label, [self[name] for name in names])
            for code, label, names in self.OTHER_LANGUAGES
        ]


class ReviewForm(forms.Form):
    version = VersionField()
    comment = forms.CharField(
        label=_("Comment for the writer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the update: say what should be changed."),
    )


class MeasureForm(forms.Form):
    version = VersionField()
    name_fi = forms.CharField(label=_("Name (Finnish)"), max_length=300)
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    description_fi = _text(_("Description (Finnish)"), rows=6)
    description_sv = _text(_("Description (Swedish)"))
    description_en = _text(_("Description (English)"))
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    cost_estimate = forms.DecimalField(
        label=_("Cost estimate (€)"), required=False, max_digits=14, decimal_places=2
    )
    budget_reference = forms.CharField(label=_("Budget reference"), max_length=200, required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date can't be before the start date."))
        return cleaned

    def to_data(self) -> MeasureData:
        values = {name: self.cleaned_data.get(name) for name in MeasureData.__dataclass_fields__}
        for name in ("name_sv", "name_en", "description_fi", "description_sv", "description_en"):
            values[name] = values[name] or ""
        values["budget_reference"] = values["budget_reference"] or ""
        return MeasureData(**values)


class CorrectionForm(StatusUpdateForm):
    """The strategy office's correction of a measure's status: an update published with a reason."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the update and in its history: who corrected, when and why."),
    )
    text_fi = _text(_("What was done (Finnish)"), rows=4, help_text=DONE_HELP)


class MailPreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Mail about status updates (submitted, returned, published)"),
        choices=MailPreference.Delivery.choices,
        widget=forms.RadioSelect,
    )


class PlanMonitoringForm(forms.ModelForm):
    class Meta:
        model = PlanMonitoring
        fields = [
            "rhythm",
            "annual_period",
            "deadline_days",
            "approval_required",
            "reminder_days_before",
            "escalation_days",
        ]
        widgets = {"rhythm": forms.RadioSelect(choices=Rhythm.choices)}


class PeriodYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class BulkApproveForm(forms.Form):
    """Which submitted updates to approve, each with the version the reviewer read.

    The page posts ``update`` once per ticked box and ``version-<id>`` for every
    listed update; the service approves each on its own, so one refusal (a
    conflict, the four-eyes rule) does not stop the others.
    """

    update = forms.TypedMultipleChoiceField(
        label=_("Updates to approve"), coerce=int, choices=(), required=True
    )

    def __init__(self, *args, updates=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.updates = {update.pk: update for update in updates}
        self.fields["update"].choices = [(pk, str(pk)) for pk in self.updates]
        self.fields["update"].error_messages["required"] = _("Tick at least one update.")

    def selected(self) -> list[tuple[object, int]]:
        """(update, version read) for each ticked update."""
        chosen = []
        for pk in self.cleaned_data["update"]:
            raw = self.data.get(f"version-{pk}", "")
            version = id_or_none(raw) or 0
            chosen.append((self.updates[pk], version))
        return chosen


class ObservationForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("For example 2026, 2026Q1 or 2026M03, as the indicator is followed."),
    )
    value = forms.FloatField(label=_("Value"), required=False)
