"""Read-only admin: decisions and assessments are written through ``services.py`` only.

The workspace (and the default content for templates) is the one door for
writes with rules — states, four eyes, locking, history — so the admin only
shows rows, with their history, to those who may read the organisation's
internal content.
"""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from strategia.accounts.admin_access import RuleBasedAdminMixin

from .models import AssessmentTemplate, Decision, ImpactAssessment, TemplateVersion


class ReadOnlyAdmin(RuleBasedAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    organisation_path = "organisation"
    list_display = ("title", "body", "meeting_date", "paragraph", "status", "source")
    list_filter = ("body_kind", "status", "source")
    search_fields = ("title_fi", "body")
    date_hierarchy = "meeting_date"


@admin.register(ImpactAssessment)
class ImpactAssessmentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    organisation_path = "decision__organisation"
    list_display = ("decision", "state", "preparer", "reviewer", "template_version")
    list_filter = ("state",)
    list_select_related = ("decision", "preparer", "reviewer", "template_version__template")
    search_fields = ("decision__title_fi",)


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
    list_display = ("name", "slug", "is_default")


@admin.register(TemplateVersion)
class TemplateVersionAdmin(ReadOnlyAdmin):
    organisation_path = "template__organisation"
    list_display = ("template", "number", "created_at", "note")
    list_select_related = ("template",)
