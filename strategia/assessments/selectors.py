"""Shared reads of decisions and assessments, each loading what its page shows.

Public reads start from ``published_decisions``: a decision reaches the public
site only with a published assessment, and an indicator cited as evidence
only when the indicator itself is public.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from strategia.indicators.models import Indicator
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Plan, Visibility

from .models import Decision, DecisionOption, Effect, GoalLink, ImpactAssessment


def decisions_for_workspace(*, organisation: Organisation) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(organisation=organisation)
        .select_related("assessment", "assessment__preparer", "assessment__reviewer", "preparer")
        .order_by("-meeting_date", "body", "-pk")
    )


def published_decisions(*, organisation: Organisation) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(
            organisation=organisation, assessment__state=ImpactAssessment.State.PUBLISHED
        )
        .select_related("assessment")
        .order_by("-meeting_date", "body", "-pk")
    )


def published_decision_or_none(*, organisation: Organisation, pk: int) -> Decision | None:
    return published_decisions(organisation=organisation).filter(pk=pk).first()


def assessment_with_content(
    assessment_pk: int, *, public_only: bool = False
) -> ImpactAssessment | None:
    """One assessment with its decision, options, effects, evidence and goals, in a few queries."""
    indicators = Indicator.objects.order_by("name")
    if public_only:
        indicators = indicators.filter(visibility=Visibility.PUBLIC)
    return (
        ImpactAssessment.objects.filter(pk=assessment_pk)
        .select_related(
            "decision", "template_version", "template_version__template", "preparer", "reviewer"
        )
        .prefetch_related(
            Prefetch(
                "options",
                queryset=DecisionOption.objects.order_by("order", "pk").prefetch_related(
                    Prefetch(
                        "effects",
                        queryset=Effect.objects.prefetch_related(
                            Prefetch("indicators", queryset=indicators)
                        ),
                    )
                ),
            ),
            Prefetch(
                "goal_links",
                queryset=GoalLink.objects.select_related("goal", "goal__plan").order_by(
                    "goal__plan__order", "goal__order", "pk"
                ),
            ),
            "decision__plans",
            "decision__goals",
            "decision__measures",
        )
        .first()
    )


def goal_choices(*, organisation: Organisation) -> list[tuple[Plan, list[Goal]]]:
    """The goal trees of the organisation's plans, depth-first, each goal with its ``depth``."""
    goals = list(
        Goal.objects.filter(plan__organisation=organisation)
        .select_related("plan")
        .order_by("plan__order", "plan__name", "order", "pk")
    )
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    by_plan: dict[int, tuple[Plan, list[Goal]]] = {}
    for goal in goals:
        by_plan.setdefault(goal.plan_id, (goal.plan, []))

    def walk(goal: Goal, depth: int) -> None:
        goal.depth = depth
        by_plan[goal.plan_id][1].append(goal)
        for child in children.get(goal.pk, []):
            walk(child, depth + 1)

    for goal in children.get(None, []):
        walk(goal, 0)
    return list(by_plan.values())


def indicator_choices(*, organisation: Organisation) -> QuerySet[Indicator]:
    return Indicator.objects.filter(organisation=organisation).order_by("name")


def decisions_for_goal(*, goal: Goal) -> list[GoalLink]:
    """Published assessments that advance or work against the goal, newest decision first."""
    return list(
        GoalLink.objects.filter(goal=goal, assessment__state=ImpactAssessment.State.PUBLISHED)
        .select_related("assessment__decision")
        .order_by("-assessment__decision__meeting_date", "-assessment__decision__pk")
    )
