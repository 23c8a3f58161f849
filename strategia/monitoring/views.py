"""The staff workspace: my work, status updates, approval, periods, completeness, health.

Views are thin: they fetch through selectors, check the rule for reading,
validate with a form and call one service; services check the rule for
writing again. A stale form (``VersionConflict``) re-renders with both
versions side by side and nothing saved.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from strategia.accounts import limits
from strategia.accounts.selectors import may_manage_users_in
from strategia.core.locking import VersionConflict
from strategia.indicators import services as indicator_services
from strategia.organisations.models import Organisation, Unit
from strategia.strategy import services as strategy_services
from strategia.strategy.models import Measure, Plan
from strategia.strategy.selectors import measures_visible_to

from . import selectors, services
from .forms import (
    BulkApproveForm,
    CorrectionForm,
    MailPreferenceForm,
    MeasureForm,
    ObservationForm,
    PeriodYearForm,
    PlanMonitoringForm,
    ReviewForm,
    StatusUpdateForm,
)
from .models import MailPreference, ReportingPeriod, StatusUpdate

View = Callable[..., HttpResponse]


def workspace_view(view: View) -> View:
    """Signed in with a role somewhere, and the site's organisation passed to the view."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        organisation = getattr(request, "organisation", None)
        if not organisation:
            raise Http404
        # A role in this organisation, not merely somewhere: an official of
        # another town has no workspace on this town's site.
        if not request.user.has_perm("accounts.access_workspace", organisation):
            raise PermissionDenied
        return view(request, organisation, *args, **kwargs)

    return wrapper


def _measure_for_work(request: HttpRequest, organisation: Organisation, pk: int) -> Measure:
    """A measure this user may work on (or at least read internally), else 404/403."""
    measure = get_object_or_404(
        measures_visible_to(user=request.user, organisation=organisation).select_related(
            "responsible_unit"
        ),
        pk=pk,
    )
    user = request.user
    if not (
        user.has_perm("strategy.view_internal", organisation)
        or user.has_perm("strategy.change_measure", measure)
        or user.has_perm("strategy.add_statusupdate", measure)
    ):
        raise PermissionDenied
    return measure


def _redirect(name: str, **kwargs) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(f"monitoring:{name}", kwargs=kwargs or None))


def _error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _comparison(form, current: object, names: list[str]) -> list[tuple[str, object, object]]:
    """Rows of (field label, the value you sent, the value saved now) for a conflict."""
    rows = []
    for name in names:
        if name == "version":
            continue
        field = form.fields[name]
        yours = form.data.get(name, "")
        saved = getattr(current, name, "")
        if hasattr(field, "choices") and field.choices:
            labels = {str(key): label for key, label in field.choices}
            yours = labels.get(str(yours), yours)
            saved = labels.get(str(saved), saved)
        rows.append((field.label, yours, "" if saved is None else saved))
    return rows


def _rebind_at_version(form_class, request: HttpRequest, version: int, **kwargs):
    """The user's input again, now based on the saved version: saving once more is deliberate."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


# --- My work ---------------------------------------------------------------------


@workspace_view
def my_work(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    today = timezone.localdate()
    work = selectors.my_work(user=request.user, organisation=organisation, today=today)
    context = {
        "work": work,
        "approval_changes": selectors.update_changes(work.to_approve),
        "today": today,
        "can_view_completeness": request.user.has_perm(
            "monitoring.view_completeness", organisation
        ),
        "can_manage_users": may_manage_users_in(request.user, organisation),
    }
    return render(request, "monitoring/my_work.html", context)


# --- Measures --------------------------------------------------------------------


@workspace_view
def measure_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    measure = _measure_for_work(request, organisation, pk)
    periods = list(
        ReportingPeriod.objects.filter(plan__goals__measures=measure)
        .exclude(state=ReportingPeriod.State.PLANNED)
        .select_related("plan")
        .distinct()
        .order_by("-start_date", "kind")
    )
    can_view_work = request.user.has_perm("monitoring.view_unfinished_work", measure)
    updates = measure.status_updates.filter(reporting_period__in=periods)
    if not can_view_work:
        updates = updates.filter(state=StatusUpdate.State.PUBLISHED)
    updates = {update.reporting_period_id: update for update in updates}
    # As the completeness grid counts them: an update published outside the
    # cycle reports on the period whose window holds its date.
    for (_measure_id, period_id), update in selectors.outside_cycle_updates(
        measure_ids=[measure.pk], periods=periods
    ).items():
        updates.setdefault(period_id, update)
    context = {
        "measure": measure,
        "rows": [(period, updates.get(period.pk)) for period in periods],
        "history": selectors.measure_history(measure=measure, unfinished=can_view_work),
        "can_edit": request.user.has_perm("strategy.change_measure", measure),
        "can_write": request.user.has_perm("strategy.add_statusupdate", measure),
        "can_correct": request.user.has_perm("monitoring.correct_measure_status", measure),
        "latest_published": measure.status_updates.filter(
            state=StatusUpdate.State.PUBLISHED
        ).first(),
    }
    return render(request, "monitoring/measure_detail.html", context)


@workspace_view
def measure_correct(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """The strategy office corrects a measure's status by publishing an update with a reason."""
    measure = _measure_for_work(request, organisation, pk)
    if not request.user.has_perm("monitoring.correct_measure_status", measure):
        raise PermissionDenied
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid() and limits.staff_notice_limited(request):
            form.add_error(None, limits.STAFF_NOTICE_REFUSED)
        elif form.is_valid():
            try:
                services.status_correction_publish(
                    user=request.user,
                    measure=measure,
                    data=form.to_data(),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The correction was published."))
                return _redirect("measure_detail", pk=measure.pk)
    else:
        form = CorrectionForm(initial={"status": measure.status, "progress": measure.progress})
    return render(request, "monitoring/measure_correct.html", {"measure": measure, "form": form})


@workspace_view
def measure_edit(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    measure = _measure_for_work(request, organisation, pk)
    if not request.user.has_perm("strategy.change_measure", measure):
        raise PermissionDenied
    conflict = None
    if request.method == "POST":
        form = MeasureForm(request.POST)
        if form.is_valid():
            try:
                strategy_services.measure_update(
                    user=request.user,
                    measure=measure,
                    data=form.to_data(),
                    version=form.cleaned_data["version"] or 0,
                )
            except VersionConflict as error:
                conflict = {
                    "yours": form.cleaned_data["version"],
                    "current": error.current.version,
                    "rows": _comparison(form, error.current, list(form.fields)),
                    "by": error.current.history.select_related("history_user").first(),
                }
                form = _rebind_at_version(MeasureForm, request, error.current.version)
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The measure was saved."))
                return _redirect("measure_detail", pk=measure.pk)
    else:
        initial = {name: getattr(measure, name) for name in strategy_services.MEASURE_DETAIL_FIELDS}
        initial["version"] = measure.version
        form = MeasureForm(initial=initial)
    return render(
        request,
        "monitoring/measure_edit.html",
        {"measure": measure, "form": form, "conflict": conflict},
    )


# --- Status updates ----------------------------------------------------------------


@workspace_view
def update_edit(
    request: HttpRequest, organisation: Organisation, measure_pk: int, period_pk: int
) -> HttpResponse:
    measure = _measure_for_work(request, organisation, measure_pk)
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("plan").filter(plan__organisation=organisation),
        pk=period_pk,
    )
    update = StatusUpdate.objects.filter(measure=measure, reporting_period=period).first()
    can_write = request.user.has_perm("strategy.add_statusupdate", measure)
    can_view_work = request.user.has_perm("monitoring.view_unfinished_work", measure)
    if (update is not None and not update.is_editable) or not can_write:
        # Submitted or published, or someone who may only read: show it —
        # work in progress only to the measure's own people.
        if (
            update is not None
            and update.state != StatusUpdate.State.PUBLISHED
            and not can_view_work
        ):
            update = None
        return render(
            request,
            "monitoring/update_view.html",
            {
                "measure": measure,
                "period": period,
                "update": update,
                "can_view_work": can_view_work,
                "can_approve": update is not None
                and update.state == StatusUpdate.State.SUBMITTED
                and request.user.has_perm("strategy.approve_statusupdate", update),
            },
        )
    conflict = None
    if request.method == "POST":
        form = StatusUpdateForm(request.POST)
        if form.is_valid():
            version = form.cleaned_data["version"]
            try:
                saved = services.status_update_save(
                    user=request.user,
                    measure=measure,
                    period=period,
                    data=form.to_data(),
                    version=version,
                )
                if "submit" in request.POST:
                    saved = services.status_update_submit(
                        user=request.user, update=saved, version=saved.version
                    )
            except VersionConflict as error:
                conflict = {
                    "yours": version or 0,
                    "current": error.current.version,
                    "rows": _comparison(form, error.current, list(form.fields)),
                    "by": error.current.history.select_related("history_user").first(),
                }
                form = _rebind_at_version(StatusUpdateForm, request, error.current.version)
            except ValidationError as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                if saved.state == StatusUpdate.State.PUBLISHED:
                    messages.success(request, _("The update was published."))
                elif saved.state == StatusUpdate.State.SUBMITTED:
                    messages.success(request, _("The update was sent for approval."))
                else:
                    messages.success(request, _("The draft was saved."))
                    return _redirect("update_edit", measure_pk=measure.pk, period_pk=period.pk)
                return _redirect("my_work")
    else:
        source = update or measure.status_updates.filter(state=StatusUpdate.State.PUBLISHED).first()
        initial = {"status": measure.status, "progress": measure.progress}
        if source is not None:
            initial.update(
                {
                    name: getattr(source, name)
                    for name in StatusUpdateForm.base_fields
                    if name not in ("version",) and hasattr(source, name)
                }
            )
        if update is None and source is not None:
            # A new period starts from the last published text, so only the
            # changes need writing; "what was done" starts empty.
            initial.update({"text_fi": "", "text_sv": "", "text_en": ""})
        initial["version"] = update.version if update else None
        form = StatusUpdateForm(initial=initial)
    settings_ = selectors.monitoring_settings_of(period.plan)
    previous = (
        selectors.published_updates()
        .filter(measure=measure)
        .exclude(pk=update.pk if update else None)
        .select_related("reporting_period")
        .first()
    )
    return render(
        request,
        "monitoring/update_edit.html",
        {
            "measure": measure,
            "period": period,
            "update": update,
            "previous": previous,
            "form": form,
            "conflict": conflict,
            "approval_required": settings_.approval_required,
            "is_late": period.is_late_on(timezone.localdate()),
        },
    )


@workspace_view
def update_review(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    update = get_object_or_404(
        StatusUpdate.objects.select_related(
            "measure", "measure__responsible_unit", "reporting_period", "submitted_by"
        ).filter(measure__organisation=organisation),
        pk=pk,
    )
    if not request.user.has_perm("strategy.approve_statusupdate", update):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, initial={"version": update.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"] or 0
        try:
            if "approve" in request.POST:
                services.status_update_approve(user=request.user, update=update, version=version)
                messages.success(request, _("The update was approved and published."))
            else:
                services.status_update_return(
                    user=request.user,
                    update=update,
                    version=version,
                    comment=form.cleaned_data["comment"],
                )
                messages.success(request, _("The update was returned to its writer."))
            return _redirect("my_work")
        except VersionConflict as error:
            conflict = {"yours": version, "current": error.current.version}
            update = error.current
            form = _rebind_at_version(ReviewForm, request, error.current.version)
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
    return render(
        request,
        "monitoring/update_review.html",
        {
            "update": update,
            "measure": update.measure,
            "form": form,
            "conflict": conflict,
            "can_view_work": True,  # approvers are of the measure's unit chain
            "change": selectors.update_changes([update])[0],
        },
    )


@workspace_view
def approvals(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Every update waiting for this reviewer, with its change, to approve several at once.

    Each ticked update goes through ``status_update_approve`` on its own (the
    version read, the four-eyes rule); the page then says what became of each.
    """
    waiting = selectors.updates_awaiting_approval(user=request.user, organisation=organisation)
    form = BulkApproveForm(request.POST or None, updates=waiting)
    results = []
    if request.method == "POST" and form.is_valid():
        results = services.status_updates_approve(user=request.user, items=form.selected())
        approved = sum(1 for result in results if result.approved)
        if approved:
            messages.success(
                request,
                ngettext(
                    "%(count)d update was approved and published.",
                    "%(count)d updates were approved and published.",
                    approved,
                )
                % {"count": approved},
            )
        if approved == len(results):
            return _redirect("approvals")
        # Some were refused: show each result, with the list as it is now.
        waiting = selectors.updates_awaiting_approval(user=request.user, organisation=organisation)
        form = BulkApproveForm(updates=waiting)
    return render(
        request,
        "monitoring/approvals.html",
        {"form": form, "changes": selectors.update_changes(waiting), "results": results},
    )


# --- Indicators ------------------------------------------------------------------------


@workspace_view
def indicator_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The manual indicators whose values this person may enter."""
    indicators = list(
        selectors.indicators_to_enter(user=request.user, organisation=organisation).select_related(
            "responsible_unit", "contact_person"
        )
    )
    return render(request, "monitoring/indicator_list.html", {"indicators": indicators})


@workspace_view
def indicator_values(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    from strategia.indicators.models import Indicator

    indicator = get_object_or_404(Indicator.objects.filter(organisation=organisation), pk=pk)
    if not request.user.has_perm("indicators.enter_observations", indicator):
        raise PermissionDenied
    if request.method == "POST":
        form = ObservationForm(request.POST)
        if form.is_valid():
            try:
                indicator_services.observation_enter(
                    user=request.user,
                    indicator=indicator,
                    period=form.cleaned_data["period"],
                    value=form.cleaned_data["value"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        for message in errors:
                            form.add_error(field if field in form.fields else None, message)
                else:
                    for message in error.messages:
                        form.add_error(None, message)
            else:
                messages.success(request, _("The value was saved."))
                return _redirect("indicator_values", pk=indicator.pk)
    else:
        latest_period = (
            ReportingPeriod.objects.filter(
                plan__organisation=organisation, end_date__lt=timezone.localdate()
            )
            .order_by("-end_date")
            .first()
        )
        day = latest_period.end_date if latest_period else timezone.localdate()
        form = ObservationForm(
            initial={
                "period": services.default_observation_period(
                    resolution=indicator.time_resolution, day=day
                )
            }
        )
    observations = indicator.observations.filter(
        area=indicator.default_area, dimensions_key=""
    ).order_by("-period_start")[:12]
    return render(
        request,
        "monitoring/indicator_values.html",
        {"indicator": indicator, "form": form, "observations": observations},
    )


# --- Mail ---------------------------------------------------------------------------------


@workspace_view
def mail_settings(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Immediate workflow mail or one daily digest: each person's own choice."""
    from .notifications import mail_delivery_of

    if request.method == "POST":
        form = MailPreferenceForm(request.POST)
        if form.is_valid():
            services.mail_preference_set(user=request.user, delivery=form.cleaned_data["delivery"])
            messages.success(request, _("Your mail settings were saved."))
            return _redirect("mail_settings")
    else:
        form = MailPreferenceForm(initial={"delivery": mail_delivery_of(request.user)})
    return render(
        request,
        "monitoring/mail_settings.html",
        {"form": form, "chosen": MailPreference.objects.filter(user=request.user).exists()},
    )


# --- Strategy office ---------------------------------------------------------------------


def _require_office(request: HttpRequest, organisation: Organisation) -> None:
    if not request.user.has_perm("monitoring.view_completeness", organisation):
        raise PermissionDenied


@workspace_view
def periods(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require_office(request, organisation)
    plans = list(
        Plan.objects.filter(organisation=organisation)
        .select_related("monitoring_settings")
        .prefetch_related(
            # In date order: a tertial before the year that ends with it.
            Prefetch(
                "reporting_periods",
                queryset=ReportingPeriod.objects.order_by("end_date", "-start_date", "pk"),
            )
        )
    )
    rows = [
        (
            plan,
            selectors.monitoring_settings_of(plan),
            list(plan.reporting_periods.all()),
            request.user.has_perm("monitoring.open_period", plan),
        )
        for plan in plans
    ]
    # An ended plan with no open period is out of the way, below the current ones.
    ended = [row for row in rows if _period_plan_is_done(row[0], row[2])]
    return render(
        request,
        "monitoring/periods.html",
        {
            "rows": [row for row in rows if row not in ended],
            "ended_rows": ended,
            "year_form": PeriodYearForm(initial={"year": timezone.localdate().year}),
        },
    )


def _period_plan_is_done(plan: Plan, plan_periods: list[ReportingPeriod]) -> bool:
    return plan.is_ended and not any(p.state == ReportingPeriod.State.OPEN for p in plan_periods)


@workspace_view
@require_POST
def periods_create(request: HttpRequest, organisation: Organisation, plan_pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, organisation=organisation, pk=plan_pk)
    form = PeriodYearForm(request.POST)
    if form.is_valid():
        services.reporting_periods_create_for_year(
            user=request.user, plan=plan, year=form.cleaned_data["year"]
        )
        messages.success(request, _("The reporting periods of the year were created."))
    else:
        messages.error(request, _("Give a year between 2000 and 2100."))
    return _redirect("periods")


@workspace_view
def period_open(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """Open a period after a confirmation step that says who will owe what; or close it.

    Opening starts reporting duties and reminder mail, so the page first
    tells how many measures will owe an update and by when; only the
    confirmation form's POST (``confirm``) opens the period.
    """
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("plan"), plan__organisation=organisation, pk=pk
    )
    if not request.user.has_perm("monitoring.open_period", period.plan):
        raise PermissionDenied
    if request.method == "POST" and "close" in request.POST:
        services.period_close(user=request.user, period=period)
        messages.success(request, _("The period was closed."))
        return _redirect("periods")
    if request.method == "POST" and "confirm" in request.POST:
        services.period_open(user=request.user, period=period)
        messages.success(request, _("The period was opened; the measures now owe their updates."))
        return _redirect("periods")
    items = selectors.due_items(periods=[period])
    context = {
        "period": period,
        "owed": len(items),
        "contacts": len(
            {person.pk for item in items for person in item.measure.contact_persons.all()}
        ),
        "without_contact": sum(1 for item in items if not item.measure.contact_persons.all()),
        "settings": selectors.monitoring_settings_of(period.plan),
    }
    return render(request, "monitoring/period_open.html", context)


@workspace_view
def plan_settings(request: HttpRequest, organisation: Organisation, plan_pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, organisation=organisation, pk=plan_pk)
    if not request.user.has_perm("monitoring.open_period", plan):
        raise PermissionDenied
    instance = selectors.monitoring_settings_of(plan)
    form = PlanMonitoringForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.plan_monitoring_update(user=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("The monitoring settings were saved."))
        return _redirect("periods")
    return render(request, "monitoring/plan_settings.html", {"plan": plan, "form": form})


@workspace_view
def completeness(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require_office(request, organisation)
    grid = selectors.completeness_grid(
        organisation=organisation,
        unit_ids=selectors.completeness_scope(user=request.user, organisation=organisation),
    )
    return render(request, "monitoring/completeness.html", {"grid": grid})


@workspace_view
def completeness_detail(
    request: HttpRequest, organisation: Organisation, period_pk: int, unit_pk: int | None = None
) -> HttpResponse:
    """One cell of the grid: the unit's owed updates for the period, each with its state.

    Without ``unit_pk`` (the total row): every unit the user sees in the grid.
    ``unit_pk`` 0 stands for the measures without a responsible unit.
    """
    _require_office(request, organisation)
    period = get_object_or_404(
        selectors.periods_of_organisation(organisation).exclude(
            state=ReportingPeriod.State.PLANNED
        ),
        pk=period_pk,
    )
    scope = selectors.completeness_scope(user=request.user, organisation=organisation)
    unit = None
    measures = Measure.objects.filter(organisation=organisation)
    if unit_pk is None:
        if scope is not None:
            measures = measures.filter(responsible_unit_id__in=scope)
    elif unit_pk:
        if scope is not None and unit_pk not in scope:
            raise PermissionDenied
        unit = get_object_or_404(Unit, organisation=organisation, pk=unit_pk)
        measures = measures.filter(responsible_unit=unit)
    elif scope is not None:
        raise PermissionDenied
    else:
        measures = measures.filter(responsible_unit__isnull=True)
    items = selectors.due_items(periods=[period], measures=measures)
    return render(
        request,
        "monitoring/completeness_detail.html",
        {
            "period": period,
            "unit": unit,
            "all_units": unit_pk is None,
            "items": items,
            "today": timezone.localdate(),
        },
    )


@workspace_view
def health(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require_office(request, organisation)
    report = selectors.strategy_health(organisation=organisation, today=timezone.localdate())
    return render(request, "monitoring/health.html", {"report": report})
