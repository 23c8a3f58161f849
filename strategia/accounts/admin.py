from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.messages import ERROR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from . import services
from .access import access_of
from .admin_access import RuleBasedAdminMixin, organisation_ids_where
from .models import AuditEvent, RoleAssignment, User
from .selectors import users_only_of

# Only administrators (of the assignment's organisation) hand out roles here;
# unit managers use the user management page, which keeps them within bounds.
MANAGE_USERS_PERMISSION = "accounts.manage_users"


class RoleAssignmentInline(admin.TabularInline):
    """A user's roles: added and removed through ``services.role_assign`` / ``role_revoke``
    (``UserAdmin.save_formset``), never edited in place."""

    model = RoleAssignment
    fields = ("organisation", "role", "unit")
    autocomplete_fields = ("unit",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        ids = organisation_ids_where(request.user, MANAGE_USERS_PERMISSION)
        return queryset if ids is None else queryset.filter(organisation_id__in=ids)

    def _may(self, request: HttpRequest) -> bool:
        ids = organisation_ids_where(request.user, MANAGE_USERS_PERMISSION)
        return ids is None or bool(ids)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may(request)

    def has_change_permission(self, request, obj=None) -> bool:
        # A grant is added or revoked, never edited: existing rows are shown read-only.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        ids = organisation_ids_where(request.user, MANAGE_USERS_PERMISSION)
        if ids is not None and db_field.name == "organisation":
            formfield.queryset = formfield.queryset.filter(pk__in=ids)
        if ids is not None and db_field.name == "unit":
            formfield.queryset = formfield.queryset.filter(organisation_id__in=ids)
        return formfield


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users of the organisations the signed-in administrator administers."""

    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "role_assignments__role")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "preferred_language")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "preferred_language", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = [RoleAssignmentInline]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser makes superusers.
            fields.append("is_superuser")
        return fields

    def _is_user_admin(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return False
        ids = organisation_ids_where(user, MANAGE_USERS_PERMISSION)
        return ids is None or bool(ids)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if not self._is_user_admin(request):
            return queryset.none()
        ids = organisation_ids_where(request.user, MANAGE_USERS_PERMISSION)
        if ids is None:
            return queryset
        # Only users whose every role lies in organisations the administrator
        # administers: changing the password of someone who also works for
        # another organisation would reach into that one.
        return queryset.filter(pk__in=users_only_of(ids).values("pk"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_user_admin(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_user_admin(request) and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    has_change_permission = has_view_permission

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_user_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Users are deactivated, never deleted: their names stay on what they wrote.
        return access_of(request.user).is_superuser

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A grant the service refuses (another organisation's account, one's own
        # access) rolls the whole save back and comes back as an error message.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            why = " ".join(error.messages)
            self.message_user(request, _("Nothing was saved: %(why)s") % {"why": why}, ERROR)
        except PermissionDenied as error:
            if not str(error):
                raise
            self.message_user(request, _("Nothing was saved: %(why)s") % {"why": error}, ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        """Roles are granted and revoked by the services: organisation walls, audit trail."""
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        user = form.instance
        for assignment in formset.save(commit=False):
            if assignment.pk is not None:
                raise PermissionDenied
            services.role_assign(
                actor=request.user,
                user=user,
                organisation=assignment.organisation,
                role=assignment.role,
                unit=assignment.unit,
            )
        for assignment in formset.deleted_objects:
            services.role_revoke(actor=request.user, assignment=assignment)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(RuleBasedAdminMixin):
    list_display = ("user", "role", "unit", "organisation", "created_at")
    list_filter = ("organisation", "role")
    search_fields = ("user__email", "user__full_name", "unit__name_fi")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit", "organisation")
    change_permission = MANAGE_USERS_PERMISSION

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if not self._is_admin_user(request):
            return queryset.none()
        return self._scope(queryset, organisation_ids_where(request.user, MANAGE_USERS_PERMISSION))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return self._is_admin_user(request) and request.user.has_perm(
            MANAGE_USERS_PERMISSION, obj.organisation
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        if not self._is_admin_user(request):
            return False
        ids = organisation_ids_where(request.user, MANAGE_USERS_PERMISSION)
        return ids is None or bool(ids)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return self.has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A grant is added or revoked, never edited: both go through the services,
        # which check the organisation wall and keep the audit trail.
        if obj is not None:
            return False
        return self.has_add_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        ids = organisation_ids_where(request.user, MANAGE_USERS_PERMISSION)
        if ids is not None and db_field.name == "organisation":
            formfield.queryset = formfield.queryset.filter(pk__in=ids)
        if ids is not None and db_field.name == "user":
            formfield.queryset = formfield.queryset.filter(pk__in=users_only_of(ids).values("pk"))
        return formfield

    def save_model(self, request, obj, form, change) -> None:
        if change:
            raise PermissionDenied
        try:
            saved = services.role_assign(
                actor=request.user,
                user=obj.user,
                organisation=obj.organisation,
                role=obj.role,
                unit=obj.unit,
            )
        except ValidationError as error:
            raise PermissionDenied(" ".join(error.messages)) from None
        obj.pk = saved.pk

    def delete_model(self, request, obj) -> None:
        services.role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request, queryset) -> None:
        for assignment in queryset.select_related("organisation", "unit"):
            services.role_revoke(actor=request.user, assignment=assignment)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only, for administrators of the organisations it concerns.

    An event of an organisation (a role, an invitation) is shown to its
    administrators; a sign-in event, which belongs to no organisation, to the
    administrators of the account's organisation; events of no known account
    (a failed sign-in with an unknown address) to superusers only.
    """

    list_display = ("occurred_at", "kind", "email", "actor", "organisation", "client_address")
    list_filter = ("kind", "organisation")
    search_fields = ("email", "actor__email", "subject__email", "client_address")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor", "subject", "organisation")
    fields = (
        "occurred_at",
        "kind",
        "actor",
        "subject",
        "email",
        "organisation",
        "client_address",
        "details",
    )
    readonly_fields = fields

    def _organisation_ids(self, request: HttpRequest) -> set[int] | None | bool:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return False
        ids = organisation_ids_where(user, MANAGE_USERS_PERMISSION)
        return ids if ids is None or ids else False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        ids = self._organisation_ids(request)
        if ids is False:
            return queryset.none()
        if ids is None:
            return queryset
        accounts = users_only_of(ids).values("pk")
        return queryset.filter(
            Q(organisation_id__in=ids) | Q(organisation__isnull=True, subject__in=accounts)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._organisation_ids(request) is not False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if self._organisation_ids(request) is False:
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# The sign-in libraries' admin pages, translated (imported for its registrations).
from . import admin_third_party  # noqa: E402, F401
