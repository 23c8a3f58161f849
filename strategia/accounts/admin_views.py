"""The admin's "view on site" redirect, scoped like the rest of the admin.

Django's ``/admin/r/<content type>/<id>/`` redirects any staff user to any
object's page, which tells a staff user of one organisation the address
(the identifier in the slug) of another organisation's internal measure. This
view answers only for objects the object's own admin would show the user —
its ``get_queryset`` and ``has_view_permission``, both scoped by the rules —
and 404 for the rest, exactly as for an id that does not exist.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpRequest, HttpResponse

from strategia.core.validation import id_or_none


def _view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    model_admin = admin.site._registry.get(model) if model is not None else None
    pk = id_or_none(object_id)
    if model_admin is None or pk is None:
        raise Http404
    obj = model_admin.get_queryset(request).filter(pk=pk).first()
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)


view_on_site = admin.site.admin_view(_view_on_site)
