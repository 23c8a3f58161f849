"""The administration of strategy content, for officials rather than developers.

Translated fields stand side by side (fi, sv, en); every object has its change
history ("Historia" button) with who changed what and when.
"""

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from strategia.accounts.admin_access import RuleBasedAdminMixin
from strategia.monitoring.locking import claim_version

from .models import CouncilTheme, Goal, Measure, Plan, StatusUpdate


class StrategyContentAdmin(RuleBasedAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    """Translated, history-keeping admin shared by plans, goals, measures and updates."""

    save_on_top = True
    # A web address typed without a scheme means https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class VersionedForm(forms.ModelForm):
    """Carries the version the object had when the form was opened.

    Two officials editing the same measure: the second save is refused with
    the values saved in the meantime, instead of overwriting them silently.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        saved = type(self.instance)._default_manager.get(pk=self.instance.pk)
        if cleaned.get("loaded_version") != saved.version:
            raise forms.ValidationError(
                _(
                    "Someone saved this in the meantime (version %(current)s; you opened "
                    "version %(yours)s). Nothing was saved. Open the page again to see the "
                    "current text, then make your change again."
                ),
                params={"current": saved.version, "yours": cleaned.get("loaded_version")},
                code="version_conflict",
            )
        return cleaned


class VersionedAdminMixin:
    """Saves through the same conditional version claim as the workspace."""

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        with transaction.atomic():
            current = claim_version(
                model=type(obj), pk=obj.pk, version=form.cleaned_data["loaded_version"]
            )
            obj.version = current.version
            super().save_model(request, obj, form, change)


class GoalAdminForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Kuntalaki §37 themes"),
        choices=CouncilTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Goal
        fields = ("plan", "parent", "slug", "kind", "name", "description", "themes", "order")


class GoalInline(TranslationTabularInline):
    model = Goal
    fields = ("order", "kind", "name", "slug", "parent")
    extra = 0
    show_change_link = True
    autocomplete_fields = ("parent",)


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
        (_("Display"), {"fields": ("order",)}),
    )

    @admin.display(description=_("period"))
    def period_label(self, plan: Plan) -> str:
        return plan.period_label


@admin.register(Goal)
class GoalAdmin(StrategyContentAdmin):
    form = GoalAdminForm
    list_display = ("name", "kind", "plan", "parent", "order")
    list_filter = ("plan__organisation", "kind", "plan")
    search_fields = ("name_fi", "name_sv", "name_en", "slug", "description_fi")
    autocomplete_fields = ("plan", "parent")
    list_select_related = ("plan", "parent")


class StatusUpdateInline(TranslationTabularInline):
    model = StatusUpdate
    fields = ("date", "status", "progress", "text", "state", "author")
    readonly_fields = ("author", "state")
    extra = 0
    ordering = ("-date",)
    show_change_link = True


class MeasureAdminForm(VersionedForm):
    class Meta:
        model = Measure
        fields = ("identifier", "name", "description", "goals", "status", "progress")


@admin.register(Measure)
class MeasureAdmin(VersionedAdminMixin, StrategyContentAdmin):
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
    prepopulated_fields = {"slug": ("identifier",)}
    list_select_related = ("responsible_unit",)
    inlines = [StatusUpdateInline]
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

    def save_formset(self, request, form, formset, change) -> None:
        # A status update written in the admin is signed by whoever wrote it,
        # and a changed one gets a new version, so that a workspace form opened
        # before this save is refused instead of overwriting it.
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, StatusUpdate):
                if instance.author_id is None:
                    instance.author = request.user
                if instance.pk:
                    instance.version += 1
        formset.save()


class StatusUpdateAdminForm(VersionedForm):
    class Meta:
        model = StatusUpdate
        fields = ("measure", "date", "status", "progress", "text")


@admin.register(StatusUpdate)
class StatusUpdateAdmin(VersionedAdminMixin, StrategyContentAdmin):
    form = StatusUpdateAdminForm
    list_display = ("measure", "date", "reporting_period", "status", "progress", "state", "author")
    list_filter = ("state", "status", "measure__organisation")
    search_fields = ("measure__identifier", "measure__name_fi", "text_fi")
    autocomplete_fields = ("measure",)
    # The approval flow (submit, approve, return) belongs to the workspace,
    # where its rules and reminders live; the admin shows where an update is.
    readonly_fields = (
        "author",
        "state",
        "reporting_period",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
        "returned_at",
        "returned_by",
        "return_comment",
    )
    fieldsets = (
        (None, {"fields": ("measure", "reporting_period", "date", "status", "progress")}),
        (_("Report"), {"fields": ("text", "next_steps", "risks")}),
        (
            _("Handling"),
            {
                "fields": (
                    "state",
                    "author",
                    "submitted_at",
                    "submitted_by",
                    "approved_at",
                    "approved_by",
                    "returned_at",
                    "returned_by",
                    "return_comment",
                    "loaded_version",
                )
            },
        ),
    )
    date_hierarchy = "date"
    list_select_related = ("measure", "author", "reporting_period")

    def save_model(self, request, obj, form, change) -> None:
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
