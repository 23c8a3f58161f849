"""The admin's writes go through the services, like the workspace's.

A service checks the rules, claims the version the form was loaded at
(``core.locking``), leaves history with who and why and tells the caches after
commit. An admin class that inherits ``ServiceAdminMixin`` saves and deletes
its rows only by calling the services it names, and saves inline rows only
through the services listed in ``inline_services``: an inline with no service
is read-only, and a posted change to it is refused rather than written.

A version conflict found while saving (someone saved between the form's
check and the service's claim) and a rule the service refuses with a
``ValidationError`` roll the whole save back and come back to the change page
as an error message.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from strategia.core.locking import VersionConflict

from .admin_access import ReadOnlyAdminMixin, RuleBasedInlineMixin

REASON_ADDED = "added in the admin"
REASON_CHANGED = "changed in the admin"
REASON_REMOVED = "removed in the admin"


class VersionedForm(forms.ModelForm):
    """Carries the version the object had when the form was opened.

    Two officials editing the same row: the second save is refused with the
    version saved in the meantime, instead of overwriting it silently.
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
                gettext_lazy(
                    "Someone saved this in the meantime (version %(current)s; you opened "
                    "version %(yours)s). Nothing was saved. Open the page again to see the "
                    "current text, then make your change again."
                ),
                params={"current": saved.version, "yours": cleaned.get("loaded_version")},
                code="version_conflict",
            )
        return cleaned


# (save, delete) for the rows of an inline; each takes ``user`` and the row.
InlineServices = tuple[Callable[..., Model], Callable[..., None]]


class ServiceAdminMixin(admin.ModelAdmin):
    """Saves and deletes through the services; put it first among the bases.

    Subclasses implement ``save_through_service`` and ``delete_through_service``
    and list their inlines' services in ``inline_services`` (model → (save, delete)).
    """

    form = VersionedForm
    inline_services: dict[type[Model], InlineServices] = {}

    def save_through_service(
        self, request: HttpRequest, obj, form, *, version, reason: str
    ) -> None:
        raise NotImplementedError

    def delete_through_service(self, request: HttpRequest, obj) -> None:
        raise NotImplementedError

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        # simple-history's "revert to this version" saves the old row as it
        # was, version included; the history page stays, the revert is a change
        # made in the editor or on the change page.
        return True

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except VersionConflict as conflict:
            self.message_user(
                request,
                _(
                    "Someone saved this in the meantime (now version %(current)s). Nothing "
                    "was saved: check the current text and make your change again."
                )
                % {"current": conflict.current.version},
                messages.ERROR,
            )
        except ValidationError as error:
            why = " ".join(error.messages)
            message = _("Nothing was saved: %(why)s") % {"why": why}
            self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        version = form.cleaned_data.get("loaded_version") if change else None
        reason = REASON_CHANGED if change else REASON_ADDED
        self.save_through_service(request, obj, form, version=version, reason=reason)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # No many-to-many fields of these forms are saved here (a measure's are
        # given to its service); only the inlines, each through its service.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        rows = formset.save(commit=False)
        deleted = list(formset.deleted_objects)
        if not rows and not deleted:
            return
        services = self.inline_services.get(formset.model)
        if services is None:
            raise PermissionDenied
        save, delete = services
        for row in deleted:
            delete(user=request.user, row=row)
        for row in rows:
            save(user=request.user, row=row)

    def delete_model(self, request: HttpRequest, obj) -> None:
        self.delete_through_service(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            if not self.has_delete_permission(request, obj):
                raise PermissionDenied
            self.delete_through_service(request, obj)


class ReadOnlyInlineMixin(ReadOnlyAdminMixin, RuleBasedInlineMixin):
    """An inline shown to those who may view the parent; its rows are edited on their own pages."""

    can_delete = False
    extra = 0
    max_num = 0
    show_change_link = True
