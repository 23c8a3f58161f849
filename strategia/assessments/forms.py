"""Forms of the preparer's workspace. They validate input; the services write.

Forms built from a template version (screening, effects) take their fields
from that version, so an assessment keeps asking what its version asked.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from strategia.monitoring.forms import VersionField
from strategia.strategy.models import Measure, Plan

from .models import Decision, DecisionBody, GoalLink, ImpactAssessment, TemplateVersion, in_language
from .services import DecisionData, EffectData

LANGUAGE_LABELS = (("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English")))


def _text(label, *, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class DecisionForm(forms.Form):
    version = VersionField()
    title_fi = forms.CharField(label=_("Title (Finnish)"), max_length=400)
    body = forms.CharField(
        label=_("Deciding body"),
        max_length=200,
        help_text=_("For example Kaupunginhallitus or Sivistyslautakunta."),
    )
    body_kind = forms.ChoiceField(label=_("Kind of body"), choices=DecisionBody.choices)
    meeting_date = forms.DateField(
        label=_("Meeting date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    paragraph = forms.CharField(label=_("§ number"), max_length=20, required=False)
    document_url = forms.URLField(
        label=_("Link to the decision document"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    status = forms.ChoiceField(label=_("Status"), choices=Decision.Status.choices)
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=400, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=400, required=False)
    plans = forms.ModelMultipleChoiceField(
        label=_("Related plans"), queryset=Plan.objects.none(), required=False
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Related measures"), queryset=Measure.objects.none(), required=False
    )

    MAIN = ("title_fi", "body", "body_kind", "meeting_date", "paragraph", "document_url", "status")
    MORE = ("title_sv", "title_en", "plans", "measures")

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = Plan.objects.filter(organisation=organisation).order_by(
            "order", "name"
        )
        self.fields["measures"].queryset = Measure.objects.filter(
            organisation=organisation
        ).order_by("identifier")
        self.fields["plans"].widget.attrs["size"] = 6
        self.fields["measures"].widget.attrs["size"] = 8

    @classmethod
    def initial_of(cls, decision: Decision) -> dict:
        initial = {name: getattr(decision, name) for name in (*cls.MAIN, "title_sv", "title_en")}
        initial["plans"] = list(decision.plans.all())
        initial["measures"] = list(decision.measures.all())
        initial["version"] = decision.version
        return initial

    def to_data(self, *, goal_ids: list[int] | None = None) -> DecisionData:
        data = self.cleaned_data
        return DecisionData(
            body=data["body"],
            body_kind=data["body_kind"],
            meeting_date=data["meeting_date"],
            paragraph=data["paragraph"] or "",
            title_fi=data["title_fi"],
            title_sv=data["title_sv"] or "",
            title_en=data["title_en"] or "",
            document_url=data["document_url"] or "",
            status=data["status"],
            plan_ids=[plan.pk for plan in data["plans"]],
            goal_ids=goal_ids or [],
            measure_ids=[measure.pk for measure in data["measures"]],
        )


class ScreeningForm(forms.Form):
    version = VersionField()

    def __init__(self, *args, template_version: TemplateVersion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.question_names = []
        for question in template_version.screening_questions:
            name = f"q_{question['key']}"
            self.fields[name] = forms.BooleanField(
                label=in_language(question["label"]), required=False
            )
            self.question_names.append(name)
        for language, label in LANGUAGE_LABELS:
            self.fields[f"no_assessment_reason_{language}"] = _text(
                _("Why no assessment is needed (%(language)s)") % {"language": label}
            )
        self.fields["no_assessment_reason_fi"].help_text = _("Only when no question above applies.")

    @classmethod
    def initial_of(cls, assessment: ImpactAssessment) -> dict:
        initial = {f"q_{key}": value for key, value in (assessment.screening or {}).items()}
        for language, _label in LANGUAGE_LABELS:
            name = f"no_assessment_reason_{language}"
            initial[name] = getattr(assessment, name)
        initial["version"] = assessment.version
        return initial

    def answers(self) -> dict[str, bool]:
        return {name.removeprefix("q_"): self.cleaned_data[name] for name in self.question_names}

    def reasons(self) -> dict[str, str]:
        return {
            language: self.cleaned_data[f"no_assessment_reason_{language}"]
            for language, _label in LANGUAGE_LABELS
        }


TEXTS = (
    ("justification", _("Justification")),
    ("groups", _("Groups affected")),
    ("mitigation", _("Mitigation")),
)


class EffectsForm(forms.Form):
    """One option's effects: a group of inputs per dimension, named ``<dimension>-<field>``."""

    version = VersionField()

    def __init__(self, *args, template_version: TemplateVersion, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.template_version = template_version
        directions = [("", _("— choose —"))] + [
            (d["key"], in_language(d["label"])) for d in template_version.directions
        ]
        horizons = [("", _("— not given —"))] + [
            (h["key"], in_language(h["label"])) for h in template_version.horizons
        ]
        self.groups_of_fields = []
        for dimension in template_version.dimensions:
            key = dimension["key"]
            names = {}

            def add(name, field, key=key, names=names):
                self.fields[f"{key}-{name}"] = field
                names[name] = f"{key}-{name}"

            add(
                "direction",
                forms.ChoiceField(
                    label=_("Direction and size"), choices=directions, required=False
                ),
            )
            add(
                "horizon",
                forms.ChoiceField(label=_("Time horizon"), choices=horizons, required=False),
            )
            for name, label in TEXTS:
                for language, language_label in LANGUAGE_LABELS:
                    field_label = label if language == "fi" else f"{label} ({language_label})"
                    add(
                        f"{name}_{language}",
                        _text(field_label, rows=3 if name == "justification" else 2),
                    )
            if dimension.get("climate"):
                add(
                    "climate_tco2e",
                    forms.DecimalField(
                        label=_("Change in emissions (t CO2e/year)"),
                        required=False,
                        max_digits=12,
                        decimal_places=1,
                        help_text=_("Negative when emissions fall; leave empty when not known."),
                        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
                    ),
                )
            add(
                "evidence_links",
                _text(_("Evidence (links, one per line)"), rows=2),
            )
            add(
                "indicators",
                forms.ModelMultipleChoiceField(
                    label=_("Indicators as evidence"),
                    queryset=indicators,
                    required=False,
                    widget=forms.SelectMultiple(attrs={"size": 4}),
                ),
            )
            self.groups_of_fields.append((dimension, names))
        for language, label in LANGUAGE_LABELS:
            self.fields[f"summary_{language}"] = _text(
                _("Summary of the effects (%(language)s)") % {"language": label}, rows=3
            )

    def dimension_groups(self):
        """(dimension, label, guiding questions, {field name: bound field}) per dimension."""
        for dimension, names in self.groups_of_fields:
            yield (
                dimension,
                in_language(dimension["label"]),
                [in_language(q) for q in dimension.get("questions") or []],
                {name: self[full] for name, full in names.items()},
            )

    @classmethod
    def initial_of(cls, assessment: ImpactAssessment, option) -> dict:
        initial = {"version": assessment.version}
        for effect in option.effects.all():
            key = effect.dimension
            initial[f"{key}-direction"] = effect.direction
            initial[f"{key}-horizon"] = effect.horizon
            initial[f"{key}-evidence_links"] = effect.evidence_links
            initial[f"{key}-climate_tco2e"] = effect.climate_tco2e
            initial[f"{key}-indicators"] = list(effect.indicators.all())
            for name, _label in TEXTS:
                for language, _language_label in LANGUAGE_LABELS:
                    initial[f"{key}-{name}_{language}"] = getattr(effect, f"{name}_{language}")
        for language, _label in LANGUAGE_LABELS:
            initial[f"summary_{language}"] = getattr(assessment, f"summary_{language}")
        return initial

    def rows(self) -> list[EffectData]:
        data = self.cleaned_data
        rows = []
        for dimension, _names in self.groups_of_fields:
            key = dimension["key"]
            climate: Decimal | None = data.get(f"{key}-climate_tco2e")
            rows.append(
                EffectData(
                    dimension=key,
                    direction=data.get(f"{key}-direction") or "",
                    horizon=data.get(f"{key}-horizon") or "",
                    evidence_links=data.get(f"{key}-evidence_links") or "",
                    indicator_ids=[i.pk for i in data.get(f"{key}-indicators") or []],
                    climate_tco2e=climate,
                    **{
                        name: {
                            language: data.get(f"{key}-{name}_{language}") or ""
                            for language, _label in LANGUAGE_LABELS
                        }
                        for name, _label in TEXTS
                    },
                )
            )
        return rows

    def summary(self) -> dict[str, str]:
        return {
            language: self.cleaned_data.get(f"summary_{language}") or ""
            for language, _label in LANGUAGE_LABELS
        }


class OptionForm(forms.Form):
    version = VersionField()
    name_fi = forms.CharField(
        label=_("Name of the option (Finnish)"),
        max_length=200,
        help_text=_("For example “Zero option: the current service stays”."),
    )
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)

    def names(self) -> dict[str, str]:
        return {
            language: self.cleaned_data.get(f"name_{language}") or ""
            for language, _label in LANGUAGE_LABELS
        }


class GoalsForm(forms.Form):
    version = VersionField()

    def __init__(self, *args, goal_trees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("no link")), *GoalLink.Relation.choices]
        self.trees = []
        for plan, goals in goal_trees:
            rows = []
            for goal in goals:
                name = f"goal_{goal.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=goal.name, choices=choices, required=False, widget=forms.RadioSelect
                )
                rows.append((goal, name))
            self.trees.append((plan, rows))

    def tree_fields(self):
        for plan, rows in self.trees:
            yield plan, [(goal, self[name]) for goal, name in rows]

    @classmethod
    def initial_of(cls, assessment: ImpactAssessment) -> dict:
        initial = {f"goal_{link.goal_id}": link.relation for link in assessment.goal_links.all()}
        initial["version"] = assessment.version
        return initial

    def relations(self) -> dict[int, str]:
        return {
            int(name.removeprefix("goal_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("goal_") and value
        }


class StateForm(forms.Form):
    version = VersionField()
    comment = forms.CharField(
        label=_("Comment for the preparer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the assessment."),
    )


class ImportForm(forms.Form):
    KIND_CHOICES = (
        ("csv", _("CSV file of agenda items")),
        ("feed", _("RSS or Atom feed of a meeting system (saved file)")),
    )
    kind = forms.ChoiceField(label=_("File type"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"))
    body = forms.CharField(
        label=_("Deciding body of the feed's items"),
        max_length=200,
        required=False,
        help_text=_("For a feed whose item titles don't name the body."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file"), required=False)
