"""The preparer's workspace: decisions, screening, effects, options, goals, review, export.

Views are thin: they fetch through selectors, check the rule for reading,
validate with a form and call one service; the services check the rule for
writing again. A stale form (``VersionConflict``) re-renders with the
user's input kept and nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from strategia.core.validation import year_or_none
from strategia.monitoring.views import workspace_view
from strategia.organisations.models import Organisation

from . import block, imports, selectors, services, statistics
from .forms import (
    DecisionForm,
    EffectsForm,
    GoalsForm,
    ImportForm,
    OptionForm,
    ScreeningForm,
    StateForm,
)
from .models import Decision, DecisionOption, ImpactAssessment

# The change reasons the services write into the history, as the page shows them.
CHANGE_REASONS = {
    "assessment started": gettext_lazy("assessment started"),
    "screened": gettext_lazy("screening saved"),
    "effects assessed": gettext_lazy("effects saved"),
    "option added": gettext_lazy("option added"),
    "option removed": gettext_lazy("option removed"),
    "goals chosen": gettext_lazy("goals saved"),
    "sent for review": gettext_lazy("sent for review"),
    "reviewed": gettext_lazy("reviewed"),
    "returned to the preparer": gettext_lazy("returned to the preparer"),
    "published": gettext_lazy("published"),
}

EXPORT_TYPES = {
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _redirect(name: str, **kwargs) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(f"assessments:{name}", kwargs=kwargs or None))


def _decision(request: HttpRequest, organisation: Organisation, pk: int) -> Decision:
    """A decision of this organisation that the user may read internally."""
    if not request.user.has_perm("strategy.view_internal", organisation):
        raise PermissionDenied
    return get_object_or_404(
        Decision.objects.filter(organisation=organisation).select_related("assessment"), pk=pk
    )


def _assessment(request: HttpRequest, organisation: Organisation, pk: int) -> ImpactAssessment:
    """The assessment of a decision of this organisation, with everything its pages show."""
    decision = _decision(request, organisation, pk)
    assessment_pk = (
        ImpactAssessment.objects.filter(decision=decision).values_list("pk", flat=True).first()
    )
    if assessment_pk is None:
        raise Http404(_("The decision has no assessment yet."))
    return selectors.assessment_with_content(assessment_pk)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _conflict(error: services.VersionConflict, yours: int | None) -> dict:
    return {"yours": yours or 0, "current": error.current.version, "rows": []}


def _rebind(form_class, request: HttpRequest, version: int, **kwargs):
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def _base(assessment: ImpactAssessment, request: HttpRequest, step: str) -> dict:
    user = request.user
    return {
        "assessment": assessment,
        "decision": assessment.decision,
        "step": step,
        "can_edit": assessment.is_editable
        and user.has_perm("assessments.change_assessment", assessment),
    }


# --- Decisions -----------------------------------------------------------------------------


@workspace_view
def decision_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if not request.user.has_perm("strategy.view_internal", organisation):
        raise PermissionDenied
    decisions = list(selectors.decisions_for_workspace(organisation=organisation)[:200])
    return render(
        request,
        "assessments/decision_list.html",
        {
            "decisions": decisions,
            "can_manage": request.user.has_perm("assessments.manage_decisions", organisation),
            "can_view_statistics": request.user.has_perm(
                "assessments.view_statistics", organisation
            ),
        },
    )


@workspace_view
def decision_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if not request.user.has_perm("assessments.manage_decisions", organisation):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                user=request.user, organisation=organisation, data=form.to_data()
            )
            services.assessment_start(user=request.user, decision=decision)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The decision was saved. Now the screening."))
            return _redirect("screen", pk=decision.pk)
    return render(request, "assessments/decision_form.html", {"form": form, "decision": None})


@workspace_view
def decision_edit(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    decision = _decision(request, organisation, pk)
    if not request.user.has_perm("assessments.manage_decisions", organisation):
        raise PermissionDenied
    conflict = None
    if request.method == "POST":
        form = DecisionForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                services.decision_update(
                    user=request.user,
                    decision=decision,
                    data=form.to_data(goal_ids=list(decision.goals.values_list("pk", flat=True))),
                    version=form.cleaned_data["version"] or 0,
                )
            except services.VersionConflict as error:
                conflict = _conflict(error, form.cleaned_data["version"])
                form = _rebind(
                    DecisionForm, request, error.current.version, organisation=organisation
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The decision was saved."))
                return _redirect("detail", pk=decision.pk)
    else:
        form = DecisionForm(initial=DecisionForm.initial_of(decision), organisation=organisation)
    return render(
        request,
        "assessments/decision_form.html",
        {"form": form, "decision": decision, "conflict": conflict},
    )


@workspace_view
def decision_import(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if not request.user.has_perm("assessments.manage_decisions", organisation):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    result = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read(imports.MAX_BYTES + 1)
        try:
            if form.cleaned_data["kind"] == "csv":
                items = imports.read_csv(content)
                source = Decision.Source.CSV
            else:
                items = imports.read_feed(content, default_body=form.cleaned_data["body"])
                source = Decision.Source.FEED
            if form.cleaned_data["dry_run"]:
                messages.success(
                    request,
                    _("The file is fine: %(count)s agenda items. Nothing was saved.")
                    % {"count": len(items)},
                )
            else:
                result = imports.decisions_import(
                    user=request.user, organisation=organisation, items=items, source=source
                )
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return _redirect("list")
        except imports.ImportFileError as error:
            problems = error.errors
    return render(request, "assessments/import.html", {"form": form, "problems": problems})


# --- The assessment ----------------------------------------------------------------------


@workspace_view
def assessment_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    decision = _decision(request, organisation, pk)
    assessment = ImpactAssessment.objects.filter(decision=decision).first()
    if assessment is None:
        return render(
            request,
            "assessments/not_started.html",
            {
                "decision": decision,
                "can_start": request.user.has_perm("assessments.prepare", organisation),
            },
        )
    assessment = selectors.assessment_with_content(assessment.pk)
    context = _base(assessment, request, "detail")
    user = request.user
    context.update(
        eva=block.block_data(assessment, language="fi"),
        missing=services.missing_for_review(assessment) if assessment.is_editable else [],
        can_review=assessment.state == ImpactAssessment.State.READY
        and user.has_perm("assessments.review_assessment", assessment),
        can_publish=assessment.state == ImpactAssessment.State.REVIEWED
        and user.has_perm("assessments.publish_assessment", assessment),
        is_own=assessment.preparer_id == user.pk,
        state_form=StateForm(initial={"version": assessment.version}),
        history=[
            (entry, CHANGE_REASONS.get(entry.history_change_reason, entry.history_change_reason))
            for entry in assessment.history.select_related("history_user").order_by(
                "-history_date"
            )[:15]
        ],
    )
    return render(request, "assessments/assessment_detail.html", context)


@workspace_view
@require_POST
def assessment_start(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    decision = _decision(request, organisation, pk)
    try:
        services.assessment_start(user=request.user, decision=decision)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _redirect("detail", pk=pk)
    return _redirect("screen", pk=pk)


@workspace_view
def assessment_screen(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    assessment = _assessment(request, organisation, pk)
    kwargs = {"template_version": assessment.template_version}
    conflict = None
    if request.method == "POST":
        form = ScreeningForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                saved = services.assessment_screen(
                    user=request.user,
                    assessment=assessment,
                    answers=form.answers(),
                    no_assessment_reason=form.reasons(),
                    version=form.cleaned_data["version"] or 0,
                )
            except services.VersionConflict as error:
                conflict = _conflict(error, form.cleaned_data["version"])
                form = _rebind(ScreeningForm, request, error.current.version, **kwargs)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if saved.needs_assessment:
                    messages.success(request, _("Screening saved. Now the effects."))
                    return _redirect("effects", pk=pk)
                messages.success(request, _("Screening saved: no assessment is needed."))
                return _redirect("detail", pk=pk)
    else:
        form = ScreeningForm(initial=ScreeningForm.initial_of(assessment), **kwargs)
    context = _base(assessment, request, "screen")
    context.update(form=form, conflict=conflict)
    return render(request, "assessments/screen.html", context)


@workspace_view
def assessment_effects(
    request: HttpRequest, organisation: Organisation, pk: int, option_pk: int | None = None
) -> HttpResponse:
    assessment = _assessment(request, organisation, pk)
    options = list(assessment.options.all())
    option = next((o for o in options if o.pk == option_pk), None) if option_pk else options[0]
    if option is None:
        return _redirect("compare", pk=pk)
    kwargs = {
        "template_version": assessment.template_version,
        "indicators": selectors.indicator_choices(organisation=organisation),
    }
    conflict = None
    if request.method == "POST":
        form = EffectsForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.effects_save(
                    user=request.user,
                    assessment=assessment,
                    option=option,
                    rows=form.rows(),
                    summary=form.summary() if option.is_proposal else None,
                    version=form.cleaned_data["version"] or 0,
                )
            except services.VersionConflict as error:
                conflict = _conflict(error, form.cleaned_data["version"])
                form = _rebind(EffectsForm, request, error.current.version, **kwargs)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The effects were saved."))
                if "compare" in request.POST or not option.is_proposal:
                    return _redirect("compare", pk=pk)
                return _redirect("goals", pk=pk)
    else:
        form = EffectsForm(initial=EffectsForm.initial_of(assessment, option), **kwargs)
    context = _base(assessment, request, "effects")
    context.update(form=form, option=option, options=options, conflict=conflict)
    return render(request, "assessments/effects.html", context)


@workspace_view
def assessment_compare(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    assessment = _assessment(request, organisation, pk)
    conflict = None
    form = OptionForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST":
        if "remove" in request.POST:
            option = get_object_or_404(
                DecisionOption, assessment=assessment, pk=request.POST.get("remove")
            )
            try:
                services.option_remove(
                    user=request.user,
                    assessment=assessment,
                    option=option,
                    version=int(request.POST.get("version") or 0),
                )
            except services.VersionConflict as error:
                messages.error(request, str(error))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return _redirect("compare", pk=pk)
        if form.is_valid():
            try:
                option = services.option_add(
                    user=request.user,
                    assessment=assessment,
                    names=form.names(),
                    version=form.cleaned_data["version"] or 0,
                )
            except services.VersionConflict as error:
                conflict = _conflict(error, form.cleaned_data["version"])
                form = _rebind(OptionForm, request, error.current.version)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The option was added; assess its effects."))
                return _redirect("option_effects", pk=pk, option_pk=option.pk)
    context = _base(assessment, request, "compare")
    context.update(
        form=form,
        conflict=conflict,
        eva=block.block_data(assessment, language=request.LANGUAGE_CODE),
    )
    return render(request, "assessments/compare.html", context)


@workspace_view
def assessment_goals(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    assessment = _assessment(request, organisation, pk)
    kwargs = {"goal_trees": selectors.goal_choices(organisation=organisation)}
    conflict = None
    if request.method == "POST":
        form = GoalsForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.goals_save(
                    user=request.user,
                    assessment=assessment,
                    relations=form.relations(),
                    version=form.cleaned_data["version"] or 0,
                )
            except services.VersionConflict as error:
                conflict = _conflict(error, form.cleaned_data["version"])
                form = _rebind(GoalsForm, request, error.current.version, **kwargs)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The goals were saved."))
                return _redirect("detail", pk=pk)
    else:
        form = GoalsForm(initial=GoalsForm.initial_of(assessment), **kwargs)
    context = _base(assessment, request, "goals")
    context.update(form=form, conflict=conflict)
    return render(request, "assessments/goals.html", context)


@workspace_view
@require_POST
def assessment_state(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """Send for review, review, return or publish: one POST, one service."""
    assessment = _assessment(request, organisation, pk)
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was not valid; reload the page."))
        return _redirect("detail", pk=pk)
    version = form.cleaned_data["version"] or 0
    actions = {
        "submit": (services.assessment_submit, _("Sent for review.")),
        "review": (services.assessment_review, _("Marked as reviewed.")),
        "publish": (services.assessment_publish, _("Published on the public site.")),
    }
    try:
        if "return" in request.POST:
            services.assessment_return(
                user=request.user,
                assessment=assessment,
                comment=form.cleaned_data["comment"],
                version=version,
            )
            messages.success(request, _("Returned to the preparer."))
        else:
            action = next((name for name in actions if name in request.POST), None)
            if action is None:
                messages.error(request, _("Choose what to do."))
                return _redirect("detail", pk=pk)
            service, message = actions[action]
            service(user=request.user, assessment=assessment, version=version)
            messages.success(request, message)
    except services.VersionConflict as error:
        messages.error(request, str(error))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _redirect("detail", pk=pk)


@workspace_view
def assessment_export(
    request: HttpRequest, organisation: Organisation, pk: int, file_format: str
) -> HttpResponse:
    if file_format not in EXPORT_TYPES:
        raise PermissionDenied
    assessment = _assessment(request, organisation, pk)
    language = request.GET.get("lang", "fi")
    if language not in ("fi", "sv", "en"):
        language = "fi"
    data = block.block_data(assessment, language=language)
    if file_format == "html":
        content: bytes | str = block.block_html(data)
    elif file_format == "txt":
        content = block.block_text(data)
    else:
        content = block.block_docx(data)
    response = HttpResponse(content, content_type=EXPORT_TYPES[file_format])
    name = slugify(f"vaikutusten-arviointi-{assessment.decision.reference}") or "arviointi"
    disposition = "inline" if file_format != "docx" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}-{language}.{file_format}"'
    return response


# --- Statistics --------------------------------------------------------------------------


@workspace_view
def statistics_view(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if not request.user.has_perm("assessments.view_statistics", organisation):
        raise PermissionDenied
    years = sorted(
        {
            d.year
            for d in Decision.objects.filter(organisation=organisation)
            .exclude(meeting_date=None)
            .dates("meeting_date", "year")
        },
        reverse=True,
    )
    # A year out of 1900–2100 (or not a number) shows every year, as no year does.
    year = year_or_none(request.GET.get("year"))
    stats = statistics.assessment_statistics(organisation=organisation, year=year)
    return render(
        request,
        "assessments/statistics.html",
        {"stats": stats, "years": years, "year": year},
    )
