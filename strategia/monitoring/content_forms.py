"""Forms of the strategy editor: plans, goals, measures, indicators, targets, units, people.

Each is a model form whose translated fields stand fi | sv | en side by side
(``translation_rows``), whose choices of related rows are those of the site's
organisation, and which carries the ``version`` it was loaded at. The forms
only validate and set the instance's fields; the services save.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from strategia.indicators.models import Indicator, IndicatorGoal, IndicatorMeasure, Target
from strategia.organisations.models import Person, Unit
from strategia.strategy.models import CouncilTheme, Goal, Measure, Plan

from .content_guidance import guidance_for
from .forms import VersionField

TEXT_ROWS = 5
LANGUAGES = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")))


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _apply_guidance(form: forms.ModelForm, translated: tuple[str, ...] = ()) -> None:
    """Put the editor's guidance (``content_guidance``) under each field.

    A language's input of a translated field gets none of its own: its row
    shows the guidance once for the three languages (``translation_rows``).
    """
    languages = {f"{base}_{code}" for base in translated for code, _language in LANGUAGES}
    for name, field in form.fields.items():
        if name in languages:
            field.help_text = ""
        elif text := guidance_for(form._meta.model, name):
            field.help_text = text


@dataclass(frozen=True)
class TranslationRow:
    """A translated field: its label, its guidance (with the id its inputs point at), fi/sv/en."""

    label: object
    help: object
    help_id: str
    fields: list


class _ContentBoundField(BoundField):
    """A language's input of a translated field is described by its row's guidance too."""

    @property
    def aria_describedby(self) -> str | None:
        own = super().aria_describedby
        row = self.form.row_help_id(self.name)
        if own is None or row is None:
            return own
        return " ".join(part for part in (row, own) if part)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        # Boxes in groups of their own: each group is described as the whole field is.
        if isinstance(widget or self.field.widget, ChoicesByGroup) and self.aria_describedby:
            attrs[ChoicesByGroup.GROUP_DESCRIBEDBY] = self.aria_describedby
        return attrs


class ContentForm(forms.ModelForm):
    """A model form of the organisation's content with translations side by side."""

    bound_field_class = _ContentBoundField
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
            if isinstance(field.widget, forms.Textarea):
                # Three languages side by side, or stacked on a phone: Django's ten rows
                # would make every text a screen long; a textarea can be dragged taller.
                field.widget.attrs["rows"] = TEXT_ROWS
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
        _apply_guidance(self, self.translated)

    def translation_rows(self) -> list[TranslationRow]:
        rows = []
        for base in self.translated:
            names = [f"{base}_{code}" for code, _language in LANGUAGES]
            bound = [self[name] for name in names if name in self.fields]
            if bound:
                rows.append(
                    TranslationRow(
                        label=self._meta.model._meta.get_field(base).verbose_name,
                        help=guidance_for(self._meta.model, base),
                        help_id=self._row_help_id(base),
                        fields=bound,
                    )
                )
        return rows

    def _row_help_id(self, base: str) -> str:
        return f"{self.auto_id % self.add_prefix(base)}_helptext"

    def row_help_id(self, name: str) -> str | None:
        """The id of the guidance of the translated field whose language input ``name`` is."""
        base, _separator, code = name.rpartition("_")
        if (
            base in self.translated
            and code in dict(LANGUAGES)
            and guidance_for(self._meta.model, base)
        ):
            return self._row_help_id(base)
        return None

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


class ChoicesByGroup(forms.CheckboxSelectMultiple):
    """Boxes in groups, each group a fieldset named by its legend (a measure's goals by plan)."""

    template_name = "monitoring/widgets/choices_by_group.html"
    # What describes the whole field (its help and error), for each group's fieldset:
    # a box is described by the innermost fieldset round it.
    GROUP_DESCRIBEDBY = "group-describedby"

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        described_by = attrs.pop(self.GROUP_DESCRIBEDBY, "")
        context = super().get_context(name, value, attrs)
        context["widget"]["group_describedby"] = described_by
        return context


def goals_by_plan(goals) -> list[tuple[str, list[tuple[int, str]]]]:
    """The goals as choices grouped by plan, in the plans' order, ended plans last and
    marked ended: goals of similar names in two plans are told apart."""
    groups: dict[Plan, list[tuple[int, str]]] = {}
    for goal in goals:
        groups.setdefault(goal.plan, []).append((goal.pk, goal.name))
    ordered = sorted(groups.items(), key=lambda item: item[0].is_ended)  # stable: plan order
    return [(_plan_label(plan), choices) for plan, choices in ordered]


def _plan_label(plan: Plan) -> str:
    if plan.is_ended:
        return _("%(plan)s (ended in %(year)s)") % {"plan": plan.name, "year": plan.end_year}
    return plan.name


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
            "goals": ChoicesByGroup,
            "collaborating_units": forms.CheckboxSelectMultiple,
            "contact_persons": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        goals = self.fields["goals"]
        goals.queryset = goals.queryset.filter(
            kind__in=(Goal.Kind.GOAL, Goal.Kind.SUB_GOAL)
        ).select_related("plan")
        goals.choices = goals_by_plan(goals.queryset)

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


class LinkForm(forms.ModelForm):
    """Links an indicator to a goal or a measure of its organisation, with the effect expected.

    It carries the indicator's version (a link is part of the indicator: the
    service claims the next one). A row already linked keeps its link and gets
    the effect chosen now, as a target for a year already set is replaced.
    """

    version = VersionField()
    # The linked row's field: "goal" or "measure".
    target = ""

    def __init__(self, *args, indicator: Indicator, **kwargs) -> None:
        kwargs.setdefault("prefix", f"{self.target}-link")
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["version"].initial = indicator.version
        field = self.fields[self.target]
        field.queryset = _of_organisation(field.queryset, indicator.organisation)
        _apply_guidance(self)

    def _post_clean(self) -> None:
        chosen = self.cleaned_data.get(self.target)
        if chosen is not None:
            existing = self._meta.model.objects.filter(
                indicator=self.indicator, **{self.target: chosen}
            ).first()
            if existing is not None:
                self.instance = existing
        self.instance.indicator = self.indicator
        super()._post_clean()


class _GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.plan} – {obj}"


class GoalLinkForm(LinkForm):
    target = "goal"

    class Meta:
        model = IndicatorGoal
        fields = ["goal", "expected_effect"]
        field_classes = {"goal": _GoalChoiceField}


class MeasureLinkForm(LinkForm):
    target = "measure"

    class Meta:
        model = IndicatorMeasure
        fields = ["measure", "expected_effect"]


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
