"""Administration of indicators: definitions, links, targets; observations and imports read-only.

Observations are written by one service, ``services.observations_write``
(imports, fetches, manual entry in the staff workspace, sample content), so
that every change keeps its revision; the admin only shows them.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from strategia.accounts.admin_access import RuleBasedAdminMixin, RuleBasedInlineMixin
from strategia.accounts.admin_services import (
    REASON_REMOVED,
    ReadOnlyInlineMixin,
    ServiceAdminMixin,
)

from . import services
from .models import (
    ImportRun,
    Indicator,
    IndicatorGoal,
    IndicatorMeasure,
    Observation,
    ObservationRevision,
    Target,
)


class IndicatorGoalInline(RuleBasedInlineMixin, admin.TabularInline):
    model = IndicatorGoal
    fields = ("goal", "expected_effect", "order")
    autocomplete_fields = ("goal",)
    extra = 0


class IndicatorMeasureInline(RuleBasedInlineMixin, admin.TabularInline):
    model = IndicatorMeasure
    fields = ("measure", "expected_effect", "order")
    autocomplete_fields = ("measure",)
    extra = 0


class TargetInline(ReadOnlyInlineMixin, TranslationTabularInline):
    """Targets for reference: they are set in the workspace's strategy editor, with history."""

    model = Target
    fields = ("year", "value", "area", "note")
    show_change_link = False


def _link_save(*, user, row):
    return services.indicator_link_save(user=user, link=row)


def _link_delete(*, user, row) -> None:
    services.indicator_link_delete(user=user, link=row)


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdminMixin, RuleBasedAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    """Indicators saved by ``services.indicator_save``; their links to goals and
    measures by ``services.indicator_link_save``."""

    save_on_top = True
    list_display = ("name", "unit", "source", "time_resolution", "visibility", "responsible_unit")
    list_filter = ("organisation", "source", "visibility", "time_resolution")
    search_fields = ("name_fi", "name_sv", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_fi",)}
    autocomplete_fields = ("responsible_unit",)
    list_select_related = ("responsible_unit",)
    inlines = [TargetInline, IndicatorGoalInline, IndicatorMeasureInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "organisation",
                    "name",
                    "slug",
                    "description",
                    "internal_notes",
                    "visibility",
                )
            },
        ),
        (
            _("Values"),
            {"fields": ("unit", "decimals", "polarity", "time_resolution", "is_forecast")},
        ),
        (_("Source"), {"fields": ("source", "source_reference", "licence", "citation")}),
        (_("Responsibility"), {"fields": ("responsible_unit", "contact_person")}),
        (_("Display"), {"fields": ("order", "loaded_version")}),
    )
    inline_services = {
        IndicatorGoal: (_link_save, _link_delete),
        IndicatorMeasure: (_link_save, _link_delete),
    }

    def save_through_service(self, request, obj: Indicator, form, *, version, reason: str) -> None:
        services.indicator_save(user=request.user, indicator=obj, version=version, reason=reason)

    def delete_through_service(self, request, obj: Indicator) -> None:
        services.indicator_delete(user=request.user, indicator=obj, reason=REASON_REMOVED)


class ReadOnlyAdmin(RuleBasedAdminMixin, admin.ModelAdmin):
    """Rows only the importers write: visible to those who may see them, changed by nobody here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    organisation_path = "indicator__organisation"
    list_display = (
        "indicator",
        "area",
        "period",
        "dimensions_key",
        "value",
        "status",
        "fetched_at",
    )
    list_filter = ("status", "is_sample")
    search_fields = ("indicator__slug", "=area", "=period")
    list_select_related = ("indicator",)
    # Millions of rows: no exact count on every page.
    show_full_result_count = False
    ordering = ("indicator", "area", "dimensions_key", "period")


@admin.register(ObservationRevision)
class ObservationRevisionAdmin(ReadOnlyAdmin):
    organisation_path = "observation__indicator__organisation"
    list_display = ("observation", "value", "status", "changed_at", "import_run")
    list_select_related = ("observation", "import_run")
    show_full_result_count = False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
    list_display = (
        "started_at",
        "format",
        "file_name",
        "indicator",
        "user",
        "rows_read",
        "created_count",
        "updated_count",
        "unchanged_count",
    )
    list_filter = ("format", "trigger", "organisation")
    list_select_related = ("indicator", "user")
    date_hierarchy = "started_at"
