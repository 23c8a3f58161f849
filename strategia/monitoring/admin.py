"""Admin for the monitoring cycle, under the same rules as the workspace.

Day-to-day work (writing, submitting, approving and returning status updates,
opening periods, the completeness grid) happens in the workspace, where the
services and their rules live. The admin is no second door:

- status updates, reminders sent and workflow mail are read-only here (no
  add, change or delete, for anyone): an update is published only through
  approval in the workspace, or by the strategy office's correction there;
- monitoring settings are saved through ``services.plan_monitoring_update``;
- a reporting period's state is read-only; the actions "open" and "close"
  call ``services.period_open`` / ``period_close``, which record who opened it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from strategia.accounts.admin_access import ReadOnlyAdminMixin, RuleBasedAdminMixin
from strategia.accounts.selectors import unfinished_work_condition

from . import services
from .models import (
    MailPreference,
    PlanMonitoring,
    ReminderSent,
    ReportingPeriod,
    StatusUpdate,
    WorkflowNotice,
)


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

    def save_model(self, request, obj, form, change) -> None:
        if not request.user.has_perm("monitoring.open_period", obj.plan):
            raise PermissionDenied
        saved = services.plan_monitoring_update(
            user=request.user,
            plan=obj.plan,
            **{name: form.cleaned_data[name] for name in services.PLAN_MONITORING_FIELDS},
        )
        obj.pk = saved.pk


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(RuleBasedAdminMixin, SimpleHistoryAdmin):
    organisation_path = "plan__organisation"
    list_display = ("period", "plan", "start_date", "end_date", "deadline", "state")
    list_filter = ("state", "kind", "year", "plan")
    list_select_related = ("plan",)
    readonly_fields = ("state", "opened_at", "opened_by")
    autocomplete_fields = ("plan",)
    search_fields = ("plan__name_fi",)
    actions = ("open_periods", "close_periods")

    @admin.display(description=_("period"), ordering="start_date")
    def period(self, obj: ReportingPeriod) -> str:
        return obj.label

    @admin.action(description=_("Open the selected periods"))
    def open_periods(self, request: HttpRequest, queryset) -> None:
        for period in queryset.select_related("plan"):
            services.period_open(user=request.user, period=period)
        self.message_user(request, _("The periods were opened."), messages.SUCCESS)

    @admin.action(description=_("Close the selected periods"))
    def close_periods(self, request: HttpRequest, queryset) -> None:
        for period in queryset.select_related("plan"):
            services.period_close(user=request.user, period=period)
        self.message_user(request, _("The periods were closed."), messages.SUCCESS)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(
    ReadOnlyAdminMixin, RuleBasedAdminMixin, SimpleHistoryAdmin, TranslationAdmin
):
    organisation_path = "measure__organisation"
    list_display = ("measure", "date", "reporting_period", "status", "progress", "state", "author")
    list_filter = ("state", "status", "measure__organisation")
    search_fields = ("measure__identifier", "measure__name_fi", "text_fi")
    date_hierarchy = "date"
    list_select_related = ("measure", "author", "reporting_period")
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
                    "correction_reason",
                )
            },
        ),
    )

    def has_revert_permission(self, request: HttpRequest, obj=None) -> bool:
        # simple-history's "revert to this version" would be a write too.
        return False

    def get_queryset(self, request: HttpRequest):
        # Published updates for every role holder; work in progress only for
        # the measure's unit chain (``monitoring.view_unfinished_work``).
        queryset = super().get_queryset(request)
        mine = StatusUpdate.objects.filter(
            unfinished_work_condition(request.user, prefix="measure__")
        )
        return queryset.filter(Q(state=StatusUpdate.State.PUBLISHED) | Q(pk__in=mine.values("pk")))

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if not super().has_view_permission(request, obj):
            return False
        return (
            obj is None
            or obj.state == StatusUpdate.State.PUBLISHED
            or request.user.has_perm("monitoring.view_unfinished_work", obj)
        )


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdminMixin, RuleBasedAdminMixin):
    organisation_path = "period__plan__organisation"
    list_display = ("sent_at", "recipient_email", "kind", "sequence", "measure", "period")
    list_filter = ("kind", "period")
    list_select_related = ("measure", "period", "period__plan")
    search_fields = ("recipient_email", "measure__identifier")
    date_hierarchy = "sent_at"


@admin.register(WorkflowNotice)
class WorkflowNoticeAdmin(ReadOnlyAdminMixin, RuleBasedAdminMixin):
    organisation_path = "update__measure__organisation"
    list_display = ("created_at", "recipient_email", "event", "delivery", "sent_at", "update")
    list_filter = ("event", "delivery")
    list_select_related = ("update", "update__measure")
    search_fields = ("recipient_email", "update__measure__identifier")
    date_hierarchy = "created_at"


@admin.register(MailPreference)
class MailPreferenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Each person chooses in the workspace; administrators may look."""

    list_display = ("user", "delivery")
    search_fields = ("user__email",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser
