"""The public list of residents' initiatives (kuntalaisaloite) and what became of them.

Initiators are named only when they chose so; the others are counted.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from strategia.core.public_cache import public_page
from strategia.organisations.models import Organisation
from strategia.public.views import with_organisation

from .. import selectors
from ..models import Initiative


@public_page("participation")
@with_organisation
def initiative_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    initiatives = selectors.initiatives_of(organisation)
    status = request.GET.get("status", "")
    if status in Initiative.Status.values:
        initiatives = initiatives.filter(status=status)
    context = {
        "organisation": organisation,
        "page": Paginator(initiatives, 30).get_page(request.GET.get("page")),
        "statuses": Initiative.Status.choices,
        "status": status,
    }
    return render(request, "participation/initiative_list.html", context)


@public_page("participation", "strategy")
@with_organisation
def initiative_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    initiative = selectors.initiatives_of(organisation).filter(pk=pk).first()
    if initiative is None:
        raise Http404(_("No such initiative."))
    context = {
        "organisation": organisation,
        "initiative": initiative,
        "measures": selectors.initiative_measures(user=request.user, initiative=initiative),
    }
    return render(request, "participation/initiative_detail.html", context)
