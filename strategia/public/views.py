"""The public strategy site: thin views over the strategy and monitoring selectors.

Every read of measures starts from ``measures_visible_to`` (directly or through
``measure_list`` / ``published_updates_visible_to``), so an internal measure
never reaches an anonymous visitor, whether listed, counted or addressed.
"""

import datetime
from collections.abc import Callable
from functools import wraps

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from strategia.core.errors import too_many_requests
from strategia.core.public_cache import public_page
from strategia.indicators import selectors as indicator_selectors
from strategia.indicators.judgement import count_statuses
from strategia.monitoring.selectors import published_updates, published_updates_visible_to
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure
from strategia.strategy.selectors import (
    measure_list as measure_list_selector,
)
from strategia.strategy.selectors import (
    measure_visible_or_none,
    measures_visible_to,
    plan_goals,
    user_can_view_internal,
)

from . import selectors, vocabulary
from .filters import MeasureFilter
from .search import search as search_content
from .search import search_limited

MEASURES_PER_PAGE = 25
# When the accessibility statement was last reviewed (self-assessment).
STATEMENT_DATE = datetime.date(2026, 11, 29)
LATEST_UPDATES_ON_HOME = 5

View = Callable[..., HttpResponse]


def root_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """/ goes to the visitor's language, or Finnish."""
    language = translation.get_language_from_request(request) or "fi"
    return HttpResponseRedirect(f"/{language}/")


def with_organisation(view: View) -> View:
    """Give the view the site's organisation; on an empty installation say so kindly."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        organisation = getattr(request, "organisation", None)
        if not organisation:
            return render(request, "public/no_organisation.html", status=200)
        return view(request, organisation, *args, **kwargs)

    return wrapper


def _measures(request: HttpRequest, organisation: Organisation) -> QuerySet[Measure]:
    return measures_visible_to(user=request.user, organisation=organisation)


def _measure_page(request: HttpRequest, measures: QuerySet[Measure]) -> Page:
    """One page of a measure list (``?page=``; out of range or junk gives the nearest)."""
    return Paginator(measures, MEASURES_PER_PAGE).get_page(request.GET.get("page"))


def _page_range(page: Page) -> list:
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def _base_context(request: HttpRequest, organisation: Organisation) -> dict:
    return {"show_internal": user_can_view_internal(user=request.user, organisation=organisation)}


@public_page("strategy", "updates", "indicators")
@with_organisation
def home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    plan = selectors.strategy_plan(organisation)
    context = _base_context(request, organisation)
    context["plan"] = plan
    if plan is not None:
        goals = list(plan_goals(plan))
        roots = selectors.goal_tree(goals)
        mission = [g for g in roots if g.kind == Goal.Kind.MISSION]
        vision = [g for g in roots if g.kind == Goal.Kind.VISION]
        main_goals = [g for g in roots if g.kind not in (Goal.Kind.MISSION, Goal.Kind.VISION)]
        counts = selectors.status_counts_by_goal_subtree(
            goals=main_goals, measures=_measures(request, organisation)
        )
        indicator_counts = indicator_selectors.status_summary_by_goal(
            user=request.user, organisation=organisation, goals=main_goals
        )
        for goal in main_goals:
            goal.status_counts = counts[goal.pk]
            goal.indicator_counts = indicator_counts[goal.pk]
        context.update(mission=mission, vision=vision, main_goals=main_goals)
        context["programmes"] = selectors.split_ended(plan.children.order_by("order", "name"))
    context["latest_updates"] = list(
        published_updates_visible_to(user=request.user, organisation=organisation)[
            :LATEST_UPDATES_ON_HOME
        ]
    )
    return render(request, "public/home.html", context)


@public_page("strategy")
@with_organisation
def plan_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    context = _base_context(request, organisation)
    groups = selectors.split_ended(selectors.plans_for_list(organisation))
    context.update(plans=groups.current, ended_plans=groups.ended)
    return render(request, "public/plan_list.html", context)


@public_page("strategy")
@with_organisation
def plan_detail(request: HttpRequest, organisation: Organisation, slug: str) -> HttpResponse:
    plan = selectors.plan_for_page(organisation=organisation, slug=slug)
    if plan is None:
        raise Http404(_("No such plan."))
    measures = _measures(request, organisation)
    goals = list(plan_goals(plan))
    roots = selectors.goal_tree(goals)
    counts = selectors.status_counts_by_goal_subtree(goals=goals, measures=measures)
    for goal in goals:
        goal.status_counts = counts[goal.pk]
    plan_measures = selectors.with_goals(
        selectors.measures_serving(goal_ids=[g.pk for g in goals], measures=measures)
    )
    page = _measure_page(request, plan_measures)
    context = _base_context(request, organisation)
    context.update(
        plan=plan,
        goal_roots=roots,
        child_plans=selectors.split_ended(plan.children.order_by("order", "name")),
        page=page,
        page_range=_page_range(page),
        plan_counts=selectors.report_status_counts(plan_measures),
    )
    return render(request, "public/plan_detail.html", context)


# The goal's page lists the published decisions that affect it (assessments_tags).
@public_page("strategy", "indicators", "decisions")
@with_organisation
def goal_detail(
    request: HttpRequest, organisation: Organisation, plan_slug: str, slug: str
) -> HttpResponse:
    goal = selectors.goal_for_page(organisation=organisation, plan_slug=plan_slug, slug=slug)
    if goal is None:
        raise Http404(_("No such goal."))
    measures = _measures(request, organisation)
    goals_of_plan = list(plan_goals(goal.plan))
    selectors.goal_tree(goals_of_plan)
    this = next(g for g in goals_of_plan if g.pk == goal.pk)
    subgoals = this.subgoals
    counts = selectors.status_counts_by_goal_subtree(goals=[this, *subgoals], measures=measures)
    for subgoal in subgoals:
        subgoal.status_counts = counts[subgoal.pk]
    goal_measures = selectors.with_goals(
        selectors.measures_serving(goal_ids=selectors.goal_subtree_ids(goal), measures=measures)
    )
    indicator_rows = indicator_selectors.goal_indicator_rows(
        user=request.user, organisation=organisation, goal=goal
    )
    page = _measure_page(request, goal_measures)
    context = _base_context(request, organisation)
    context.update(
        goal=goal,
        subgoals=subgoals,
        goal_counts=counts[goal.pk],
        page=page,
        page_range=_page_range(page),
        programmes=selectors.split_ended(
            selectors.plans_serving_goal(goal=goal, measures=measures)
        ),
        indicator_rows=indicator_rows,
        indicator_counts=count_statuses(row.judgement for row in indicator_rows),
    )
    return render(request, "public/goal_detail.html", context)


@public_page("strategy")
@with_organisation
def measure_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    measures = selectors.with_report_flag(
        measure_list_selector(user=request.user, organisation=organisation)
    )
    measure_filter = MeasureFilter(
        request.GET or None, queryset=measures, organisation=organisation
    )
    page = _measure_page(request, measure_filter.qs)
    context = _base_context(request, organisation)
    context.update(
        filter=measure_filter,
        page=page,
        page_range=_page_range(page),
        result_count=page.paginator.count,
    )
    return render(request, "public/measure_list.html", context)


@public_page("strategy", "updates")
@with_organisation
def measure_detail(request: HttpRequest, organisation: Organisation, slug: str) -> HttpResponse:
    measure = measure_visible_or_none(user=request.user, organisation=organisation, slug=slug)
    if measure is None:
        raise Http404(_("No such measure."))
    context = _base_context(request, organisation)
    context.update(
        measure=measure,
        updates=list(
            published_updates()
            .filter(measure=measure)
            .select_related("reporting_period")
            .order_by("-date", "-pk")
        ),
        changes=selectors.measure_change_summary(measure),
        contact_persons=list(measure.contact_persons.all()),
    )
    return render(request, "public/measure_detail.html", context)


@public_page("strategy")
@with_organisation
def unit_detail(request: HttpRequest, organisation: Organisation, slug: str) -> HttpResponse:
    unit = selectors.unit_for_page(organisation=organisation, slug=slug)
    if unit is None:
        raise Http404(_("No such unit."))
    measures = _measures(request, organisation)
    responsible = selectors.with_goals(measures.filter(responsible_unit=unit))
    collaborating = selectors.with_goals(measures.filter(collaborating_units=unit).distinct())
    context = _base_context(request, organisation)
    context.update(
        unit=unit,
        responsible=list(responsible),
        collaborating=list(collaborating),
        unit_counts=selectors.report_status_counts(responsible),
        child_units=list(unit.children.all()),
    )
    return render(request, "public/unit_detail.html", context)


@public_page("strategy", "updates", "indicators")
@with_organisation
def overview(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The councillors' overview: every plan, status by unit and goal, what is late or off track.

    Public; signed-in readers see internal measures and indicators here as everywhere.
    """
    indicators = list(
        indicator_selectors.indicator_list(user=request.user, organisation=organisation)
    )
    off_track = [
        row
        for row in indicator_selectors.indicator_rows(indicators)
        if row.judgement.status.value == "off_track"
    ]
    context = _base_context(request, organisation)
    context.update(
        overview=selectors.overview(
            organisation=organisation,
            measures=_measures(request, organisation),
            today=timezone.localdate(),
        ),
        off_track=off_track,
        statuses=[
            vocabulary.term(vocabulary.Kind.MEASURE, key) for key in vocabulary.MEASURE_ORDER
        ],
        status_keys=vocabulary.MEASURE_ORDER,
    )
    return render(request, "public/overview.html", context)


@with_organisation
def search(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Search over plans, goals, measures, indicators and published updates, by kind.

    Not a cached public page: every query string would be an entry of its own,
    so anonymous searches are rate limited instead.
    """
    if search_limited(request):
        return too_many_requests(request)
    results = search_content(
        user=request.user,
        organisation=organisation,
        query=request.GET.get("q", ""),
        language=(translation.get_language() or "fi").split("-")[0],
    )
    context = _base_context(request, organisation)
    context.update(results=results, query=results.query)
    return render(request, "public/search.html", context)


@public_page()
def statuses(request: HttpRequest) -> HttpResponse:
    """The legend of every status, judgement and stage the site shows, with what each means."""
    sections = [
        (kind, vocabulary.HEADINGS[kind], [vocabulary.term(kind, key) for key in order])
        for kind, order in (
            (vocabulary.Kind.MEASURE, vocabulary.MEASURE_ORDER),
            (vocabulary.Kind.JUDGEMENT, vocabulary.JUDGEMENT_ORDER),
            (vocabulary.Kind.STAGE, list(vocabulary.STAGE_TERMS)),
        )
    ]
    return render(
        request,
        "public/statuses.html",
        {"sections": sections, "tones": list(vocabulary.TONE_MEANINGS.items())},
    )


@public_page()
def accessibility(request: HttpRequest) -> HttpResponse:
    # The statement is a legal text: one template per language rather than
    # dozens of catalogue entries; languages without their own fall back to Finnish.
    language = translation.get_language() or "fi"
    templates = [
        f"public/accessibility/statement_{language}.html",
        "public/accessibility/statement_fi.html",
    ]
    return render(request, templates, {"statement_date": STATEMENT_DATE})
