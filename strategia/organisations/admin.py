from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from strategia.accounts.admin_access import RuleBasedAdminMixin
from strategia.accounts.admin_services import (
    REASON_REMOVED,
    ReadOnlyInlineMixin,
    ServiceAdminMixin,
)
from strategia.core.invalidation import everything_changed

from . import services
from .models import Organisation, Person, Unit


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ("name", "slug", "municipality_code")
    search_fields = ("name_fi", "name_sv", "name_en", "slug", "municipality_code")
    prepopulated_fields = {"slug": ("name_fi",)}

    def save_model(self, request, obj: Organisation, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Its name and host names are on every page it serves.
        everything_changed(organisation_id=obj.pk)


class ChildUnitInline(ReadOnlyInlineMixin, admin.TabularInline):
    """A unit's sub-units for reference: each is edited on its own page."""

    model = Unit
    fk_name = "parent"
    fields = ("name_fi", "kind", "slug")
    verbose_name = _("sub-unit")
    verbose_name_plural = _("sub-units")


@admin.register(Unit)
class UnitAdmin(ServiceAdminMixin, RuleBasedAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("name", "kind", "parent", "governing_body", "organisation")
    list_filter = ("organisation", "kind")
    search_fields = ("name_fi", "name_sv", "name_en", "slug", "governing_body_fi")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name_fi",)}
    inlines = [ChildUnitInline]
    list_select_related = ("parent", "organisation")

    def save_through_service(self, request, obj: Unit, form, *, version, reason: str) -> None:
        services.unit_save(user=request.user, unit=obj, version=version, reason=reason)

    def delete_through_service(self, request, obj: Unit) -> None:
        services.unit_delete(user=request.user, unit=obj, reason=REASON_REMOVED)


@admin.register(Person)
class PersonAdmin(ServiceAdminMixin, RuleBasedAdminMixin, SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "title", "unit", "email", "user")
    list_filter = ("organisation", "unit")
    search_fields = ("first_name", "last_name", "email", "title")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("user",)
    list_select_related = ("unit", "user")

    def save_through_service(self, request, obj: Person, form, *, version, reason: str) -> None:
        services.person_save(user=request.user, person=obj, version=version, reason=reason)

    def delete_through_service(self, request, obj: Person) -> None:
        services.person_delete(user=request.user, person=obj, reason=REASON_REMOVED)
