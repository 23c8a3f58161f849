"""The figures of participation: what came in, how fast it was answered, what it became.

Counted over public ideas only (never those waiting for moderation or
hidden), for one calendar year of submission or for all time. A handful of
queries whatever the number of ideas.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from strategia.organisations.models import Organisation
from strategia.strategy.models import Measure, MeasureStatus, Visibility

from .models import Idea, IdeaState, Initiative


@dataclass
class GoalCount:
    goal_id: int
    name: str
    plan: str
    count: int


@dataclass
class IdeaFigures:
    year: int | None
    submitted: int = 0
    answered: int = 0
    carried_out: int = 0
    with_due_date: int = 0
    answered_in_time: int = 0
    median_days_to_answer: float | None = None
    per_goal: list[GoalCount] = field(default_factory=list)
    per_state: dict[str, int] = field(default_factory=dict)
    measures: int = 0
    measure_statuses: dict[str, int] = field(default_factory=dict)
    measure_progress: float | None = None
    initiatives: int = 0
    initiatives_decided: int = 0

    @property
    def share_in_time(self) -> float | None:
        """Of the ideas whose answer was due (or came), the share answered by the due date."""
        return self.answered_in_time / self.with_due_date if self.with_due_date else None


def public_ideas(organisation: Organisation, year: int | None = None):
    ideas = Idea.objects.filter(organisation=organisation, is_hidden=False).exclude(
        state=IdeaState.SUBMITTED
    )
    if year:
        ideas = ideas.filter(created_at__year=year)
    return ideas


def idea_figures(
    *, organisation: Organisation, year: int | None = None, today: datetime.date | None = None
) -> IdeaFigures:
    today = today or timezone.localdate()
    ideas = public_ideas(organisation, year)
    figures = IdeaFigures(year=year)
    figures.per_state = dict.fromkeys(IdeaState.values, 0)
    for row in ideas.order_by().values("state").annotate(n=Count("pk")):
        figures.per_state[row["state"]] = row["n"]
    figures.per_state.pop(IdeaState.SUBMITTED, None)
    figures.submitted = sum(figures.per_state.values())
    figures.carried_out = figures.per_state[IdeaState.CARRIED_OUT]
    figures.answered = figures.per_state[IdeaState.ANSWERED] + figures.carried_out

    durations = []
    for published_at, created_at, answered_at, due_date in ideas.filter(
        Q(answered_at__isnull=False) | Q(due_date__lt=today)
    ).values_list("published_at", "created_at", "answered_at", "due_date"):
        if answered_at is not None:
            start = published_at or created_at
            durations.append((answered_at - start).total_seconds() / 86400)
        if due_date is not None:
            figures.with_due_date += 1
            if answered_at is not None and timezone.localtime(answered_at).date() <= due_date:
                figures.answered_in_time += 1
    if durations:
        figures.median_days_to_answer = round(statistics.median(durations), 1)

    per_goal = (
        Idea.goals.through.objects.filter(idea__in=ideas)
        .values("goal_id", "goal__name", "goal__plan__name")
        .annotate(n=Count("idea_id"))
        .order_by("-n", "goal__name")
    )
    figures.per_goal = [
        GoalCount(
            goal_id=row["goal_id"],
            name=row["goal__name"],
            plan=row["goal__plan__name"],
            count=row["n"],
        )
        for row in per_goal
    ]

    measures = Measure.objects.filter(
        organisation=organisation, visibility=Visibility.PUBLIC, ideas__in=ideas
    ).distinct()
    figures.measure_statuses = dict.fromkeys(MeasureStatus.values, 0)
    progress = []
    for status, value in measures.values_list("status", "progress"):
        figures.measure_statuses[status] += 1
        if value is not None:
            progress.append(value)
    figures.measures = sum(figures.measure_statuses.values())
    if progress:
        figures.measure_progress = round(sum(progress) / len(progress), 1)

    initiatives = Initiative.objects.filter(organisation=organisation)
    if year:
        initiatives = initiatives.filter(submitted_on__year=year)
    counts = initiatives.aggregate(
        n=Count("pk"), decided=Count("pk", filter=Q(status=Initiative.Status.DECIDED))
    )
    figures.initiatives = counts["n"]
    figures.initiatives_decided = counts["decided"]
    return figures


def years_with_ideas(organisation: Organisation) -> list[int]:
    dates = public_ideas(organisation).dates("created_at", "year", order="DESC")
    return [d.year for d in dates]
