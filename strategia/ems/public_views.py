"""The public side of the environmental management system.

The environmental policy and its programme (the policy's own goals, measures
and indicators, with the significant aspects and obligations they address)
and the published environmental reports. Register rows appear only when marked
public — unless the visitor may view the registers — through the same
visibility-aware selectors as the workspace.

Both pages are cached for anonymous visitors (``core.public_cache``): no form,
nothing of the visitor (signed-in staff, who may see internal rows, are never
served or stored). The programme shows the strategy's policy, goals and
measures and their indicators' judgements besides the registers' public rows;
a published report is a frozen document, so it changes only with the EMS kind.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from strategia.core.public_cache import public_page
from strategia.organisations.models import Organisation
from strategia.public.views import with_organisation
from strategia.reports.document import Document

from . import selectors


@public_page("ems", "strategy", "indicators")
@with_organisation
def programme(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    context = {
        "organisation": organisation,
        "programme": selectors.programme(user=request.user, organisation=organisation),
        "reports": _report_years(organisation),
    }
    return render(request, "ems/public_programme.html", context)


def _report_years(organisation: Organisation) -> list[int]:
    return sorted(
        set(selectors.published_reports(organisation).values_list("year", flat=True)),
        reverse=True,
    )


@public_page("ems")
@with_organisation
def report(request: HttpRequest, organisation: Organisation, year: int) -> HttpResponse:
    publications = {
        p.language: p for p in selectors.published_reports(organisation).filter(year=year)
    }
    publication = publications.get(request.LANGUAGE_CODE) or next(
        iter(sorted(publications.values(), key=lambda p: p.language != "fi")), None
    )
    if publication is None:
        raise Http404(_("No environmental report has been published for that year."))
    publication = selectors.published_reports(organisation).defer(None).get(pk=publication.pk)
    context = {
        "organisation": organisation,
        "publication": publication,
        "document": Document.from_dict(publication.document),
    }
    return render(request, "ems/public_report.html", context)
