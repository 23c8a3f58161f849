"""The workspace's budget pages: targets and operating plans of a year, their forms, the import.

A unit manager sees and edits the targets and plans of their own units; the
strategy office and administrators all of them; readers read everything.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from strategia.monitoring.views import workspace_view
from strategia.organisations.models import Organisation, Unit

from . import importer, selectors, services
from .forms import BudgetTargetForm, ImportForm, LineFormSet, OperatingPlanForm, operating_plan_data
from .models import BudgetTarget, OperatingPlan


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _require_view(request: HttpRequest, organisation: Organisation) -> frozenset[int] | None:
    if not request.user.has_perm("budget.view_budget", organisation):
        raise PermissionDenied
    scope = selectors.editable_unit_ids(user=request.user, organisation=organisation)
    if scope is not None and not scope:
        return None  # a reader: reads every unit, edits none
    return scope


def _conflict(form, current) -> dict:
    """Both versions for the conflict box; the form then carries the current version."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or not hasattr(current, name):
            continue
        yours = form.cleaned_data.get(name)
        saved = getattr(current, name)
        if hasattr(saved, "all"):
            saved = ", ".join(str(item) for item in saved.all())
            yours = ", ".join(str(item) for item in yours or [])
        rows.append((field.label, "" if yours is None else yours, "" if saved is None else saved))
    data = form.data.copy()
    data["version"] = current.version
    form.data = data
    return {
        "yours": form.cleaned_data.get("version"),
        "current": current.version,
        "by": current.history.first(),
        "rows": rows,
    }


def _index_url(year: int) -> str:
    return f"{reverse('budget:index')}?year={year}"


@workspace_view
def budget_index(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    scope = _require_view(request, organisation)
    year = _year(request)
    targets = selectors.budget_targets_of_year(organisation=organisation, year=year)
    plans = selectors.operating_plans_of_year(organisation=organisation, year=year)
    if scope is not None:
        targets = targets.filter(unit_id__in=scope)
        plans = plans.filter(unit_id__in=scope)
    units = list(selectors.units_for_budget(user=request.user, organisation=organisation))
    editable = [unit for unit in units if request.user.has_perm("budget.change_target", unit)]
    return render(
        request,
        "budget/index.html",
        {
            "year": year,
            "targets": targets,
            "plans": plans,
            "editable_units": editable,
            "editable_unit_ids": {unit.pk for unit in editable},
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


@workspace_view
def target_edit(
    request: HttpRequest, organisation: Organisation, pk: int | None = None
) -> HttpResponse:
    target = None
    if pk is not None:
        target = get_object_or_404(
            BudgetTarget.objects.select_related("unit"), pk=pk, organisation=organisation
        )
        if not request.user.has_perm("budget.change_target", target):
            raise PermissionDenied
    units = selectors.units_for_budget(user=request.user, organisation=organisation)
    if not units.exists():
        raise PermissionDenied
    initial = (
        BudgetTargetForm.initial_of(target) if target else {"year": _year(request), "binding": True}
    )
    form = BudgetTargetForm(
        request.POST or None, initial=initial, organisation=organisation, units=units
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.budget_target_save(
                user=request.user,
                organisation=organisation,
                data=form.to_data(),
                target=target,
                version=form.cleaned_data.get("version"),
            )
        except services.VersionConflict as error:
            conflict = _conflict(form, error.current)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The budget target was saved."))
            return HttpResponseRedirect(_index_url(saved.year))
    return render(
        request, "budget/target_edit.html", {"form": form, "target": target, "conflict": conflict}
    )


@workspace_view
def operating_plan_edit(
    request: HttpRequest, organisation: Organisation, unit_pk: int, year: int
) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk, organisation=organisation)
    if not request.user.has_perm("budget.change_target", unit):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise Http404
    plan = (
        OperatingPlan.objects.filter(unit=unit, year=year)
        .prefetch_related("lines", "budget_targets")
        .first()
    )
    targets = BudgetTarget.objects.filter(organisation=organisation, unit=unit, year=year)
    measures = selectors.measures_for_unit(unit=unit)
    initial = {}
    line_initial = []
    if plan is not None:
        initial = {
            "version": plan.version,
            "description_fi": plan.description_fi,
            "approved_by": plan.approved_by,
            "approval_date": plan.approval_date,
            "approval_paragraph": plan.approval_paragraph,
            "budget_targets": [target.pk for target in plan.budget_targets.all()],
        }
        line_initial = [
            {
                "measure": line.measure_id,
                "resources_fi": line.resources_fi,
                "appropriation": line.appropriation,
            }
            for line in plan.lines.all()
        ]
    else:
        initial = {"approved_by": unit.governing_body}
    form = OperatingPlanForm(request.POST or None, initial=initial, targets=targets)
    lines = LineFormSet(
        request.POST or None,
        initial=line_initial,
        prefix="lines",
        form_kwargs={"measures": measures},
    )
    conflict = None
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            services.operating_plan_save(
                user=request.user,
                organisation=organisation,
                unit=unit,
                year=year,
                data=operating_plan_data(form, lines),
                version=form.cleaned_data.get("version"),
            )
        except services.VersionConflict as error:
            conflict = _conflict(form, error.current)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The operating plan was saved."))
            return HttpResponseRedirect(_index_url(year))
    return render(
        request,
        "budget/operating_plan_edit.html",
        {
            "form": form,
            "lines": lines,
            "unit": unit,
            "year": year,
            "plan": plan,
            "conflict": conflict,
        },
    )


@workspace_view
def targets_import(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if not selectors.units_for_budget(user=request.user, organisation=organisation).exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        format = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        try:
            result = importer.budget_targets_import(
                user=request.user, organisation=organisation, content=upload.read(), format=format
            )
        except importer.BudgetImportError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Imported: %(created)s new budget targets, %(updated)s changed.")
                % {"created": result.created, "updated": result.updated},
            )
            return HttpResponseRedirect(reverse("budget:index"))
    return render(request, "budget/import.html", {"form": form, "errors": errors})


@workspace_view
def template_download(
    request: HttpRequest, organisation: Organisation, format: str
) -> HttpResponse:
    if not request.user.has_perm("budget.view_budget", organisation):
        raise PermissionDenied
    if format not in ("csv", "xlsx"):
        raise Http404
    content_type = (
        "text/csv; charset=utf-8"
        if format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(importer.template(format=format), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="talousarviotavoitteet.{format}"'
    return response
