"""An indicator's links to the goals and measures it follows, on its editor page.

The links are saved and removed by ``indicators.services.indicator_link_save``
and ``indicator_link_delete``, the same services the admin uses, which refuse
another organisation's rows. The forms carry the indicator's version: a link is
part of the indicator, so a page loaded before someone else changed the
indicator or its links is refused, nothing changed, and shown again as now saved
with the user's choice still in the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategia.core.locking import VersionConflict
from strategia.core.validation import id_or_none
from strategia.indicators import services as indicator_services
from strategia.indicators.models import Indicator, IndicatorGoal, IndicatorMeasure
from strategia.organisations.models import Organisation

from . import content_forms as cf
from .content_views import add_errors, edit_page, editor_of
from .views import _redirect, workspace_view

KIND = "mittarit"
FORMS = {"goal": cf.GoalLinkForm, "measure": cf.MeasureLinkForm}
MODELS = {"goal": IndicatorGoal, "measure": IndicatorMeasure}


def _conflict_message(current: Indicator) -> str:
    return _(
        "Someone changed this indicator or its links in the meantime (now version "
        "%(current)s). Nothing was changed: the links below are as now saved. Check them "
        "and make your change again."
    ) % {"current": current.version}


def _indicator(request: HttpRequest, organisation: Organisation, pk: int):
    editor = editor_of(request, organisation, KIND)
    return editor, get_object_or_404(editor.rows(organisation), pk=pk)


@workspace_view
@require_POST
def link_add(
    request: HttpRequest, organisation: Organisation, pk: int, target: str
) -> HttpResponse:
    """Link the indicator to a goal or measure, or change the effect of an existing link."""
    editor, indicator = _indicator(request, organisation, pk)
    form_class = FORMS[target]
    form = form_class(request.POST, indicator=indicator)
    if form.is_valid():
        try:
            indicator_services.indicator_link_save(
                user=request.user, link=form.instance, version=form.cleaned_data["version"] or 0
            )
        except VersionConflict as conflict:
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(conflict.current.version)
            return edit_page(
                request,
                organisation,
                editor,
                conflict.current,
                link_conflict=_conflict_message(conflict.current),
                **{f"{target}_link_form": form_class(data, indicator=conflict.current)},
                status=409,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The link was saved."))
            return _redirect("content_edit", kind=KIND, pk=indicator.pk)
    return edit_page(
        request, organisation, editor, indicator, status=400, **{f"{target}_link_form": form}
    )


@workspace_view
@require_POST
def link_delete(
    request: HttpRequest, organisation: Organisation, pk: int, target: str, link_pk: int
) -> HttpResponse:
    editor, indicator = _indicator(request, organisation, pk)
    link = MODELS[target].objects.filter(indicator=indicator, pk=link_pk).first()
    if link is None:
        messages.info(request, _("That link had already been removed."))
        return _redirect("content_edit", kind=KIND, pk=indicator.pk)
    version = id_or_none(request.POST.get("version", "")) or 0
    try:
        indicator_services.indicator_link_delete(user=request.user, link=link, version=version)
    except VersionConflict as conflict:
        return edit_page(
            request,
            organisation,
            editor,
            conflict.current,
            link_conflict=_conflict_message(conflict.current),
            status=409,
        )
    messages.success(request, _("The link was removed."))
    return _redirect("content_edit", kind=KIND, pk=indicator.pk)
