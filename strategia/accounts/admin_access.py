"""Make the Django admin honour the same permission rules as the rest of the site.

Django's admin asks its own questions (``has_view_permission``,
``has_change_permission``, ``get_queryset``…) and by default answers them
from model permissions held through groups. Strategia has one permission
model — role assignments read by the rules in ``rules.py`` — so the admin
classes of organisation content inherit ``RuleBasedAdminMixin``, which
answers every one of those questions from the rules:

- who may open the admin at all: active staff who also hold a role
  (superusers always);
- which rows a list shows: the rows of organisations where the user may
  view internal content (``strategy.view_internal``);
- who may change or delete a row: ``strategy.manage_content`` (administrator
  or strategy office of its organisation), or a model-specific rule asked
  with the object — measures use ``strategy.change_measure``, so a unit
  manager may edit the measures of their units and nothing else;
- who may add: whoever manages content in some organisation; the new row
  must land in an organisation where they do (checked again on save);
- foreign key and many-to-many choices: only rows of the user's organisations;
- list filters on relations offer only rows related to the rows the list may
  show (another town's plans are not among a reporting period's filters);
- every address of one row (change, delete, history, a history version, "view
  on site") answers only for rows of the list's queryset: another town's row,
  or another unit's unfinished update, is a 404 as if it did not exist.

Inlines use ``RuleBasedInlineMixin``: they may be changed by whoever may
change the parent object.

The organisation of a row is found along ``organisation_path`` ("organisation",
"plan__organisation", "measure__organisation"…); when a class does not set it,
it is detected from the model's foreign keys.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from strategia.core.invalidation import content_changed

from .access import access_of

VIEW_PERMISSION = "strategy.view_internal"
MANAGE_PERMISSION = "strategy.manage_content"

# Models whose rows some people may change without managing all content.
OBJECT_CHANGE_PERMISSIONS = {
    "strategy.measure": "strategy.change_measure",
}

# Relations followed, in this order, when looking for a row's organisation.
_ORGANISATION_CARRIERS = ("measure", "plan", "indicator", "goal", "unit", "user")


def detect_organisation_path(model: type[models.Model], depth: int = 0) -> str | None:
    """The lookup path from a model to its organisation: "" for Organisation itself."""
    from strategia.organisations.models import Organisation

    if model is Organisation:
        return ""
    fields = {field.name: field for field in model._meta.get_fields()}
    organisation = fields.get("organisation")
    if organisation is not None and organisation.many_to_one:
        return "organisation"
    if depth >= 2:
        return None
    for name in _ORGANISATION_CARRIERS:
        field = fields.get(name)
        if field is not None and field.many_to_one and field.related_model is not None:
            rest = detect_organisation_path(field.related_model, depth + 1)
            if rest is not None:
                return f"{name}__{rest}" if rest else name
    return None


def organisation_ids_where(user, permission: str) -> set[int] | None:
    """Organisations where the user holds ``permission``; None means all (superuser)."""
    from strategia.organisations.models import Organisation

    access = access_of(user)
    if access.is_superuser:
        return None
    return {
        organisation.pk
        for organisation in Organisation.objects.filter(pk__in=access.organisation_ids)
        if user.has_perm(permission, organisation)
    }


class RuleBasedAdminMixin(admin.ModelAdmin):
    """Admin for organisation-scoped content, answering every access question from the rules.

    Put it first among the bases::

        class MeasureAdmin(RuleBasedAdminMixin, SimpleHistoryAdmin, TranslationAdmin): ...

    Optional class attributes:

    ``organisation_path``
        lookup from the model to its organisation, e.g. ``"plan__organisation"``;
        detected from the foreign keys when left ``None``.
    ``change_permission``
        a rule asked with the object for change and delete; defaults to
        ``OBJECT_CHANGE_PERMISSIONS`` for the model, else to
        ``strategy.manage_content`` asked with the object's organisation.
    """

    organisation_path: str | None = None
    change_permission: str | None = None
    # What the public pages show of this model (``core.invalidation.KINDS``): a save or
    # delete here tells the caches of the row's organisation, after commit, as the
    # services do for their writes.
    content_kinds: tuple[str, ...] = ()

    # --- where a row belongs -------------------------------------------------

    def get_organisation_path(self) -> str | None:
        if self.organisation_path is not None:
            return self.organisation_path
        return detect_organisation_path(self.model)

    def organisation_of(self, obj: models.Model):
        path = self.get_organisation_path()
        if path is None:
            return None
        current = obj
        for part in filter(None, path.split("__")):
            current = getattr(current, part, None)
            if current is None:
                return None
        return current

    def _scope(self, queryset: QuerySet, organisation_ids: set[int] | None) -> QuerySet:
        if organisation_ids is None:
            return queryset
        path = self.get_organisation_path()
        if path is None:
            return queryset.none()
        lookup = f"{path}__in" if path else "pk__in"
        return queryset.filter(**{lookup: organisation_ids})

    # --- the questions the admin asks ----------------------------------------

    def _is_admin_user(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return False
        access = access_of(user)
        return access.is_superuser or bool(access.organisation_ids)

    def _object_change_permission(self) -> str | None:
        return self.change_permission or OBJECT_CHANGE_PERMISSIONS.get(self.model._meta.label_lower)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if not self._is_admin_user(request):
            return queryset.none()
        return self._scope(queryset, organisation_ids_where(request.user, VIEW_PERMISSION))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_admin_user(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self._is_admin_user(request):
            return False
        if obj is None:
            return True
        return request.user.has_perm(VIEW_PERMISSION, self.organisation_of(obj))

    def may_change(self, user, obj) -> bool:
        permission = self._object_change_permission()
        if permission:
            return user.has_perm(permission, obj)
        organisation = self.organisation_of(obj)
        return organisation is not None and user.has_perm(MANAGE_PERMISSION, organisation)

    def _manages_somewhere(self, request: HttpRequest) -> bool:
        ids = organisation_ids_where(request.user, MANAGE_PERMISSION)
        return ids is None or bool(ids)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self._is_admin_user(request):
            return False
        if obj is None:
            # The list page asks without an object; each row is asked again.
            return bool(self._object_change_permission()) or self._manages_somewhere(request)
        return self.may_change(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self._is_admin_user(request):
            return False
        if obj is None:
            return self._manages_somewhere(request)
        organisation = self.organisation_of(obj)
        return organisation is not None and request.user.has_perm(MANAGE_PERMISSION, organisation)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_admin_user(request) and self._manages_somewhere(request)

    def get_inline_instances(self, request: HttpRequest, obj=None):
        # Inlines would otherwise ask Django's model permissions, which no role
        # grants: strategy office staff would not see a plan's goals. An
        # inline row belongs to its parent, so the parent's rules decide,
        # unless the inline class decides itself (``RuleBasedInlineMixin``).
        instances = []
        for inline_class in self.get_inlines(request, obj):
            inline = inline_class(self.model, self.admin_site)
            if not isinstance(inline, RuleBasedInlineMixin):
                _delegate_to_parent(inline, self)
            if request:
                if not inline.has_view_or_change_permission(request, obj):
                    continue
                if not inline.has_add_permission(request, obj):
                    inline.max_num = 0
            instances.append(inline)
        return instances

    def get_list_filter(self, request: HttpRequest):
        # Django's filter on a relation lists every row of the related model,
        # another town's included; this one lists the rows related to what the
        # list may show.
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if not isinstance(entry, str):
            return entry
        try:
            field = get_fields_from_path(self.model, entry)[-1]
        except (FieldDoesNotExist, NotRelationField):
            return entry
        if field.is_relation:
            return (entry, admin.RelatedOnlyFieldListFilter)
        return entry

    # --- the history of one row -------------------------------------------

    def _refuse_hidden_row(self, request: HttpRequest, object_id) -> None:
        """404 for a row that exists but is not in the user's queryset.

        simple-history's views read the row with the model's own manager (a
        history version) or fall back to its history when the queryset lacks
        it, and then ask only the organisation's view rule — which would show
        another unit's unfinished update, or any row whose queryset is
        narrower than its organisation.
        """
        if self.get_object(request, object_id) is not None:
            return
        try:
            exists = self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            raise Http404 from None
        if exists:
            raise Http404

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        self._refuse_hidden_row(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        self._refuse_hidden_row(request, object_id)
        # django-simple-history saves a posted "revert to this version" form
        # for anyone who may merely view the history (it only hides the
        # button); a revert is a change, so the change rule decides.
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- writes -----------------------------------------------------------

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        # The form limits choices, but the decision is made on what is about
        # to be saved: a row may not be moved or created where the user has
        # no right to have it.
        if change:
            allowed = self.may_change(request.user, obj)
        else:
            organisation = self.organisation_of(obj)
            allowed = organisation is not None and request.user.has_perm(
                MANAGE_PERMISSION, organisation
            )
        if not allowed:
            raise PermissionDenied
        super().save_model(request, obj, form, change)
        self.content_changed(obj)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # Many-to-many fields and inlines (a plan's goals, an indicator's targets).
        super().save_related(request, form, formsets, change)
        self.content_changed(form.instance)

    def delete_model(self, request: HttpRequest, obj) -> None:
        self.content_changed(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # "Delete selected" asks has_delete_permission without an object.
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied
            self.content_changed(obj)
        super().delete_queryset(request, queryset)

    def content_changed(self, obj) -> None:
        """Tell the caches that this row's organisation's ``content_kinds`` changed."""
        organisation = self.organisation_of(obj) if self.content_kinds else None
        if organisation is not None:
            content_changed(organisation_id=organisation.pk, kinds=self.content_kinds)

    # --- choices ----------------------------------------------------------

    def _limit_to_user_organisations(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        ids = organisation_ids_where(request.user, VIEW_PERMISSION)
        if ids is None:
            return queryset
        from .models import User

        if queryset.model is User:
            # Accounts carry no organisation of their own: those of the
            # user's organisations are the ones with roles there and nowhere else.
            from .selectors import users_only_of

            return queryset.filter(pk__in=users_only_of(ids).values("pk"))
        path = detect_organisation_path(queryset.model)
        if path is None:
            return queryset
        lookup = f"{path}__in" if path else "pk__in"
        return queryset.filter(**{lookup: ids})

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = self._limit_to_user_organisations(request, formfield.queryset)
        return formfield

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = self._limit_to_user_organisations(request, formfield.queryset)
        return formfield


def _delegate_to_parent(inline, parent_admin: RuleBasedAdminMixin) -> None:
    def may_view(request, obj=None):
        return parent_admin.has_view_permission(request, obj)

    def may_change(request, obj=None):
        return parent_admin.has_change_permission(request, obj)

    inline.has_view_permission = may_view
    inline.has_change_permission = may_change
    inline.has_add_permission = may_change
    inline.has_delete_permission = may_change


class RuleBasedInlineMixin:
    """For inlines of a ``RuleBasedAdminMixin`` admin: whoever may change the
    parent may view, add, change and delete its inline rows.

    ``obj`` in an inline's permission methods is the parent object.
    """

    def _parent_admin(self, request: HttpRequest):
        return self.admin_site._registry.get(self.parent_model)

    def _may_change_parent(self, request: HttpRequest, obj) -> bool:
        parent_admin = self._parent_admin(request)
        if parent_admin is None:
            return False
        return parent_admin.has_change_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        parent_admin = self._parent_admin(request)
        return parent_admin is not None and parent_admin.has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_change_parent(request, obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_change_parent(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_change_parent(request, obj)


class ReadOnlyAdminMixin:
    """Shown to those who may read it; nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
