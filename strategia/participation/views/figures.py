"""The public page of participation figures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from strategia.core.public_cache import public_page
from strategia.core.validation import year_or_none
from strategia.organisations.models import Organisation
from strategia.public.views import with_organisation
from strategia.strategy.models import MeasureStatus

from ..models import IdeaState
from ..statistics import idea_figures, years_with_ideas


@public_page("participation", "strategy")
@with_organisation
def figures(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    years = years_with_ideas(organisation)
    year = year_or_none(request.GET.get("year"))
    year = year if year in years else None
    data = idea_figures(organisation=organisation, year=year)
    context = {
        "organisation": organisation,
        "figures": data,
        "years": years,
        "year": year,
        "state_rows": [(IdeaState(key).label, value) for key, value in data.per_state.items()],
        "measure_rows": [
            (MeasureStatus(key).label, value)
            for key, value in data.measure_statuses.items()
            if value
        ],
        "max_goal": max((row.count for row in data.per_goal), default=0),
    }
    return render(request, "participation/figures.html", context)
