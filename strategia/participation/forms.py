"""Forms of the participation pages. They check the shape of input; the services the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AnswerKind, Initiative, Participant, ReportReason


def DateInput() -> forms.DateInput:  # noqa: N802 (used like a widget class)
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HoneypotMixin(forms.Form):
    """A field people never see or fill; bots that fill every field are refused."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def filled_by_bot(self) -> bool:
        return bool(self.data.get("website"))


class RegisterForm(HoneypotMixin):
    email = forms.EmailField(label=_("E-mail address"), help_text=_("Never shown to anyone."))
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown with your ideas and comments; it can be a nickname."),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters."),
    )
    accept = forms.BooleanField(
        label=_("I have read the privacy notice."),
        required=True,
    )


class IdeaForm(HoneypotMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Your idea"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "You can use *emphasis*, **bold**, lists starting with - and links [text](https://…)."
        ),
    )
    goals = forms.MultipleChoiceField(
        label=_("Goals it serves"), required=False, widget=forms.CheckboxSelectMultiple
    )
    place = forms.CharField(
        label=_("Place (optional)"),
        max_length=200,
        required=False,
        help_text=_("An address or a district."),
    )
    service = forms.CharField(label=_("Service (optional)"), max_length=200, required=False)

    def __init__(self, *args, goals=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = [(str(goal.pk), goal.name) for goal in goals]


class CommentForm(HoneypotMixin):
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report this?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("More details (optional)"), max_length=500, required=False)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60)
    delivery = forms.ChoiceField(
        label=_("News of the ideas you follow"),
        choices=Participant.Delivery.choices,
        widget=forms.RadioSelect,
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        help_text=_("Your account and personal data are erased; this can't be undone."),
    )

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value.upper() not in ("DELETE", "POISTA", "RADERA"):
            raise forms.ValidationError(_("Type DELETE to confirm."))
        return value


# --- Staff ---------------------------------------------------------------------------


class AssignForm(forms.Form):
    unit = forms.ChoiceField(label=_("Responsible unit"))
    due_date = forms.DateField(
        label=_("Answer due"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the city's default number of days from today."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, units=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—")] + [(str(u.pk), str(u)) for u in units]


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Answer"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Official answer"), widget=forms.Textarea(attrs={"rows": 8}))
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the idea is not taken forward."),
    )
    decide_by = forms.DateField(
        label=_("Measures decided by"),
        required=False,
        widget=DateInput(),
        help_text=_("When the idea is taken forward but its measures are not yet known."),
    )
    measures = forms.MultipleChoiceField(
        label=_("Measures that carry it out"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    draft_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, measures=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = [(str(m.pk), str(m)) for m in measures]


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the author)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SettingsForm(forms.Form):
    premoderation = forms.BooleanField(label=_("Pre-moderate new ideas"), required=False)
    answer_days = forms.IntegerField(label=_("Days to answer"), min_value=1, max_value=365)


class InitiativeForm(forms.Form):
    identifier = forms.CharField(label=_("Register number"), max_length=40, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    submitted_on = forms.DateField(label=_("Date submitted"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Channel"), choices=Initiative.Channel.choices)
    external_url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    body = forms.ChoiceField(label=_("Body responsible"))
    status = forms.ChoiceField(label=_("Handling status"), choices=Initiative.Status.choices)
    decision = forms.CharField(
        label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_date = forms.DateField(label=_("Date of decision"), required=False, widget=DateInput())
    measures = forms.MultipleChoiceField(
        label=_("Measures"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    initiators = forms.CharField(
        label=_("Initiators"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One name a line. Add “+” at the end of a line if that person allows their name "
            "to be shown publicly."
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=(), measures=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "—")] + [(str(u.pk), str(u)) for u in units]
        self.fields["measures"].choices = [(str(m.pk), str(m)) for m in measures]
