"""The strategy editor of the workspace: the strategy office keeps plans, goals,
measures, indicators and their targets, units and people here, not in the admin.

One list page and one edit page serve every kind (``EDITORS``): each kind names
its model, form, the service that saves it and the columns of its list. Views
check ``strategy.manage_content`` for reading; the services check it again
for writing, claim the version the form was loaded at (a stale form shows
both versions side by side, nothing saved) and leave history, which the edit
page shows in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from strategia.core.history import changes_of
from strategia.core.locking import VersionConflict
from strategia.indicators import services as indicator_services
from strategia.indicators.models import Indicator, Target
from strategia.organisations import services as organisation_services
from strategia.organisations.models import Organisation, Person, Unit
from strategia.strategy import services as strategy_services
from strategia.strategy.models import Goal, Measure, Plan

from . import content_forms as cf
from .views import _comparison, _rebind_at_version, _redirect, workspace_view

# Bookkeeping fields and untranslated mirrors, never shown in the history.
HIDDEN = {"version", "created_at", "updated_at", "is_sample", "organisation"}
REASON_NEW = "added in the workspace"
REASON_EDIT = "edited in the workspace"


def _save_measure(*, user, obj: Measure, version, form) -> Measure:
    return strategy_services.measure_save(
        user=user,
        measure=obj,
        version=version,
        reason=REASON_EDIT if obj.pk else REASON_NEW,
        relations=form.relation_values(),
    )


@dataclass(frozen=True)
class Editor:
    kind: str
    title: object
    singular: object
    model: type[Model]
    form_class: type[cf.ContentForm]
    save: Callable[..., Model]
    rows: Callable[[Organisation], QuerySet]
    columns: tuple[tuple[object, Callable[[Model], object]], ...]
    # The untranslated mirrors of translated fields, hidden from the history.
    mirrors: tuple[str, ...] = ()


def _service(function, name: str):
    def save(*, user, obj, version, form):
        reason = REASON_EDIT if obj.pk else REASON_NEW
        return function(user=user, version=version, reason=reason, **{name: obj})

    return save


EDITORS = {
    editor.kind: editor
    for editor in (
        Editor(
            kind="suunnitelmat",
            title=gettext_lazy("Plans"),
            singular=gettext_lazy("plan"),
            model=Plan,
            form_class=cf.PlanContentForm,
            save=_service(strategy_services.plan_save, "plan"),
            rows=lambda organisation: (
                Plan.objects.filter(organisation=organisation)
                .select_related("parent")
                .order_by("order", "name")
            ),
            columns=(
                (gettext_lazy("Kind"), lambda plan: plan.get_kind_display()),
                (gettext_lazy("Period"), lambda plan: plan.period_label),
                (gettext_lazy("Parent plan"), lambda plan: plan.parent or ""),
            ),
            mirrors=("name", "summary", "description", "monitoring", "approving_body"),
        ),
        Editor(
            kind="tavoitteet",
            title=gettext_lazy("Goals"),
            singular=gettext_lazy("goal"),
            model=Goal,
            form_class=cf.GoalContentForm,
            save=_service(strategy_services.goal_save, "goal"),
            rows=lambda organisation: (
                Goal.objects.filter(plan__organisation=organisation)
                .select_related("plan", "parent")
                .order_by("plan__order", "plan_id", "order", "pk")
            ),
            columns=(
                (gettext_lazy("Plan"), lambda goal: goal.plan),
                (gettext_lazy("Kind"), lambda goal: goal.get_kind_display()),
                (gettext_lazy("Parent goal"), lambda goal: goal.parent or ""),
            ),
            mirrors=("name", "description"),
        ),
        Editor(
            kind="toimenpiteet",
            title=gettext_lazy("Measures"),
            singular=gettext_lazy("measure"),
            model=Measure,
            form_class=cf.MeasureContentForm,
            save=_save_measure,
            rows=lambda organisation: (
                Measure.objects.filter(organisation=organisation)
                .select_related("responsible_unit")
                .order_by("order", "identifier")
            ),
            columns=(
                (gettext_lazy("Responsible unit"), lambda measure: measure.responsible_unit or ""),
                (gettext_lazy("Visibility"), lambda measure: measure.get_visibility_display()),
                (gettext_lazy("Status"), lambda measure: measure.get_status_display()),
            ),
            mirrors=("name", "description"),
        ),
        Editor(
            kind="mittarit",
            title=gettext_lazy("Indicators"),
            singular=gettext_lazy("indicator"),
            model=Indicator,
            form_class=cf.IndicatorContentForm,
            save=_service(indicator_services.indicator_save, "indicator"),
            rows=lambda organisation: (
                Indicator.objects.filter(organisation=organisation)
                .select_related("responsible_unit", "contact_person")
                .order_by("order", "name")
            ),
            columns=(
                (gettext_lazy("Source"), lambda indicator: indicator.get_source_display()),
                (
                    gettext_lazy("Responsible unit"),
                    lambda indicator: indicator.responsible_unit or "",
                ),
                (gettext_lazy("Contact person"), lambda indicator: indicator.contact_person or ""),
            ),
            mirrors=("name", "description", "unit", "citation"),
        ),
        Editor(
            kind="yksikot",
            title=gettext_lazy("Units"),
            singular=gettext_lazy("unit"),
            model=Unit,
            form_class=cf.UnitContentForm,
            save=_service(organisation_services.unit_save, "unit"),
            rows=lambda organisation: (
                Unit.objects.filter(organisation=organisation)
                .select_related("parent")
                .order_by("name")
            ),
            columns=(
                (gettext_lazy("Kind"), lambda unit: unit.get_kind_display()),
                (gettext_lazy("Parent unit"), lambda unit: unit.parent or ""),
                (gettext_lazy("Governing body"), lambda unit: unit.governing_body),
            ),
            mirrors=("name", "governing_body"),
        ),
        Editor(
            kind="henkilot",
            title=gettext_lazy("Contact persons"),
            singular=gettext_lazy("person"),
            model=Person,
            form_class=cf.PersonContentForm,
            save=_service(organisation_services.person_save, "person"),
            rows=lambda organisation: (
                Person.objects.filter(organisation=organisation)
                .select_related("unit")
                .order_by("last_name", "first_name")
            ),
            columns=(
                (gettext_lazy("Title"), lambda person: person.title),
                (gettext_lazy("Unit"), lambda person: person.unit or ""),
                (gettext_lazy("E-mail address"), lambda person: person.email),
            ),
        ),
    )
}


def editor_of(request: HttpRequest, organisation: Organisation, kind: str) -> Editor:
    editor = EDITORS.get(kind)
    if editor is None:
        raise Http404
    if not request.user.has_perm("strategy.manage_content", organisation):
        raise PermissionDenied
    return editor


def _history(editor: Editor, obj: Model) -> list:
    history = getattr(obj, "history", None)
    if history is None:
        return []
    changes = changes_of(
        history.select_related("history_user").order_by("history_date", "history_id"),
        model=editor.model,
        label_of=lambda record: str(obj),
        hidden=HIDDEN | set(editor.mirrors),
    )
    return list(reversed(changes))


@workspace_view
def content_index(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if not request.user.has_perm("strategy.manage_content", organisation):
        raise PermissionDenied
    return render(request, "monitoring/content/index.html", {"editors": EDITORS.values()})


@workspace_view
def content_list(request: HttpRequest, organisation: Organisation, kind: str) -> HttpResponse:
    editor = editor_of(request, organisation, kind)
    rows = [
        (obj, [value(obj) for _label, value in editor.columns]) for obj in editor.rows(organisation)
    ]
    return render(
        request,
        "monitoring/content/list.html",
        {"editor": editor, "editors": EDITORS.values(), "rows": rows},
    )


@workspace_view
def content_edit(
    request: HttpRequest, organisation: Organisation, kind: str, pk: int | None = None
) -> HttpResponse:
    editor = editor_of(request, organisation, kind)
    obj = get_object_or_404(editor.rows(organisation), pk=pk) if pk is not None else editor.model()
    form_kwargs = {"organisation": organisation, "instance": obj}
    conflict = None
    if request.method == "POST":
        form = editor.form_class(request.POST, **form_kwargs)
        if form.is_valid():
            version = form.cleaned_data.get("version")
            try:
                saved = editor.save(
                    user=request.user, obj=form.instance, version=version, form=form
                )
            except VersionConflict as error:
                conflict = {
                    "yours": version or 0,
                    "current": error.current.version,
                    "rows": _comparison(form, error.current, list(form.fields)),
                    "by": _latest_record(error.current),
                }
                fresh = editor.rows(organisation).get(pk=obj.pk)
                form = _rebind_at_version(
                    editor.form_class,
                    request,
                    error.current.version,
                    organisation=organisation,
                    instance=fresh,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved: %(name)s") % {"name": saved})
                return _redirect("content_edit", kind=kind, pk=saved.pk)
    else:
        form = editor.form_class(**form_kwargs)
    return edit_page(request, organisation, editor, obj, form=form, conflict=conflict)


def edit_page(
    request: HttpRequest,
    organisation: Organisation,
    editor: Editor,
    obj: Model,
    *,
    form=None,
    status: int = 200,
    **parts,
) -> HttpResponse:
    """The edit page of ``obj``; ``parts`` replace what is shown below its form
    (an indicator's target and link forms with their errors, a conflict)."""
    if form is None:
        form = editor.form_class(organisation=organisation, instance=obj)
    context = {
        "editor": editor,
        "editors": EDITORS.values(),
        "obj": obj if obj.pk else None,
        "form": form,
        "conflict": None,
        "history": _history(editor, obj) if obj.pk else [],
    }
    if obj.pk and isinstance(obj, Indicator):
        context.update(_indicator_parts(organisation, obj))
    elif obj.pk and isinstance(obj, Goal | Measure):
        context["indicator_links"] = list(
            obj.indicator_links.select_related("indicator").order_by("order", "indicator__name")
        )
    context.update(parts)
    return render(request, "monitoring/content/edit.html", context, status=status)


def _indicator_parts(organisation: Organisation, indicator: Indicator) -> dict:
    """An indicator's targets and links, with empty forms to add them."""
    return {
        "targets": list(indicator.targets.order_by("year", "area")),
        "target_form": cf.TargetForm(organisation=organisation, indicator=indicator),
        "goal_links": list(
            indicator.goal_links.select_related("goal__plan").order_by("goal__plan__order", "pk")
        ),
        "measure_links": list(
            indicator.measure_links.select_related("measure").order_by("measure__identifier")
        ),
        "goal_link_form": cf.GoalLinkForm(indicator=indicator),
        "measure_link_form": cf.MeasureLinkForm(indicator=indicator),
    }


def _latest_record(current: Model):
    history = getattr(current, "history", None)
    return history.select_related("history_user").first() if history is not None else None


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@workspace_view
@require_POST
def target_add(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """Add (or, for the same year and area, replace) a target of an indicator."""
    editor = editor_of(request, organisation, "mittarit")
    indicator = get_object_or_404(editor.rows(organisation), pk=pk)
    form = cf.TargetForm(request.POST, organisation=organisation, indicator=indicator)
    if form.is_valid():
        try:
            indicator_services.target_save(user=request.user, target=form.instance, version=None)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The target was saved."))
            return _redirect("content_edit", kind="mittarit", pk=indicator.pk)
    return edit_page(request, organisation, editor, indicator, target_form=form, status=400)


@workspace_view
@require_POST
def target_delete(
    request: HttpRequest, organisation: Organisation, pk: int, target_pk: int
) -> HttpResponse:
    editor = editor_of(request, organisation, "mittarit")
    indicator = get_object_or_404(editor.rows(organisation), pk=pk)
    target = get_object_or_404(Target, indicator=indicator, pk=target_pk)
    indicator_services.target_delete(user=request.user, target=target)
    messages.success(request, _("The target was removed."))
    return _redirect("content_edit", kind="mittarit", pk=indicator.pk)
