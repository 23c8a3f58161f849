"""Reads that the public pages need on top of ``strategia.strategy.selectors``.

Nothing here decides who may see a measure: every function takes the already
visibility-filtered ``measures`` queryset from ``measures_visible_to`` (or a
selector built on it), so the rule stays in one place.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet

from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal, Measure, MeasureStatus, Plan

# A goal-link record this soon after the row's own record belongs to the same edit.
SAME_EDIT = timedelta(seconds=30)

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


def status_counts_by_goal_subtree(
    *, goals: Iterable[Goal], measures: QuerySet[Measure]
) -> dict[int, dict[str, int]]:
    """For each goal, the given measures serving it or any goal below it, by status.

    A measure serving a goal and one of its sub-goals is counted once. Two
    queries whatever the number of goals or measures.
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
        measures.filter(goals__in=list(roots_of))
        .order_by()
        .values_list("goals", "pk", "status")
        .distinct()
    )
    for goal_id, measure_id, status in rows:
        for root in roots_of[goal_id]:
            statuses[root][measure_id] = status
    result = {}
    for goal_id, by_measure in statuses.items():
        counts = dict.fromkeys(MeasureStatus.values, 0)
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
    return measures.select_related("responsible_unit").prefetch_related(
        Prefetch("goals", queryset=Goal.objects.select_related("plan"))
    )


@dataclass
class Change:
    """One saved change of a measure, for the public change summary."""

    date: datetime
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
