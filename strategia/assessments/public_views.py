"""Published assessments on the public site, next to their decisions.

Every read starts from ``selectors.published_decisions``: a decision whose
assessment is not published doesn't exist here, listed or addressed.

Both pages are cached for anonymous visitors (``core.public_cache``): they have
no form and nothing of the visitor. The list shows only decisions; the detail
also names the goals and measures of the strategy and the public indicators
cited as evidence.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from strategia.core.public_cache import public_page
from strategia.organisations.models import Organisation
from strategia.public.views import with_organisation

from . import block, selectors

DECISIONS_PER_PAGE = 25


@public_page("decisions")
@with_organisation
def decision_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    paginator = Paginator(
        selectors.published_decisions(organisation=organisation), DECISIONS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "assessments/public/decision_list.html", {"page": page})


@public_page("decisions", "strategy", "indicators")
@with_organisation
def decision_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    decision = selectors.published_decision_or_none(organisation=organisation, pk=pk)
    if decision is None:
        raise Http404(_("No such decision."))
    assessment = selectors.assessment_with_content(decision.assessment.pk, public_only=True)
    data = block.block_data(assessment, language=get_language() or "fi")
    return render(
        request,
        "assessments/public/decision_detail.html",
        {
            "decision": decision,
            "assessment": assessment,
            "block_html": block.block_html(data, heading_level=2),
            "goal_links": list(assessment.goal_links.all()),
            "measures": [m for m in assessment.decision.measures.all() if m.is_public],
        },
    )
