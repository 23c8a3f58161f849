"""The administration of strategy content, for officials rather than developers.

Translated fields stand side by side (fi, sv, en); every object has its change
history ("Historia" button) with who changed what and when.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from strategia.accounts.admin_access import RuleBasedAdminMixin
from strategia.accounts.admin_services import (
    REASON_REMOVED,
    ReadOnlyInlineMixin,
    ServiceAdminMixin,
    VersionedForm,
)

from . import services
from .models import CouncilTheme, Goal, Measure, Plan


class StrategyContentAdmin(
    ServiceAdminMixin, RuleBasedAdminMixin, SimpleHistoryAdmin, TranslationAdmin
):
    """Translated, history-keeping admin of plans, goals and measures, saved by the services."""

    save_on_top = True
    # A web address typed without a scheme means https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class GoalAdminForm(VersionedForm):
    themes = forms.MultipleChoiceField(
        label=_("Kuntalaki §37 themes"),
        choices=CouncilTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Goal
        fields = (
            "plan",
            "parent",
            "slug",
            "kind",
            "name",
            "description",
            "themes",
            "order",
            "loaded_version",
        )


class GoalInline(ReadOnlyInlineMixin, TranslationTabularInline):
    """A plan's goals for reference: each is edited on its own page (or in the workspace)."""

    model = Goal
    fields = ("order", "kind", "name", "slug", "parent")


@admin.register(Plan)
class PlanAdmin(StrategyContentAdmin):
    list_display = ("name", "kind", "period_label", "approving_body", "decision_date", "parent")
    list_filter = ("organisation", "kind")
    search_fields = ("name_fi", "name_sv", "name_en", "slug")
    autocomplete_fields = ("parent", "owner_unit")
    prepopulated_fields = {"slug": ("name_fi",)}
    list_select_related = ("parent",)
    inlines = [GoalInline]
    fieldsets = (
        (None, {"fields": ("organisation", "kind", "name", "slug", "parent", "owner_unit")}),
        (
            _("Period and decision"),
            {
                "fields": (
                    "start_year",
                    "end_year",
                    "approving_body",
                    "decision_date",
                    "decision_paragraph",
                )
            },
        ),
        (_("Texts"), {"fields": ("summary", "description", "monitoring", "document_url")}),
        (_("Display"), {"fields": ("order", "loaded_version")}),
    )

    @admin.display(description=_("period"))
    def period_label(self, plan: Plan) -> str:
        return plan.period_label

    def save_through_service(self, request, obj: Plan, form, *, version, reason: str) -> None:
        services.plan_save(user=request.user, plan=obj, version=version, reason=reason)

    def delete_through_service(self, request, obj: Plan) -> None:
        services.plan_delete(user=request.user, plan=obj, reason=REASON_REMOVED)


@admin.register(Goal)
class GoalAdmin(StrategyContentAdmin):
    form = GoalAdminForm
    list_display = ("name", "kind", "plan", "parent", "order")
    list_filter = ("plan__organisation", "kind", "plan")
    search_fields = ("name_fi", "name_sv", "name_en", "slug", "description_fi")
    autocomplete_fields = ("plan", "parent")
    list_select_related = ("plan", "parent")

    def save_through_service(self, request, obj: Goal, form, *, version, reason: str) -> None:
        services.goal_save(user=request.user, goal=obj, version=version, reason=reason)

    def delete_through_service(self, request, obj: Goal) -> None:
        services.goal_delete(user=request.user, goal=obj, reason=REASON_REMOVED)


class MeasureAdminForm(VersionedForm):
    class Meta:
        model = Measure
        fields = ("identifier", "name", "description", "goals")


@admin.register(Measure)
class MeasureAdmin(StrategyContentAdmin):
    """Measures, saved through ``services.measure_save`` like the workspace's edits.

    Status and progress are shown, not edited: they are those of the latest
    published status update. Someone who may change a measure's details but
    not manage content (a unit manager, a contact person) sees its identity,
    goals, responsibility and visibility read-only.
    """

    form = MeasureAdminForm
    list_display = (
        "identifier",
        "name",
        "status",
        "progress",
        "responsible_unit",
        "visibility",
        "end_date",
    )
    list_display_links = ("identifier", "name")
    list_filter = ("organisation", "status", "visibility", "goals__plan", "responsible_unit")
    search_fields = ("identifier", "name_fi", "name_sv", "name_en", "description_fi")
    autocomplete_fields = ("responsible_unit", "collaborating_units", "contact_persons", "goals")
    # Not ``prepopulated_fields``: simple-history's version page uses that
    # attribute as it is, also for those who see the slug read-only.
    slug_from = {"slug": ("identifier",)}
    list_select_related = ("responsible_unit",)
    m2m = ("goals", "collaborating_units", "contact_persons")
    fieldsets = (
        (None, {"fields": ("organisation", "identifier", "slug", "name", "description", "goals")}),
        (
            _("Responsibility"),
            {"fields": ("responsible_unit", "collaborating_units", "contact_persons")},
        ),
        (_("Schedule and status"), {"fields": ("start_date", "end_date", "status", "progress")}),
        (_("Money"), {"fields": ("cost_estimate", "budget_reference")}),
        (_("Publication"), {"fields": ("visibility", "order", "loaded_version")}),
    )

    def _manages(self, request, obj) -> bool:
        return obj is None or request.user.has_perm("strategy.manage_content", obj.organisation)

    def get_readonly_fields(self, request, obj=None) -> tuple[str, ...]:
        derived = services.MEASURE_DERIVED_FIELDS
        if self._manages(request, obj):
            return derived
        details = set(services.MEASURE_DETAIL_FIELDS) | {"name", "description", "loaded_version"}
        others = [
            name
            for _title, options in self.fieldsets
            for name in options["fields"]
            if name not in details
        ]
        return tuple(dict.fromkeys((*derived, *others)))

    def get_prepopulated_fields(self, request, obj=None) -> dict:
        return self.slug_from if self._manages(request, obj) else {}

    def save_through_service(self, request, obj: Measure, form, *, version, reason: str) -> None:
        # The many-to-many fields changed in the form go to the service, which
        # sets them in its transaction; changing them needs managing content.
        relations = {
            name: list(form.cleaned_data[name])
            for name in self.m2m
            if name in form.changed_data and name in form.cleaned_data
        }
        services.measure_save(
            user=request.user, measure=obj, version=version, reason=reason, relations=relations
        )

    def delete_through_service(self, request, obj: Measure) -> None:
        services.measure_delete(user=request.user, measure=obj, reason=REASON_REMOVED)
