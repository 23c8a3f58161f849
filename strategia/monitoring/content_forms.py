"""Forms of the strategy editor: plans, goals, measures, indicators, targets, units, people.

Each is a model form whose translated fields stand fi | sv | en side by side
(``translation_rows``), whose choices of related rows are those of the site's
organisation, and which carries the ``version`` it was loaded at. The forms
only validate and set the instance's fields; the services save.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from strategia.indicators.models import Indicator, Target
from strategia.organisations.models import Person, Unit
from strategia.strategy.models import CouncilTheme, Goal, Measure, Plan

from .forms import VersionField

LANGUAGES = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")))


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContentForm(forms.ModelForm):
    """A model form of the organisation's content with translations side by side."""

    version = VersionField()
    # The base names of the translated fields, in the order they are shown.
    translated: tuple[str, ...] = ()
    # Fields set only when the row is created (its address in the public site).
    create_only: tuple[str, ...] = ("slug",)

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            for name in self.create_only:
                self.fields.pop(name, None)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None:
                field.queryset = _of_organisation(queryset, organisation)
        for base in self.translated:
            for code, language in LANGUAGES:
                name = f"{base}_{code}"
                if name in self.fields:
                    self.fields[name].label = language
                    if code != "fi":
                        self.fields[name].required = False

    def translation_rows(self) -> list[tuple[str, str, list]]:
        """(label, help, [fi, sv, en bound fields]) per translated field."""
        rows = []
        for base in self.translated:
            names = [f"{base}_{code}" for code, _language in LANGUAGES]
            bound = [self[name] for name in names if name in self.fields]
            if bound:
                model_field = self._meta.model._meta.get_field(base)
                rows.append((model_field.verbose_name, model_field.help_text, bound))
        return rows

    def other_fields(self) -> list:
        translated = {f"{base}_{code}" for base in self.translated for code, _language in LANGUAGES}
        return [field for field in self.visible_fields() if field.name not in translated]

    def _post_clean(self) -> None:
        # A new row lands in the site's organisation (goals and targets through their parent).
        if self.instance.pk is None and _has_field(self._meta.model, "organisation"):
            self.instance.organisation = self.organisation
        super()._post_clean()


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def _of_organisation(queryset, organisation):
    model = queryset.model
    if _has_field(model, "organisation"):
        return queryset.filter(organisation=organisation)
    if _has_field(model, "plan"):
        return queryset.filter(plan__organisation=organisation).select_related("plan")
    return queryset


def _translated(*bases: str) -> list[str]:
    return [f"{base}_{code}" for base in bases for code, _language in LANGUAGES]


class PlanContentForm(ContentForm):
    translated = ("name", "summary", "description", "monitoring", "approving_body")

    class Meta:
        model = Plan
        fields = [
            "kind",
            "slug",
            *_translated("name", "summary", "description", "monitoring", "approving_body"),
            "parent",
            "owner_unit",
            "start_year",
            "end_year",
            "decision_date",
            "decision_paragraph",
            "document_url",
            "order",
        ]
        widgets = {"decision_date": _date_widget()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )
        self.fields["document_url"].assume_scheme = "https"


class GoalContentForm(ContentForm):
    translated = ("name", "description")
    themes = forms.MultipleChoiceField(
        label=_("Kuntalaki §37 themes"),
        choices=CouncilTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The statutory strategy contents this goal addresses."),
    )

    class Meta:
        model = Goal
        fields = ["plan", "parent", "kind", "slug", *_translated("name", "description"), "order"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].initial = self.instance.themes or []
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )

    def _post_clean(self) -> None:
        self.instance.themes = list(self.cleaned_data.get("themes") or [])
        super()._post_clean()

    def clean(self) -> dict:
        cleaned = super().clean()
        plan, parent = cleaned.get("plan"), cleaned.get("parent")
        if plan and parent and parent.plan_id != plan.pk:
            self.add_error("parent", _("The parent goal must belong to the same plan."))
        return cleaned


class MeasureContentForm(ContentForm):
    """The whole measure for the strategy office; status and progress are never here."""

    translated = ("name", "description")
    relations = ("goals", "collaborating_units", "contact_persons")

    class Meta:
        model = Measure
        fields = [
            "identifier",
            "slug",
            *_translated("name", "description"),
            "goals",
            "responsible_unit",
            "collaborating_units",
            "contact_persons",
            "start_date",
            "end_date",
            "cost_estimate",
            "budget_reference",
            "visibility",
            "order",
        ]
        widgets = {
            "start_date": _date_widget(),
            "end_date": _date_widget(),
            "goals": forms.CheckboxSelectMultiple,
            "collaborating_units": forms.CheckboxSelectMultiple,
            "contact_persons": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = self.fields["goals"].queryset.filter(
            kind__in=(Goal.Kind.GOAL, Goal.Kind.SUB_GOAL)
        )

    def relation_values(self) -> dict[str, list]:
        return {name: list(self.cleaned_data.get(name) or []) for name in self.relations}


class IndicatorContentForm(ContentForm):
    """What the strategy office keeps of an indicator; its data source stays in the admin."""

    translated = ("name", "description", "unit", "citation")

    class Meta:
        model = Indicator
        fields = [
            "slug",
            *_translated("name", "description", "unit", "citation"),
            "decimals",
            "polarity",
            "time_resolution",
            "is_forecast",
            "licence",
            "responsible_unit",
            "contact_person",
            "visibility",
            "order",
        ]


class TargetForm(ContentForm):
    translated = ("note",)
    create_only = ()

    class Meta:
        model = Target
        fields = ["year", "value", "area", *_translated("note")]
        widgets = {f"note_{code}": forms.TextInput for code, _language in LANGUAGES}

    def __init__(self, *args, indicator: Indicator, **kwargs) -> None:
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"inputmode": "numeric", "class": "ws-year"})

    def _post_clean(self) -> None:
        self.instance.indicator = self.indicator
        super()._post_clean()


class UnitContentForm(ContentForm):
    translated = ("name", "governing_body")

    class Meta:
        model = Unit
        fields = ["kind", "slug", *_translated("name", "governing_body"), "parent"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


class PersonContentForm(ContentForm):
    create_only = ()

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "email", "unit"]
