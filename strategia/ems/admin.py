"""The EMS registers in the admin: read-only, with their history.

Every write goes through ``services.py`` from the workspace pages
(/tyotila/ymparisto/), where significance, evaluation dates, locking and
cache invalidation follow; the admin only shows the rows of the organisations
the user may see.
"""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from strategia.accounts.admin_access import RuleBasedAdminMixin

from .models import (
    Aspect,
    Audit,
    AuditFinding,
    AuditProgramme,
    ComplianceEvaluation,
    ManagementReview,
    Nonconformity,
    Obligation,
    ReportPublication,
    ReviewAction,
    SignificanceCriterion,
    Site,
)
from .selectors import ORGANISATION_PATH


class ReadOnlyRegisterAdmin(RuleBasedAdminMixin, SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


LIST_DISPLAY = {
    Site: ("name", "standard", "certification_status", "certificate_valid_until", "owner"),
    Aspect: ("activity", "aspect", "total_score", "is_significant", "next_review", "owner"),
    Obligation: ("title", "kind", "latest_result", "next_evaluation", "owner"),
    ComplianceEvaluation: ("obligation", "date", "result"),
    AuditProgramme: ("name", "year", "owner"),
    Audit: ("scope", "date", "state", "programme"),
    AuditFinding: ("description", "kind", "audit"),
    Nonconformity: ("description", "source", "due_date", "closed_on", "owner"),
    ManagementReview: ("date", "state", "owner"),
    ReviewAction: ("description", "due_date", "done_on", "owner"),
}

for model, columns in LIST_DISPLAY.items():
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (ReadOnlyRegisterAdmin,),
            {
                "list_display": columns,
                "organisation_path": ORGANISATION_PATH[model],
                "__module__": __name__,
            },
        ),
    )


@admin.register(SignificanceCriterion)
class SignificanceCriterionAdmin(ReadOnlyRegisterAdmin):
    list_display = ("name", "max_score", "weight", "decisive_score", "order")
    organisation_path = "organisation"


@admin.register(ReportPublication)
class ReportPublicationAdmin(ReadOnlyRegisterAdmin):
    list_display = ("year", "language", "published_at", "published_by")
    organisation_path = "organisation"
    exclude = ("document",)
