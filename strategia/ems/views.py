"""The environmental management system in the staff workspace (/<lang>/tyotila/ymparisto/).

Thin views: rows come through ``selectors`` (visibility-aware), forms
validate, one service writes. A stale form shows both versions and saves
nothing. The public pages are in ``public_views.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategia.monitoring.views import workspace_view
from strategia.organisations.models import Organisation
from strategia.reports.registry import ReportRequest, report_kind
from strategia.strategy.models import Plan

from . import exports, selectors, services
from .forms import CriterionForm, ReportYearForm, SettingsForm
from .locking import VersionConflict
from .models import Aspect, ManagementReview, SignificanceCriterion
from .registers import BY_KEY, REGISTERS, Register, cell_text

PER_PAGE = 50


def _register(key: str) -> Register:
    register = BY_KEY.get(key)
    if register is None:
        raise Http404(_("No such register."))
    return register


def _require(request: HttpRequest, permission: str, obj: object) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _conflict(form, error: VersionConflict) -> dict:
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name.startswith("score_"):
            continue
        saved = getattr(error.current, name, "")
        if hasattr(saved, "all"):
            saved = ", ".join(str(item) for item in saved.all())
        yours = form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name)
        yours = ", ".join(yours) if isinstance(yours, list) else yours
        rows.append((field.label, yours or "", "" if saved is None else saved))
    return {
        "yours": form.cleaned_data.get("version"),
        "current": error.current.version,
        "rows": rows,
        "by": error.current.history.select_related("history_user").first(),
    }


# --- Dashboard -----------------------------------------------------------------------


@workspace_view
def dashboard(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require(request, "ems.view_registers", organisation)
    today = timezone.localdate()
    context = {
        "board": selectors.dashboard(user=request.user, organisation=organisation, today=today),
        "registers": REGISTERS,
        "today": today,
        "can_manage": request.user.has_perm("ems.manage_registers", organisation),
    }
    return render(request, "ems/dashboard.html", context)


# --- Registers -----------------------------------------------------------------------


@workspace_view
def register_list(request: HttpRequest, organisation: Organisation, key: str) -> HttpResponse:
    register = _register(key)
    rows = selectors.register_list(
        user=request.user, organisation=organisation, model=register.model
    )
    filters = register.filterset(request.GET or None, queryset=rows, organisation=organisation)
    rows = filters.qs if filters.is_bound and filters.is_valid() else rows
    file_format = request.GET.get("format", "")
    if file_format in exports.FORMATS:
        response = HttpResponse(
            exports.export_bytes(register, rows, file_format),
            content_type=exports.CONTENT_TYPES[file_format],
        )
        name = exports.file_name(register, file_format)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    table = [
        (row, [cell_text(column.value(row)) for column in register.columns])
        for row in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {
        "register": register,
        "filters": filters,
        "table": table,
        "page": page,
        "query": query.urlencode(),
        "can_add": request.user.has_perm("ems.manage_registers", organisation),
        "may_view_all": selectors.may_view_registers(request.user, organisation),
    }
    return render(request, "ems/register_list.html", context)


@workspace_view
def entry_edit(
    request: HttpRequest, organisation: Organisation, key: str, pk: int | None = None
) -> HttpResponse:
    register = _register(key)
    if pk is None:
        _require(request, "ems.manage_registers", organisation)
        entry = register.model(
            **({"organisation": organisation} if _has_organisation(register) else {})
        )
    else:
        entry = get_object_or_404(
            selectors.visible_rows(
                user=request.user, organisation=organisation, model=register.model
            ),
            pk=pk,
        )
        _require(request, "ems.view_entry", entry)
    may_change = pk is None or request.user.has_perm("ems.change_entry", entry)
    form_class = register.form_class()
    extra = _form_extra(register, entry, organisation)
    conflict = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = form_class(request.POST, instance=entry, organisation=organisation, **extra)
        if form.is_valid():
            try:
                saved = _save(request, register, entry, form)
            except VersionConflict as error:
                conflict = _conflict(form, error)
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = form_class(data, instance=error.current, organisation=organisation, **extra)
                form.is_valid()
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Saved."))
                if isinstance(saved, ManagementReview):
                    return HttpResponseRedirect(reverse("ems:review", kwargs={"pk": saved.pk}))
                return HttpResponseRedirect(
                    reverse("ems:edit", kwargs={"key": register.key, "pk": saved.pk})
                )
    else:
        # An add page opened from a parent row (?audit=3) starts with it chosen.
        initial = (
            {k: v for k, v in request.GET.items() if k in register.fields} if pk is None else {}
        )
        form = form_class(instance=entry, organisation=organisation, initial=initial, **extra)
    history = (
        list(entry.history.select_related("history_user").order_by("-history_date")[:20])
        if entry.pk
        else []
    )
    context = {
        "register": register,
        "entry": entry,
        "form": form,
        "may_change": may_change,
        "conflict": conflict,
        "history": history,
        "details": [(c.label, cell_text(c.value(entry))) for c in register.columns]
        if entry.pk
        else [],
        "children": [
            (key, query.format(pk=entry.pk), label) for key, query, label in register.children
        ]
        if entry.pk and request.user.has_perm("ems.manage_registers", organisation)
        else [],
    }
    return render(request, "ems/entry_edit.html", context)


def _has_organisation(register: Register) -> bool:
    return any(f.name == "organisation" for f in register.model._meta.concrete_fields)


def _form_extra(register: Register, entry, organisation: Organisation) -> dict:
    if register.model is Aspect:
        scores = dict(entry.scores.values_list("criterion_id", "score")) if entry.pk else {}
        return {"criteria": selectors.criteria_of(organisation), "scores": scores}
    return {}


def _save(request: HttpRequest, register: Register, entry, form):
    version = form.cleaned_data.get("version") or 0
    if register.model is Aspect:
        return services.aspect_save(
            user=request.user,
            aspect=entry,
            values=form.values(),
            many=form.many(),
            scores=form.scores(),
            version=version,
        )
    return services.register_entry_save(
        user=request.user, instance=entry, values=form.values(), many=form.many(), version=version
    )


# --- Management review ---------------------------------------------------------------


@workspace_view
def review(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = get_object_or_404(
        selectors.visible_rows(
            user=request.user, organisation=organisation, model=ManagementReview
        ),
        pk=pk,
    )
    _require(request, "ems.view_entry", item)
    held = item.state == ManagementReview.State.HELD
    inputs = item.inputs_snapshot if held else selectors.review_inputs(review=item).as_dict()
    context = {
        "review": item,
        "inputs": inputs,
        "held": held,
        "actions": list(item.actions.select_related("owner")),
        "may_change": request.user.has_perm("ems.change_entry", item),
        "may_add": request.user.has_perm("ems.manage_registers", organisation),
    }
    return render(request, "ems/review.html", context)


@require_POST
@workspace_view
def review_hold(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = get_object_or_404(ManagementReview, organisation=organisation, pk=pk)
    _require(request, "ems.change_entry", item)
    try:
        services.management_review_hold(
            user=request.user, review=item, version=int(request.POST.get("version") or 0)
        )
    except VersionConflict:
        messages.error(
            request, _("The review was changed in the meantime; check it and try again.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The review is marked held and its inputs are kept."))
    return HttpResponseRedirect(reverse("ems:review", kwargs={"pk": item.pk}))


# --- Settings: the policy, the significance rule and its criteria ---------------------


@workspace_view
def settings_view(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require(request, "ems.view_registers", organisation)
    may_change = request.user.has_perm("ems.manage_registers", organisation)
    current = (
        services.ems_settings_get_or_create(organisation=organisation)
        if may_change
        else (selectors.settings_of(organisation))
    )
    policies = Plan.objects.filter(organisation=organisation)
    conflict = None
    if request.method == "POST":
        _require(request, "ems.manage_registers", organisation)
        form = SettingsForm(request.POST, policies=policies)
        if form.is_valid():
            try:
                services.ems_settings_update(
                    user=request.user,
                    organisation=organisation,
                    policy=form.cleaned_data["policy"],
                    threshold=form.cleaned_data["significance_threshold"],
                    version=form.cleaned_data["version"] or 0,
                )
            except VersionConflict as error:
                conflict = {"yours": form.cleaned_data["version"], "current": error.current.version}
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Saved; every aspect was judged again."))
                return HttpResponseRedirect(reverse("ems:settings"))
    else:
        form = SettingsForm(
            policies=policies,
            initial={
                "policy": current.policy_id,
                "significance_threshold": current.significance_threshold,
                "version": current.version,
            },
        )
    context = {
        "form": form,
        "criteria": selectors.criteria_of(organisation),
        "may_change": may_change,
        "conflict": conflict,
    }
    return render(request, "ems/settings.html", context)


@workspace_view
def criterion_edit(
    request: HttpRequest, organisation: Organisation, pk: int | None = None
) -> HttpResponse:
    _require(request, "ems.manage_registers", organisation)
    criterion = (
        get_object_or_404(SignificanceCriterion, organisation=organisation, pk=pk)
        if pk
        else SignificanceCriterion(organisation=organisation)
    )
    conflict = None
    if request.method == "POST":
        form = CriterionForm(request.POST, instance=criterion)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.criterion_save(
                    user=request.user,
                    criterion=criterion,
                    values=values,
                    version=form.cleaned_data["version"],
                )
            except VersionConflict as error:
                conflict = {"yours": form.cleaned_data["version"], "current": error.current.version}
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Saved; every aspect was judged again."))
                return HttpResponseRedirect(reverse("ems:settings"))
    else:
        form = CriterionForm(instance=criterion)
    return render(
        request,
        "ems/criterion_edit.html",
        {"form": form, "criterion": criterion, "conflict": conflict},
    )


# --- The environmental report --------------------------------------------------------


@workspace_view
def report(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require(request, "ems.view_registers", organisation)
    form = ReportYearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year - 1
    language = request.LANGUAGE_CODE
    document = report_kind("environmental").build(
        ReportRequest(
            kind="environmental",
            organisation=organisation,
            language=language,
            year=year,
            internal=True,
        )
    )
    context = {
        "form": form,
        "year": year,
        "document": document,
        "published": list(selectors.published_reports(organisation)),
        "may_publish": request.user.has_perm("ems.manage_registers", organisation),
    }
    return render(request, "ems/report.html", context)


@require_POST
@workspace_view
def report_publish(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require(request, "ems.manage_registers", organisation)
    form = ReportYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year between 2000 and 2100."))
        return HttpResponseRedirect(reverse("ems:report"))
    year = form.cleaned_data["year"]
    services.environmental_report_publish(
        user=request.user, organisation=organisation, year=year, language=request.LANGUAGE_CODE
    )
    messages.success(request, _("The report for %(year)s is published.") % {"year": year})
    return HttpResponseRedirect(f"{reverse('ems:report')}?year={year}")
