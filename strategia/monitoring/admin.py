"""Admin for the monitoring settings and periods; reminders sent are read-only.

Day-to-day work (opening periods, the completeness grid) happens in the
workspace; the admin is for corrections by administrators and the strategy
office, under the same rules (``RuleBasedAdminMixin``).
"""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from strategia.accounts.admin_access import RuleBasedAdminMixin

from .models import PlanMonitoring, ReminderSent, ReportingPeriod


@admin.register(PlanMonitoring)
class PlanMonitoringAdmin(RuleBasedAdminMixin, SimpleHistoryAdmin):
    organisation_path = "plan__organisation"
    list_display = (
        "plan",
        "rhythm",
        "annual_period",
        "approval_required",
        "deadline_days",
        "reminder_days_before",
        "escalation_days",
    )
    list_select_related = ("plan",)
    autocomplete_fields = ("plan",)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(RuleBasedAdminMixin, SimpleHistoryAdmin):
    organisation_path = "plan__organisation"
    list_display = ("label", "plan", "start_date", "end_date", "deadline", "state")
    list_filter = ("state", "kind", "year", "plan")
    list_select_related = ("plan",)
    readonly_fields = ("opened_at", "opened_by")
    autocomplete_fields = ("plan",)
    search_fields = ("plan__name_fi",)


@admin.register(ReminderSent)
class ReminderSentAdmin(RuleBasedAdminMixin):
    organisation_path = "period__plan__organisation"
    list_display = ("sent_at", "recipient_email", "kind", "sequence", "measure", "period")
    list_filter = ("kind", "period")
    list_select_related = ("measure", "period", "period__plan")
    search_fields = ("recipient_email", "measure__identifier")
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
