"""The reports page of the workspace, and the published reports on the public site.

Thin views: the form validates, the services check the rules and write.
A draft's preview and downloads are built from the data as it is now; a
final report's come from its frozen snapshot and stored files.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategia.core.public_cache import public_page
from strategia.monitoring.views import workspace_view
from strategia.organisations.models import Organisation
from strategia.public.views import with_organisation

from . import services
from .forms import ReportForm
from .models import Format, Report, ReportFile
from .renderers import CONTENT_TYPES
from .renderers.html import document_body
from .selectors import published_reports


def _report_for_staff(request: HttpRequest, organisation: Organisation, pk: int) -> Report:
    if not request.user.has_perm("reports.view_reports", organisation):
        raise PermissionDenied
    return get_object_or_404(
        Report.objects.select_related("plan", "period", "created_by", "finalised_by"),
        pk=pk,
        organisation=organisation,
    )


def _download(report: Report, format: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    name = slugify(report.title or report.kind)[:80] or "report"
    disposition = "inline" if format in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{format}"'
    return response


@workspace_view
def report_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if not request.user.has_perm("reports.view_reports", organisation):
        raise PermissionDenied
    may_prepare = request.user.has_perm("reports.prepare", organisation)
    form = ReportForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if not may_prepare:
            raise PermissionDenied
        if form.is_valid():
            report = services.report_create(
                user=request.user, organisation=organisation, **form.cleaned_data
            )
            return HttpResponseRedirect(report.get_absolute_url())
    reports = (
        Report.objects.filter(organisation=organisation)
        .select_related("plan", "period", "created_by")
        .defer("snapshot")
    )
    return render(
        request,
        "reports/report_list.html",
        {"form": form, "reports": reports, "may_prepare": may_prepare},
    )


@workspace_view
def report_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = _report_for_staff(request, organisation, pk)
    document = services.report_document(report)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            # The renderer escapes every text it puts in the HTML.
            "preview": mark_safe(document_body(document, title_level=2)),  # noqa: S308
            "formats": Format.choices,
            "may_finalise": request.user.has_perm("reports.make_final", organisation),
        },
    )


@workspace_view
def report_download(
    request: HttpRequest, organisation: Organisation, pk: int, format: str
) -> HttpResponse:
    report = _report_for_staff(request, organisation, pk)
    if format not in Format.values:
        raise Http404
    return _download(report, format, services.report_content(report, format))


def _post_action(request: HttpRequest, organisation: Organisation, pk: int, action) -> HttpResponse:
    report = _report_for_staff(request, organisation, pk)
    try:
        message = action(report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if message:
            messages.success(request, message)
    if not Report.objects.filter(pk=pk).exists():
        return HttpResponseRedirect(reverse("reports:list"))
    return HttpResponseRedirect(reverse("reports:detail", kwargs={"pk": pk}))


@require_POST
@workspace_view
def report_finalise(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    def action(report: Report) -> str:
        services.report_make_final(user=request.user, report=report)
        return _("The report is final: its content and files are frozen.")

    return _post_action(request, organisation, pk, action)


@require_POST
@workspace_view
def report_publish(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    def action(report: Report) -> str:
        if request.POST.get("unpublish"):
            services.report_unpublish(user=request.user, report=report)
            return _("The report is no longer on the public site.")
        services.report_publish(user=request.user, report=report)
        return _("The report is published on the public site.")

    return _post_action(request, organisation, pk, action)


@require_POST
@workspace_view
def report_delete(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    def action(report: Report) -> str:
        services.report_delete_draft(user=request.user, report=report)
        return _("The draft was deleted.")

    return _post_action(request, organisation, pk, action)


# --- Public site ----------------------------------------------------------------


# The list is cached for anonymous visitors (no form, nothing of the visitor):
# it names the published reports and their plans.
@public_page("reports", "strategy")
@with_organisation
def public_report_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    groups = published_reports(organisation=organisation)
    return render(request, "reports/public_list.html", {"groups": groups})


@with_organisation
def public_report_download(
    request: HttpRequest, organisation: Organisation, pk: int, format: str
) -> HttpResponse:
    """A published report's stored file, answered 304 when the visitor has it already.

    Not kept in the public cache: the files are frozen, can be megabytes, and
    are read with one query by key, so a copy per language in Redis would cost
    more memory than it saves time. Their ETag is the file's SHA-256, their
    Last-Modified when the report was made final.
    """
    file = (
        ReportFile.objects.select_related("report")
        .defer("content")
        .filter(
            report_id=pk,
            report__organisation=organisation,
            report__published_at__isnull=False,
            report__internal=False,
            format=format,
        )
        .first()
    )
    if file is None:
        raise Http404("No such published report.")
    etag = f'"{file.sha256}"'
    made = file.report.finalised_at or file.report.published_at
    last_modified = int(made.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    response = _download(file.report, format, bytes(file.content))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response
