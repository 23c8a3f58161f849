"""The registers as the workspace shows them: form, filters and columns of each.

One ``Register`` per model says what its list shows and exports, what can be
filtered and which fields its form edits; the views, the exports and the tests
all read the same description, so a register is added in one place. Choices
of related rows (sites, owners, goals…) are always limited to the
organisation's own rows, in forms and in filters alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strategia.monitoring.forms import VersionField
from strategia.organisations.models import Organisation, Person, Unit
from strategia.strategy.models import Goal

from .models import (
    Aspect,
    Audit,
    AuditFinding,
    AuditProgramme,
    ComplianceEvaluation,
    ComplianceResult,
    ManagementReview,
    Nonconformity,
    Obligation,
    ReviewAction,
    SignificanceCriterion,
    Site,
)

# How a related model's rows are limited to one organisation.
_OWN_ROWS: dict[type, str] = {
    Person: "organisation",
    Unit: "organisation",
    Site: "organisation",
    Goal: "plan__organisation",
    Obligation: "organisation",
    ComplianceEvaluation: "obligation__organisation",
    AuditProgramme: "organisation",
    Audit: "programme__organisation",
    AuditFinding: "audit__programme__organisation",
    ManagementReview: "organisation",
}


def own_rows(queryset: QuerySet, organisation: Organisation) -> QuerySet:
    path = _OWN_ROWS.get(queryset.model)
    if path is None:
        return queryset.none()
    rows = queryset.filter(**{path: organisation})
    if queryset.model is Goal:
        rows = rows.select_related("plan")
    return rows


class GoalChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.name} ({obj.plan.name})"


def _formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    if isinstance(db_field, models.DateField):
        kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    if isinstance(db_field, models.ManyToManyField):
        kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.related_model is Goal:
            kwargs["form_class"] = GoalChoices
    if isinstance(db_field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 3})
    return db_field.formfield(**kwargs)


class RegisterForm(forms.ModelForm):
    """A register row's form: related choices limited to the organisation, a version."""

    version = VersionField()

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        policy = None
        for form_field in self.fields.values():
            queryset = getattr(form_field, "queryset", None)
            if queryset is not None:
                form_field.queryset = own_rows(queryset, organisation)
            if queryset is not None and queryset.model is Goal:
                # The programme is the policy's goals: those are the ones to link.
                from .selectors import policy_of

                policy = policy or policy_of(organisation)
                if policy is not None:
                    form_field.queryset = form_field.queryset.filter(plan=policy)
        if self.instance.pk and "version" not in self.data:
            self.initial["version"] = self.instance.version

    def values(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and not self._is_many(name) and not name.startswith("score_")
        }

    def many(self) -> dict[str, list]:
        return {name: list(self.cleaned_data[name]) for name in self.fields if self._is_many(name)}

    def _is_many(self, name: str) -> bool:
        return isinstance(self.fields.get(name), forms.ModelMultipleChoiceField)


class AspectForm(RegisterForm):
    """The aspect's fields and one score field per significance criterion."""

    def __init__(self, *args, criteria: list[SignificanceCriterion], scores: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            name = f"score_{criterion.pk}"
            self.fields[name] = forms.IntegerField(
                label=criterion.name,
                required=False,
                min_value=1,
                max_value=criterion.max_score,
                help_text=criterion.description,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            if criterion.pk in scores:
                self.initial[name] = scores[criterion.pk]

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


# --- Filters -------------------------------------------------------------------------


class RegisterFilter(django_filters.FilterSet):
    """Filters of a register list, a plain GET form; related choices limited as in forms."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    search_fields: tuple[str, ...] = ()

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None:
                self.filters[name].queryset = own_rows(queryset, organisation)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = value.split()
        for word in words[:5]:
            condition = Q()
            for field_name in self.search_fields:
                condition |= Q(**{f"{field_name}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset


def _choice(label, choices, **kwargs) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=choices, empty_label=_("All"), **kwargs)


def _owner() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=Person.objects.all(), field_name="owner"
    )


def _site(field_name: str = "site") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.all(), field_name=field_name
    )


YES_NO = [("yes", _("yes")), ("no", _("no"))]


def _yes_no(label, method: str) -> django_filters.ChoiceFilter:
    return _choice(label, YES_NO, method=method)


class SiteFilter(RegisterFilter):
    search_fields = ("name", "description")
    standard = _choice(_("Standard"), Site._meta.get_field("standard").choices)
    certification_status = _choice(
        _("Certification status"), Site._meta.get_field("certification_status").choices
    )
    owner = _owner()

    class Meta:
        model = Site
        fields = ["q", "standard", "certification_status", "owner"]


class AspectFilter(RegisterFilter):
    search_fields = ("activity", "aspect", "impact", "controls")
    significant = _yes_no(_("Significant"), "filter_significant")
    condition = _choice(_("Condition"), Aspect.Condition.choices)
    life_cycle_stage = _choice(_("Life-cycle stage"), Aspect.LifeCycleStage.choices)
    site = _site()
    owner = _owner()

    class Meta:
        model = Aspect
        fields = ["q", "significant", "condition", "life_cycle_stage", "site", "owner"]

    def filter_significant(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_significant=value == "yes")


class ObligationFilter(RegisterFilter):
    search_fields = ("title", "reference", "requirement")
    kind = _choice(_("Kind"), Obligation.Kind.choices)
    latest_result = _choice(_("Latest result"), ComplianceResult.choices)
    site = _site("sites")
    owner = _owner()

    class Meta:
        model = Obligation
        fields = ["q", "kind", "latest_result", "site", "owner"]


class EvaluationFilter(RegisterFilter):
    search_fields = ("findings", "obligation__title")
    result = _choice(_("Result"), ComplianceResult.choices)
    obligation = django_filters.ModelChoiceFilter(
        label=_("Obligation"), queryset=Obligation.objects.all()
    )
    year = django_filters.NumberFilter(label=_("Year"), field_name="date", lookup_expr="year")

    class Meta:
        model = ComplianceEvaluation
        fields = ["q", "result", "obligation", "year"]


class ProgrammeFilter(RegisterFilter):
    search_fields = ("name", "description")
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = AuditProgramme
        fields = ["q", "year"]


class AuditFilter(RegisterFilter):
    search_fields = ("scope", "auditors", "criteria", "report")
    state = _choice(_("State"), Audit.State.choices)
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=AuditProgramme.objects.all()
    )
    site = _site()
    year = django_filters.NumberFilter(label=_("Year"), field_name="date", lookup_expr="year")

    class Meta:
        model = Audit
        fields = ["q", "state", "programme", "site", "year"]


class FindingFilter(RegisterFilter):
    search_fields = ("description", "clause")
    kind = _choice(_("Kind"), AuditFinding.Kind.choices)
    audit = django_filters.ModelChoiceFilter(label=_("Audit"), queryset=Audit.objects.all())

    class Meta:
        model = AuditFinding
        fields = ["q", "kind", "audit"]


OPEN_STATES = [("open", _("open")), ("overdue", _("overdue")), ("closed", _("closed"))]


class NonconformityFilter(RegisterFilter):
    search_fields = ("description", "root_cause", "corrective_action")
    state = _choice(_("State"), OPEN_STATES, method="filter_state")
    source = _choice(_("Source"), Nonconformity.Source.choices)
    site = _site()
    owner = _owner()

    class Meta:
        model = Nonconformity
        fields = ["q", "state", "source", "site", "owner"]

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "closed":
            return queryset.filter(closed_on__isnull=False)
        queryset = queryset.filter(closed_on__isnull=True)
        if value == "overdue":
            queryset = queryset.filter(due_date__lt=timezone.localdate())
        return queryset


class ReviewFilter(RegisterFilter):
    search_fields = ("conclusions", "decisions", "participants")
    state = _choice(_("State"), ManagementReview.State.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="date", lookup_expr="year")

    class Meta:
        model = ManagementReview
        fields = ["q", "state", "year"]


class ActionFilter(RegisterFilter):
    search_fields = ("description",)
    done = _yes_no(_("Done"), "filter_done")
    review = django_filters.ModelChoiceFilter(
        label=_("Review"), queryset=ManagementReview.objects.all()
    )
    owner = _owner()

    class Meta:
        model = ReviewAction
        fields = ["q", "done", "review", "owner"]

    def filter_done(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(done_on__isnull=value != "yes")


# --- Columns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: Any
    value: Callable[[Any], Any]


def _display(name: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, f"get_{name}_display")()


def _attr(name: str) -> Callable[[Any], Any]:
    def get(row: Any) -> Any:
        value = row
        for part in name.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    return get


def _names(name: str) -> Callable[[Any], str]:
    return lambda row: ", ".join(str(item) for item in getattr(row, name).all())


def _yes(name: str) -> Callable[[Any], Any]:
    return lambda row: _("yes") if getattr(row, name) else _("no")


def cell_text(value: Any) -> str:
    """A cell as the list page shows it: dates in the page's format, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


# --- The registers -----------------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    key: str
    model: type
    title: Any
    fields: tuple[str, ...]
    filterset: type[RegisterFilter]
    columns: tuple[Column, ...]
    form: type[RegisterForm] = RegisterForm
    # The column whose cell links to the row's edit page.
    link_column: int = 0
    notes: Any = ""
    # Rows that hang under this one: (register key, query string of its add page, link text).
    children: tuple[tuple[str, str, Any], ...] = ()

    def form_class(self) -> type[RegisterForm]:
        return forms.modelform_factory(
            self.model, form=self.form, fields=list(self.fields), formfield_callback=_formfield
        )


_OWNER = Column(_("Owner"), _attr("owner"))

REGISTERS: tuple[Register, ...] = (
    Register(
        key="kohteet",
        model=Site,
        title=_("Scope: sites and units"),
        notes=_("ISO 14001 4.3: the sites and units inside the system and their certification."),
        fields=(
            "name",
            "unit",
            "description",
            "standard",
            "certification_status",
            "certification_body",
            "certified_on",
            "certificate_valid_until",
            "next_external_audit",
            "owner",
            "is_public",
        ),
        filterset=SiteFilter,
        columns=(
            Column(_("Name"), _attr("name")),
            Column(_("Unit"), _attr("unit")),
            Column(_("Standard"), _display("standard")),
            Column(_("Certification status"), _display("certification_status")),
            Column(_("Certified on"), _attr("certified_on")),
            Column(_("Valid until"), _attr("certificate_valid_until")),
            Column(_("Next external audit"), _attr("next_external_audit")),
            _OWNER,
            Column(_("Public"), _yes("is_public")),
        ),
    ),
    Register(
        key="nakokohdat",
        model=Aspect,
        title=_("Environmental aspects"),
        notes=_(
            "ISO 14001 6.1.2. Significance comes from the scores and the rule set under "
            "Significance criteria."
        ),
        fields=(
            "site",
            "activity",
            "aspect",
            "impact",
            "condition",
            "life_cycle_stage",
            "controls",
            "owner",
            "next_review",
            "goals",
            "is_public",
        ),
        filterset=AspectFilter,
        form=AspectForm,
        link_column=1,
        columns=(
            Column(_("Activity or service"), _attr("activity")),
            Column(_("Aspect"), _attr("aspect")),
            Column(_("Impact"), _attr("impact")),
            Column(_("Condition"), _display("condition")),
            Column(_("Life-cycle stage"), _display("life_cycle_stage")),
            Column(_("Weighted score"), _attr("total_score")),
            Column(_("Significant"), _yes("is_significant")),
            Column(_("Site"), _attr("site")),
            _OWNER,
            Column(_("Next review"), _attr("next_review")),
            Column(_("Goals"), _names("goals")),
        ),
    ),
    Register(
        key="velvoitteet",
        model=Obligation,
        title=_("Compliance obligations"),
        notes=_(
            "ISO 14001 6.1.3: laws, permits and other commitments, and when each is evaluated."
        ),
        fields=(
            "kind",
            "title",
            "reference",
            "requirement",
            "sites",
            "owner",
            "evaluation_interval_months",
            "next_evaluation",
            "is_active",
            "goals",
            "is_public",
        ),
        filterset=ObligationFilter,
        children=(("arvioinnit", "obligation={pk}", _("Add a compliance evaluation")),),
        columns=(
            Column(_("Title"), _attr("title")),
            Column(_("Kind"), _display("kind")),
            Column(_("Reference"), _attr("reference")),
            Column(_("Sites"), _names("sites")),
            _OWNER,
            Column(_("Interval (months)"), _attr("evaluation_interval_months")),
            Column(_("Latest result"), _display("latest_result")),
            Column(_("Next evaluation"), _attr("next_evaluation")),
            Column(_("In force"), _yes("is_active")),
        ),
    ),
    Register(
        key="arvioinnit",
        model=ComplianceEvaluation,
        title=_("Compliance evaluations"),
        notes=_("ISO 14001 9.1.2. Saving an evaluation sets the obligation's next evaluation."),
        fields=("obligation", "date", "result", "findings", "evidence_links", "owner"),
        filterset=EvaluationFilter,
        children=(("poikkeamat", "evaluation={pk}&source=compliance", _("Add a nonconformity")),),
        columns=(
            Column(_("Obligation"), _attr("obligation")),
            Column(_("Date"), _attr("date")),
            Column(_("Result"), _display("result")),
            Column(_("Findings"), _attr("findings")),
            Column(_("Evidence"), lambda row: " ".join(row.evidence_list)),
            _OWNER,
        ),
    ),
    Register(
        key="auditointiohjelmat",
        model=AuditProgramme,
        title=_("Audit programmes"),
        notes=_("ISO 14001 9.2.2: the internal audit programme of each year."),
        fields=("year", "name", "description", "owner"),
        filterset=ProgrammeFilter,
        children=(("auditoinnit", "programme={pk}", _("Add an audit")),),
        columns=(
            Column(_("Name"), _attr("name")),
            Column(_("Year"), _attr("year")),
            Column(_("Audits"), _attr("audit_count")),
            _OWNER,
        ),
    ),
    Register(
        key="auditoinnit",
        model=Audit,
        title=_("Internal audits"),
        notes=_("ISO 14001 9.2: scope, date, auditors, criteria and report."),
        fields=(
            "programme",
            "site",
            "scope",
            "date",
            "auditors",
            "criteria",
            "report",
            "report_link",
            "state",
            "owner",
        ),
        filterset=AuditFilter,
        children=(("havainnot", "audit={pk}", _("Add a finding")),),
        columns=(
            Column(_("Scope"), _attr("scope")),
            Column(_("Date"), _attr("date")),
            Column(_("State"), _display("state")),
            Column(_("Programme"), _attr("programme")),
            Column(_("Site"), _attr("site")),
            Column(_("Auditors"), _attr("auditors")),
            Column(_("Findings"), _attr("finding_count")),
        ),
    ),
    Register(
        key="havainnot",
        model=AuditFinding,
        title=_("Audit findings"),
        notes=_("Nonconformities, observations and opportunities for improvement."),
        fields=("audit", "kind", "clause", "description", "owner"),
        filterset=FindingFilter,
        children=(("poikkeamat", "finding={pk}&source=audit", _("Add a nonconformity")),),
        columns=(
            Column(_("Description"), _attr("description")),
            Column(_("Kind"), _display("kind")),
            Column(_("Clause"), _attr("clause")),
            Column(_("Audit"), _attr("audit")),
            Column(_("Nonconformities"), lambda row: len(row.nonconformities.all())),
        ),
    ),
    Register(
        key="poikkeamat",
        model=Nonconformity,
        title=_("Nonconformities and corrective actions"),
        notes=_("ISO 14001 10.2. Overdue corrective actions reach their owners by e-mail."),
        fields=(
            "source",
            "finding",
            "evaluation",
            "site",
            "identified_on",
            "description",
            "immediate_correction",
            "root_cause",
            "corrective_action",
            "owner",
            "due_date",
            "effectiveness_check",
            "effectiveness_checked_on",
            "closed_on",
            "is_public",
        ),
        filterset=NonconformityFilter,
        columns=(
            Column(_("Description"), _attr("description")),
            Column(_("Source"), _display("source")),
            Column(_("Identified on"), _attr("identified_on")),
            Column(_("Corrective action"), _attr("corrective_action")),
            _OWNER,
            Column(_("Due date"), _attr("due_date")),
            Column(_("Closed on"), _attr("closed_on")),
            Column(_("Site"), _attr("site")),
        ),
    ),
    Register(
        key="katselmukset",
        model=ManagementReview,
        title=_("Management reviews"),
        notes=_("ISO 14001 9.3. The inputs are gathered from the registers on the review's page."),
        fields=(
            "date",
            "covers_from",
            "participants",
            "conclusions",
            "decisions",
            "owner",
        ),
        filterset=ReviewFilter,
        children=(("katselmustoimet", "review={pk}", _("Add an action")),),
        columns=(
            Column(_("Date"), _attr("date")),
            Column(_("Covers from"), _attr("covers_from")),
            Column(_("State"), _display("state")),
            Column(_("Actions"), _attr("action_count")),
            Column(_("Conclusions"), _attr("conclusions")),
        ),
    ),
    Register(
        key="katselmustoimet",
        model=ReviewAction,
        title=_("Actions from management reviews"),
        fields=("review", "description", "owner", "due_date", "done_on"),
        filterset=ActionFilter,
        columns=(
            Column(pgettext_lazy("management review", "Action"), _attr("description")),
            Column(_("Review"), _attr("review")),
            _OWNER,
            Column(_("Due date"), _attr("due_date")),
            Column(_("Done on"), _attr("done_on")),
        ),
    ),
)

BY_KEY = {register.key: register for register in REGISTERS}
BY_MODEL = {register.model: register for register in REGISTERS}
