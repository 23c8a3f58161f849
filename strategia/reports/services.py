"""Writes of reports: create a draft, make it final (frozen), publish it.

Each function checks its rule (``strategia/accounts/rules.py``) and writes in
one transaction. Making a report final builds its document once, stores it as
JSON and renders every format *from that JSON*, so the stored files and the
snapshot always agree and a later download returns exactly those bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from strategia.core.invalidation import content_changed
from strategia.organisations.models import Organisation
from strategia.strategy.models import Plan

from .document import Document
from .models import Format, Report, ReportFile
from .registry import ReportRequest, report_kind
from .renderers import render

Progress = Callable[[str], None]


def _require(user, permission: str, obj: object) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(permission)


def validate_request(
    *,
    organisation: Organisation,
    kind: str,
    plan: Plan | None,
    year: int | None,
    period=None,
) -> None:
    """A clear message, per field, for a report that cannot be built as asked."""
    try:
        scope = report_kind(kind).scope
    except LookupError:
        raise ValidationError(
            {"kind": _("Unknown report kind: %(kind)s") % {"kind": kind}}
        ) from None
    if plan is None or plan.organisation_id != organisation.pk:
        raise ValidationError({"plan": _("Choose a plan of this organisation.")})
    if scope == "period":
        if period is None:
            raise ValidationError(
                {"period": _("This report covers a reporting period: choose one.")}
            )
        if period.plan_id != plan.pk:
            raise ValidationError({"period": _("The reporting period belongs to another plan.")})
    elif year is None:
        raise ValidationError({"year": _("This report covers a year: give the year.")})


def request_of(report: Report) -> ReportRequest:
    return ReportRequest(
        kind=report.kind,
        organisation=report.organisation,
        language=report.language,
        plan=report.plan,
        year=report.year if report.period_id is None else report.period.year,
        period=report.period,
        internal=report.internal,
    )


def build_document(request: ReportRequest) -> Document:
    """The document of a report as the data is now, in the report's language."""
    with override(request.language):
        return report_kind(request.kind).build(request)


def report_document(report: Report) -> Document:
    """A final report's frozen document; a draft's built live."""
    if report.is_final:
        return Document.from_dict(report.snapshot)
    return build_document(request_of(report))


def report_content(report: Report, format: str) -> bytes:
    """The bytes of one format: stored for a final report, rendered now for a draft."""
    if report.is_final:
        return bytes(report.files.get(format=format).content)
    return render(report_document(report), format)


def report_create(
    *,
    user,
    organisation: Organisation,
    kind: str,
    plan: Plan,
    year: int | None = None,
    period=None,
    language: str = "fi",
    internal: bool = False,
) -> Report:
    _require(user, "reports.prepare", organisation)
    if internal:
        _require(user, "strategy.view_internal", organisation)
    validate_request(organisation=organisation, kind=kind, plan=plan, year=year, period=period)
    report = Report(
        organisation=organisation,
        kind=kind,
        plan=plan,
        year=period.year if period is not None else year,
        period=period,
        language=language,
        internal=internal,
        created_by=user,
    )
    with override(language):
        report.title = str(build_title(report))
    report.full_clean()
    report.save()
    return report


def build_title(report: Report) -> str:
    label = report_kind(report.kind).label
    if report.period is not None:
        return f"{label} {report.period.label} – {report.plan.name}"
    return f"{label} {report.year} – {report.plan.name}"


def report_make_final(*, user, report: Report, progress: Progress | None = None) -> Report:
    """Freeze the report: its document as JSON and every format rendered from it."""
    _require(user, "reports.make_final", report.organisation)
    if report.is_final:
        raise ValidationError(_("The report is already final."))
    step = progress or (lambda _name: None)
    step("build")
    document = build_document(request_of(report))
    snapshot = document.to_dict()
    frozen = Document.from_dict(snapshot)
    files = []
    for format in Format.values:
        step(format)
        content = render(frozen, format)
        files.append(
            ReportFile(
                format=format,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
            )
        )
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.is_final:
            raise ValidationError(_("The report is already final."))
        report.state = Report.State.FINAL
        report.snapshot = snapshot
        report.title = document.title if not report.title else report.title
        report.finalised_at = timezone.now()
        report.finalised_by = user
        report.save(update_fields=["state", "snapshot", "title", "finalised_at", "finalised_by"])
        for file in files:
            file.report = report
        ReportFile.objects.bulk_create(files)
    return report


def report_publish(*, user, report: Report) -> Report:
    _require(user, "reports.make_final", report.organisation)
    if not report.is_final:
        raise ValidationError(_("Only a final report can be published."))
    if report.internal:
        raise ValidationError(_("A report with internal content is never published."))
    if report.is_published:
        return report
    report.published_at = timezone.now()
    report.published_by = user
    report.save(update_fields=["published_at", "published_by"])
    content_changed(organisation_id=report.organisation_id, kinds=["reports"])
    return report


def report_unpublish(*, user, report: Report) -> Report:
    _require(user, "reports.make_final", report.organisation)
    report.published_at = None
    report.published_by = None
    report.save(update_fields=["published_at", "published_by"])
    content_changed(organisation_id=report.organisation_id, kinds=["reports"])
    return report


def report_delete_draft(*, user, report: Report) -> None:
    _require(user, "reports.prepare", report.organisation)
    if report.is_final:
        raise ValidationError(_("A final report is kept; it cannot be deleted."))
    report.delete()
