"""What the report builders read: a plan's content as a report may show it.

A report is not read by one user but made for an audience: only published
status updates ever, and internal measures and indicators only when the
report is marked internal (``internal=True``; the view and the command check
that whoever asks may see internal content). Every function makes a fixed
number of queries, however many measures, indicators and observations the
plan has (a test counts them at two sizes).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from strategia.indicators.models import Indicator, IndicatorGoal, Observation, Target
from strategia.monitoring.selectors import published_updates
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal, Measure, Plan, Visibility


def report_measures(*, organisation: Organisation, internal: bool) -> QuerySet[Measure]:
    measures = Measure.objects.filter(organisation=organisation)
    if not internal:
        measures = measures.filter(visibility=Visibility.PUBLIC)
    return measures


def report_indicators(*, organisation: Organisation, internal: bool) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(organisation=organisation)
    if not internal:
        indicators = indicators.filter(visibility=Visibility.PUBLIC)
    return indicators


@dataclass
class PlanContent:
    """A plan's goals, measures, updates and indicators, linked up in memory."""

    plan: Plan
    goals: list[Goal]
    measures: dict[int, Measure]
    measures_of_goal: dict[int, list[Measure]]
    # Published updates up to the end of the reported time, oldest first, per measure.
    updates_of_measure: dict[int, list] = field(default_factory=dict)
    indicators: dict[int, Indicator] = field(default_factory=dict)
    indicators_of_goal: dict[int, list[Indicator]] = field(default_factory=dict)
    # Observations of the indicator's own area up to the end of the reported time.
    observations_of_indicator: dict[int, list[Observation]] = field(default_factory=dict)

    def children_of(self, goal: Goal | None) -> list[Goal]:
        parent_id = goal.pk if goal else None
        return [g for g in self.goals if g.parent_id == parent_id]

    @property
    def units(self) -> list[Unit | None]:
        seen: dict[int | None, Unit | None] = {}
        for measure in self.measures.values():
            seen.setdefault(measure.responsible_unit_id, measure.responsible_unit)
        return sorted(seen.values(), key=lambda unit: (unit is None, str(unit or "")))


def plan_content(*, plan: Plan, internal: bool, until: datetime.date) -> PlanContent:
    """Everything the annual and wellbeing reports show of a plan, in seven queries.

    ``until`` is the last day reported on: updates and observations after it
    are left out, so a report on 2025 reads the same in 2027.
    """
    organisation = plan.organisation
    goals = list(plan.goals.order_by("order", "pk"))
    measures = {
        measure.pk: measure
        for measure in report_measures(organisation=organisation, internal=internal)
        .filter(goals__plan=plan)
        .distinct()
        .select_related("responsible_unit")
        .order_by("order", "identifier")
    }
    measures_of_goal: dict[int, list[Measure]] = defaultdict(list)
    links = Measure.goals.through.objects.filter(
        goal__plan=plan, measure_id__in=measures
    ).values_list("goal_id", "measure_id")
    for goal_id, measure_id in links.order_by("measure__order", "measure__identifier"):
        measures_of_goal[goal_id].append(measures[measure_id])
    content = PlanContent(
        plan=plan, goals=goals, measures=measures, measures_of_goal=measures_of_goal
    )
    content.updates_of_measure = updates_by_measure(measures=measures, until=until)
    indicator_links = list(
        IndicatorGoal.objects.filter(
            goal__plan=plan,
            indicator__in=report_indicators(organisation=organisation, internal=internal),
        )
        .select_related("indicator__organisation")
        .prefetch_related(Prefetch("indicator__targets", queryset=Target.objects.order_by("year")))
        .order_by("order", "pk")
    )
    for link in indicator_links:
        indicator = content.indicators.setdefault(link.indicator_id, link.indicator)
        content.indicators_of_goal.setdefault(link.goal_id, []).append(indicator)
    content.observations_of_indicator = observations_by_indicator(
        content.indicators.values(), until=until
    )
    return content


def updates_by_measure(*, measures: Iterable[int], until: datetime.date) -> dict[int, list]:
    """Published status updates dated on or before ``until``, oldest first, per measure."""
    result: dict[int, list] = defaultdict(list)
    rows = (
        published_updates()
        .filter(measure_id__in=list(measures), date__lte=until)
        .select_related("reporting_period")
        .order_by("date", "pk")
    )
    for update in rows:
        result[update.measure_id].append(update)
    return result


def observations_by_indicator(
    indicators: Iterable[Indicator], *, until: datetime.date
) -> dict[int, list[Observation]]:
    """The own-area observations (total and breakdowns) of many indicators, in one query."""
    indicators = list(indicators)
    areas = {indicator.pk: indicator.default_area for indicator in indicators}
    result: dict[int, list[Observation]] = defaultdict(list)
    if not indicators:
        return result
    rows = (
        Observation.objects.filter(
            indicator_id__in=areas, area__in=set(areas.values()), period_start__lte=until
        )
        .order_by("indicator_id", "dimensions_key", "period_start")
        .only(
            "indicator_id",
            "area",
            "period",
            "period_start",
            "dimensions",
            "dimensions_key",
            "value",
            "status",
        )
    )
    for observation in rows:
        if observation.area == areas[observation.indicator_id]:
            result[observation.indicator_id].append(observation)
    return result


@dataclass
class PublishedGroup:
    plan: Plan
    years: list[tuple[int | None, list]]


def published_reports(*, organisation: Organisation) -> list[PublishedGroup]:
    """Published reports by plan and year (newest first), files listed without their bytes."""
    from .models import Report, ReportFile

    reports = (
        Report.objects.filter(organisation=organisation, published_at__isnull=False, internal=False)
        .select_related("plan", "period")
        .defer("snapshot")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=ReportFile.objects.only("pk", "report_id", "format", "size").order_by(
                    "format"
                ),
            )
        )
        .order_by("plan__order", "plan__name", "-year", "-published_at")
    )
    groups: dict[int, PublishedGroup] = {}
    order = {"pdf": 0, "docx": 1, "xlsx": 2, "html": 3}
    for report in reports:
        # The council's paged document first, then the editable and data formats.
        report.file_list = sorted(report.files.all(), key=lambda file: order.get(file.format, 9))
        group = groups.setdefault(report.plan_id, PublishedGroup(plan=report.plan, years=[]))
        if not group.years or group.years[-1][0] != report.year:
            group.years.append((report.year, []))
        group.years[-1][1].append(report)
    return list(groups.values())
