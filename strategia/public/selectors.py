"""Reads that the public pages need on top of ``strategia.strategy.selectors``.

Nothing here decides who may see a measure: every function takes the already
visibility-filtered ``measures`` queryset from ``measures_visible_to`` (or a
selector built on it), so the rule stays in one place.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from strategia.monitoring.models import StatusUpdate
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal, Measure, MeasureStatus, Plan

from .vocabulary import UNREPORTED

# A goal-link record this soon after the row's own record belongs to the same edit.
SAME_EDIT = datetime.timedelta(seconds=30)

# Fields whose change means nothing to a reader of the public site.
_HISTORY_IGNORED_FIELDS = {
    "id",
    "organisation",
    "order",
    "is_sample",
    "created_at",
    "updated_at",
    "version",
}


def strategy_plan(organisation: Organisation) -> Plan | None:
    """The organisation's top-level strategy, the plan the home page shows."""
    return (
        Plan.objects.filter(organisation=organisation, kind=Plan.Kind.STRATEGY, parent__isnull=True)
        .order_by("order", "pk")
        .first()
    )


def plan_for_page(*, organisation: Organisation, slug: str) -> Plan | None:
    return (
        Plan.objects.filter(organisation=organisation, slug=slug)
        .select_related("parent", "owner_unit")
        .first()
    )


def goal_for_page(*, organisation: Organisation, plan_slug: str, slug: str) -> Goal | None:
    return (
        Goal.objects.filter(plan__organisation=organisation, plan__slug=plan_slug, slug=slug)
        .select_related("plan", "parent")
        .first()
    )


def unit_for_page(*, organisation: Organisation, slug: str) -> Unit | None:
    return (
        Unit.objects.filter(organisation=organisation, slug=slug).select_related("parent").first()
    )


def goal_tree(goals: Iterable[Goal]) -> list[Goal]:
    """The roots of a goal forest; every goal gets ``subgoals``, a list of its children.

    Works on goals already fetched, so a whole plan's tree costs one query.
    """
    goals = list(goals)
    by_parent: dict[int | None, list[Goal]] = defaultdict(list)
    ids = {goal.pk for goal in goals}
    for goal in goals:
        by_parent[goal.parent_id if goal.parent_id in ids else None].append(goal)
    for goal in goals:
        goal.subgoals = by_parent.get(goal.pk, [])
    return by_parent[None]


def goal_subtree_ids(goal: Goal) -> list[int]:
    """The goal and all its descendants (one query for the plan's goals)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Goal.objects.filter(plan_id=goal.plan_id).values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    result, stack = [], [goal.pk]
    while stack:
        pk = stack.pop()
        result.append(pk)
        stack.extend(children[pk])
    return result


def with_report_flag(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """The measures, each with ``has_report``: whether any status update of it is published.

    A measure nobody has reported on still carries its default status; pages show
    it as "no report yet" rather than claim it has not started.
    """
    published = StatusUpdate.objects.filter(
        measure=OuterRef("pk"), state=StatusUpdate.State.PUBLISHED
    )
    return measures.annotate(has_report=Exists(published))


def _count_key(status: str, has_report: bool) -> str:
    # Only the default status can be unreported: any other came from a published update.
    return UNREPORTED if status == MeasureStatus.NOT_STARTED and not has_report else status


def empty_counts() -> dict[str, int]:
    return dict.fromkeys([*MeasureStatus.values, UNREPORTED], 0)


def report_status_counts(measures: QuerySet[Measure]) -> dict[str, int]:
    """How many of the measures are in each status, "no report yet" counted apart: one query."""
    counts = empty_counts()
    rows = (
        with_report_flag(measures.order_by()).values("status", "has_report").annotate(n=Count("pk"))
    )
    for row in rows:
        counts[_count_key(row["status"], row["has_report"])] += row["n"]
    return counts


def status_counts_by_goal_subtree(
    *, goals: Iterable[Goal], measures: QuerySet[Measure]
) -> dict[int, dict[str, int]]:
    """For each goal, the given measures serving it or any goal below it, by status.

    A measure serving a goal and one of its sub-goals is counted once; one
    without a published update is counted as ``unreported``. Two queries
    whatever the number of goals or measures.
    """
    goals = list(goals)
    children: dict[int | None, list[int]] = defaultdict(list)
    plan_ids = {goal.plan_id for goal in goals}
    for pk, parent_id in Goal.objects.filter(plan_id__in=plan_ids).values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    roots_of: dict[int, set[int]] = defaultdict(set)
    for goal in goals:
        stack = [goal.pk]
        while stack:
            pk = stack.pop()
            roots_of[pk].add(goal.pk)
            stack.extend(children[pk])
    statuses: dict[int, dict[int, str]] = {goal.pk: {} for goal in goals}
    rows = (
        with_report_flag(measures.filter(goals__in=list(roots_of)))
        .order_by()
        .values_list("goals", "pk", "status", "has_report")
        .distinct()
    )
    for goal_id, measure_id, status, has_report in rows:
        for root in roots_of[goal_id]:
            statuses[root][measure_id] = _count_key(status, has_report)
    result = {}
    for goal_id, by_measure in statuses.items():
        counts = empty_counts()
        for status in by_measure.values():
            counts[status] += 1
        result[goal_id] = counts
    return result


def measures_serving(*, goal_ids: list[int], measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """The given measures that serve any of the goals, each once."""
    return measures.filter(pk__in=Measure.objects.filter(goals__in=goal_ids).values("pk"))


def plans_serving_goal(*, goal: Goal, measures: QuerySet[Measure]) -> QuerySet[Plan]:
    """Programmes that serve a goal.

    Plans whose (visible) measures also serve this goal or a goal below it,
    and the plans under the goal's own plan.
    """
    serving = measures_serving(goal_ids=goal_subtree_ids(goal), measures=measures)
    return (
        Plan.objects.filter(organisation_id=goal.plan.organisation_id)
        .filter(
            Q(pk__in=Goal.objects.filter(measures__in=serving.values("pk")).values("plan_id"))
            | Q(parent_id=goal.plan_id)
        )
        .exclude(pk=goal.plan_id)
        .order_by("order", "name")
    )


def plans_for_list(organisation: Organisation) -> list[Plan]:
    """All plans, each top-level plan with ``subplans`` (its children), in one query."""
    plans = list(
        Plan.objects.filter(organisation=organisation)
        .select_related("parent")
        .order_by("order", "name")
    )
    by_parent: dict[int | None, list[Plan]] = defaultdict(list)
    ids = {plan.pk for plan in plans}
    for plan in plans:
        by_parent[plan.parent_id if plan.parent_id in ids else None].append(plan)
    for plan in plans:
        plan.subplans = by_parent.get(plan.pk, [])
    return by_parent[None]


def with_goals(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    return with_report_flag(
        measures.select_related("responsible_unit").prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("plan"))
        )
    )


@dataclass
class PlanGroups:
    """Plans split by their period: those in force (as a tree) and those that have ended."""

    current: list[Plan]
    ended: list[Plan]


def split_ended(roots: Iterable[Plan]) -> PlanGroups:
    """Take ended plans (with everything under them) out of a plan tree into their own list.

    Works on trees from ``plans_for_list`` (``subplans`` set) or on a flat list.
    """
    ended: list[Plan] = []

    def prune(plans: Iterable[Plan]) -> list[Plan]:
        kept = []
        for plan in plans:
            if plan.is_ended:
                ended.append(plan)
                continue
            if hasattr(plan, "subplans"):
                plan.subplans = prune(plan.subplans)
            kept.append(plan)
        return kept

    current = prune(roots)
    ended.sort(key=lambda plan: (-(plan.end_year or 0), plan.order, plan.name))
    return PlanGroups(current=current, ended=ended)


@dataclass
class Change:
    """One saved change of a measure, for the public change summary."""

    date: datetime.datetime
    created: bool
    fields: list[str] = field(default_factory=list)


def measure_change_summary(measure: Measure) -> list[Change]:
    """When the measure was changed and which fields, newest first.

    Built from django-simple-history's records in two queries (the records and
    their goal links) by comparing each record with the one before it. Who made
    the change is deliberately left out: the public site does not show it.
    """
    history_model = measure.history.model
    records = list(measure.history.order_by("history_date", "history_id"))
    tracked = []
    labels: dict[str, str] = {}
    for model_field in history_model._meta.concrete_fields:
        if model_field.name in _HISTORY_IGNORED_FIELDS or model_field.name.startswith("history_"):
            continue
        base = getattr(model_field, "translated_field", None) or model_field
        tracked.append(model_field.attname)
        labels[model_field.attname] = str(base.verbose_name)

    goal_links = _history_goal_links(history_model, records)
    goals_label = str(Measure._meta.get_field("goals").verbose_name)

    changes: list[Change] = []
    previous = None
    for record in records:
        if previous is None or record.history_type == "+":
            changes.append(Change(date=record.history_date, created=True))
            previous = record
            continue
        names = []
        for attname in tracked:
            if getattr(record, attname) != getattr(previous, attname):
                label = labels[attname]
                if label not in names:
                    names.append(label)
        if goal_links is not None and goal_links.get(record.pk) != goal_links.get(previous.pk):
            names.append(goals_label)
        if names == [goals_label] and record.history_date - previous.history_date < SAME_EDIT:
            # Saving a form writes the row, then its goal links as a second
            # record: one edit for the reader, one line.
            if not changes[-1].created and goals_label not in changes[-1].fields:
                changes[-1].fields.append(goals_label)
        elif names:
            changes.append(Change(date=record.history_date, created=False, fields=names))
        previous = record
    changes.reverse()
    return changes


def _history_goal_links(history_model, records: list) -> dict[int, frozenset[int]] | None:
    """The goals each history record links to, if goal links are kept in history."""
    try:
        through = history_model._meta.get_field("historicalmeasure_goals").related_model
    except FieldDoesNotExist:  # goal links are not kept in history
        return None
    links: dict[int, set[int]] = {record.pk: set() for record in records}
    rows = through.objects.filter(history_id__in=list(links)).values_list("history_id", "goal_id")
    for history_id, goal_id in rows:
        links[history_id].add(goal_id)
    return {pk: frozenset(goal_ids) for pk, goal_ids in links.items()}


# --- The councillors' overview ------------------------------------------------------------

# Measures whose latest report says this need a reader's attention.
ATTENTION_STATUSES = (MeasureStatus.DELAYED, MeasureStatus.AT_RISK)
FINISHED_STATUSES = (MeasureStatus.COMPLETED, MeasureStatus.CANCELLED)


@dataclass
class CountRow:
    """One row of an overview table: a plan, unit or goal with its measures by status."""

    subject: object
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Overview:
    current_plans: list[CountRow]
    ended_plans: list[CountRow]
    by_unit: list[CountRow]
    by_goal: list[CountRow]
    attention: list[Measure]
    late: list[Measure]


def _counts_by(measures: QuerySet[Measure], key: str) -> dict[int | None, dict[str, int]]:
    """The measures counted by status for each value of ``key`` (a measure stays one per key)."""
    result: dict[int | None, dict[str, int]] = defaultdict(empty_counts)
    rows = (
        with_report_flag(measures.order_by())
        .values_list(key, "pk", "status", "has_report")
        .distinct()
    )
    for subject_id, _pk, status, has_report in rows:
        result[subject_id][_count_key(status, has_report)] += 1
    return result


def overview(
    *, organisation: Organisation, measures: QuerySet[Measure], today: datetime.date
) -> Overview:
    """All plans, units and main goals with their (visible) measures by status, and what is late.

    A fixed number of queries whatever the number of plans, units or measures.
    """
    plans = list(Plan.objects.filter(organisation=organisation).order_by("order", "name"))
    by_plan = _counts_by(measures, "goals__plan")
    groups = split_ended(plans)
    by_unit_counts = _counts_by(measures, "responsible_unit")
    units = {
        unit.pk: unit
        for unit in Unit.objects.filter(pk__in=[pk for pk in by_unit_counts if pk is not None])
    }
    by_unit = sorted(
        (CountRow(units[pk], counts) for pk, counts in by_unit_counts.items() if pk in units),
        key=lambda row: str(row.subject),
    )
    if None in by_unit_counts:
        by_unit.append(CountRow(None, by_unit_counts[None]))
    strategy = strategy_plan(organisation)
    by_goal: list[CountRow] = []
    if strategy is not None:
        roots = goal_tree(strategy.goals.select_related("plan").order_by("order", "pk"))
        main_goals = [g for g in roots if g.kind not in (Goal.Kind.MISSION, Goal.Kind.VISION)]
        goal_counts = status_counts_by_goal_subtree(goals=main_goals, measures=measures)
        by_goal = [CountRow(goal, goal_counts[goal.pk]) for goal in main_goals]
    listed = with_goals(measures).order_by("identifier")
    attention = list(listed.filter(status__in=ATTENTION_STATUSES))
    late = list(
        listed.filter(end_date__lt=today)
        .exclude(status__in=FINISHED_STATUSES)
        .exclude(status__in=ATTENTION_STATUSES)
    )
    return Overview(
        current_plans=[CountRow(plan, by_plan[plan.pk]) for plan in groups.current],
        ended_plans=[CountRow(plan, by_plan[plan.pk]) for plan in groups.ended],
        by_unit=by_unit,
        by_goal=by_goal,
        attention=attention,
        late=late,
    )
