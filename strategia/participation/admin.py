"""Read-only admin: participation is written through ``services`` only (the pages call them).

Administrators see the rows of their organisation; e-mail addresses of
residents stay on the user pages of the accounts app, which only
administrators reach.
"""

from django.contrib import admin
from django.http import HttpRequest

from strategia.accounts.admin_access import RuleBasedAdminMixin

from .models import (
    Comment,
    ContentReport,
    Idea,
    IdeaAnswer,
    Initiative,
    ModerationEvent,
    Participant,
    ParticipationSettings,
)


class ReadOnlyAdmin(RuleBasedAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
    list_display = ("title", "state", "unit", "due_date", "is_hidden", "created_at")
    list_filter = ("state", "is_hidden")
    list_select_related = ("unit",)
    search_fields = ("title",)
    exclude = ("author",)


@admin.register(IdeaAnswer)
class IdeaAnswerAdmin(ReadOnlyAdmin):
    organisation_path = "idea__organisation"
    list_display = ("idea", "kind", "unit", "published_at")
    list_select_related = ("idea", "unit")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    organisation_path = "idea__organisation"
    list_display = ("__str__", "idea", "is_hidden", "created_at")
    list_select_related = ("idea",)
    exclude = ("author",)


@admin.register(ContentReport)
class ContentReportAdmin(ReadOnlyAdmin):
    organisation_path = "idea__organisation"
    list_display = ("reason", "idea", "comment", "created_at", "resolved_at")
    exclude = ("reporter",)


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
    list_display = ("action", "idea", "comment", "moderator", "created_at")


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
    list_display = ("display_name", "email_verified_at", "blocked_at", "created_at")
    exclude = ("user",)


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
    list_display = ("subject", "submitted_on", "channel", "status", "decision_date")
    list_filter = ("status", "channel")


@admin.register(ParticipationSettings)
class ParticipationSettingsAdmin(ReadOnlyAdmin):
    organisation_path = "organisation"
