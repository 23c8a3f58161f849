"""Shared reads of indicators for pages, summaries and reports.

Every read for a page goes through ``indicators_visible_to`` so that internal
indicators never reach anyone who may not see them — not in lists, not by
address, not in the status counts of the home and goal pages.

Each function here makes a fixed number of queries, whatever the number of
indicators or observations: observations are fetched for all the indicators
of a page at once and judged in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure, Visibility
from strategia.strategy.selectors import AnyUser, user_can_view_internal

from . import sectors
from .charts import ChartData, Series
from .judgement import Judgement, Point, TargetValue, count_statuses, decimal_year, judge
from .models import (
    FINLAND_AREA,
    Indicator,
    IndicatorGoal,
    IndicatorMeasure,
    Observation,
    Source,
    Target,
    TimeResolution,
)

PERIOD_YEARS = {
    TimeResolution.YEAR: 1.0,
    TimeResolution.QUARTER: 0.25,
    TimeResolution.MONTH: 1 / 12,
    TimeResolution.DATE: 1 / 365,
}
# The chart shows the total and at most this many breakdown lines; the table shows all.
MAX_CHART_BREAKDOWNS = 5


def indicators_visible_to(*, user: AnyUser, organisation: Organisation) -> QuerySet[Indicator]:
    indicators = Indicator.objects.filter(organisation=organisation)
    if not user_can_view_internal(user=user, organisation=organisation):
        indicators = indicators.filter(visibility=Visibility.PUBLIC)
    return indicators


def indicator_list(
    *,
    user: AnyUser,
    organisation: Organisation,
    goal: Goal | None = None,
    plan_slug: str = "",
    source: str = "",
) -> QuerySet[Indicator]:
    """Indicators for list pages, filtered, with their goals and targets already fetched."""
    indicators = indicators_visible_to(user=user, organisation=organisation)
    if goal is not None:
        indicators = indicators.filter(goal_links__goal=goal)
    if plan_slug:
        indicators = indicators.filter(goal_links__goal__plan__slug=plan_slug)
    if source:
        indicators = indicators.filter(source=source)
    return (
        indicators.distinct()
        .select_related("organisation", "responsible_unit")
        .prefetch_related(
            Prefetch(
                "goal_links",
                queryset=IndicatorGoal.objects.select_related("goal__plan").order_by("order", "pk"),
            ),
            Prefetch("targets", queryset=Target.objects.order_by("year")),
        )
    )


def indicator_detail(*, user: AnyUser, organisation: Organisation, slug: str) -> Indicator:
    """One visible indicator with everything its page shows, or 404."""
    visible_measures = Measure.objects.filter(organisation=organisation)
    if not user_can_view_internal(user=user, organisation=organisation):
        visible_measures = visible_measures.filter(visibility=Visibility.PUBLIC)
    indicator = (
        indicators_visible_to(user=user, organisation=organisation)
        .select_related("organisation", "responsible_unit", "contact_person")
        .prefetch_related(
            Prefetch(
                "goal_links",
                queryset=IndicatorGoal.objects.select_related("goal__plan").order_by("order", "pk"),
            ),
            Prefetch(
                "measure_links",
                queryset=IndicatorMeasure.objects.filter(measure__in=visible_measures)
                .select_related("measure")
                .order_by("order", "pk"),
            ),
            Prefetch("targets", queryset=Target.objects.order_by("year")),
        )
        .filter(slug=slug)
        .first()
    )
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


def indicator_observations(indicator: Indicator) -> list[Observation]:
    """All observations of the indicator's own area and of Finland, in period order."""
    return list(
        Observation.objects.filter(
            indicator=indicator, area__in={indicator.default_area, FINLAND_AREA}
        ).order_by("dimensions_key", "period_start")
    )


def main_series(indicator: Indicator, observations: Iterable[Observation]) -> list[Point]:
    """The judged series: own area, no breakdown, withheld values left out."""
    area = indicator.default_area
    return [
        Point(decimal_year(o.period_start), o.value, o.period)
        for o in observations
        if o.area == area and o.dimensions_key == "" and o.value is not None
    ]


def targets_of(indicator: Indicator) -> list[TargetValue]:
    """The targets for the indicator's own area (``targets`` should be prefetched)."""
    area = indicator.default_area
    return [TargetValue(t.year, t.value) for t in indicator.targets.all() if t.area in ("", area)]


def judge_indicator(indicator: Indicator, observations: Iterable[Observation]) -> Judgement:
    return judge(
        main_series(indicator, observations),
        targets_of(indicator),
        indicator.polarity,
        period_years=PERIOD_YEARS.get(indicator.time_resolution, 1.0),
    )


def judgements_for(indicators: Sequence[Indicator]) -> dict[int, Judgement]:
    """Judge many indicators with one query for all their main-series observations."""
    if not indicators:
        return {}
    areas = {indicator.pk: indicator.default_area for indicator in indicators}
    by_indicator: dict[int, list[Observation]] = defaultdict(list)
    rows = (
        Observation.objects.filter(
            indicator_id__in=areas,
            area__in=set(areas.values()),
            dimensions_key="",
            value__isnull=False,
        )
        .order_by("period_start")
        .only("indicator_id", "area", "dimensions_key", "period", "period_start", "value")
    )
    for observation in rows:
        # Another organisation's municipality can share the query's area list; keep own area.
        if observation.area == areas[observation.indicator_id]:
            by_indicator[observation.indicator_id].append(observation)
    return {
        indicator.pk: judge_indicator(indicator, by_indicator.get(indicator.pk, []))
        for indicator in indicators
    }


def status_summary(
    *, user: AnyUser, organisation: Organisation, goal: Goal | None = None
) -> dict[str, int]:
    """Visible indicators (of a goal, or all) counted by on-track status: two queries."""
    indicators = list(
        indicators_visible_to(user=user, organisation=organisation)
        .filter(**({"goal_links__goal": goal} if goal is not None else {}))
        .distinct()
        .select_related("organisation")
        .prefetch_related("targets")
    )
    return count_statuses(judgements_for(indicators).values())


def status_summary_by_goal(
    *, user: AnyUser, organisation: Organisation, goals: Iterable[Goal]
) -> dict[int, dict[str, int]]:
    """For each goal, its visible indicators counted by status, in three queries."""
    goal_ids = [goal.pk for goal in goals]
    links = list(
        IndicatorGoal.objects.filter(
            goal_id__in=goal_ids,
            indicator__in=indicators_visible_to(user=user, organisation=organisation),
        ).select_related("indicator__organisation")
    )
    indicators = {link.indicator_id: link.indicator for link in links}
    targets = defaultdict(list)
    for target in Target.objects.filter(indicator_id__in=indicators):
        targets[target.indicator_id].append(target)
    for indicator in indicators.values():
        # Fill the prefetch cache so that targets_of() reads these without a query.
        indicator._prefetched_objects_cache = {"targets": targets[indicator.pk]}
    judgements = judgements_for(list(indicators.values()))
    result = {goal_id: count_statuses([]) for goal_id in goal_ids}
    for link in links:
        result[link.goal_id][judgements[link.indicator_id].status.value] += 1
    return result


@dataclass
class IndicatorRow:
    """What a list row or a goal page shows of one indicator."""

    indicator: Indicator
    judgement: Judgement
    latest: str
    targets: list[tuple[int, str]]

    @property
    def has_values(self) -> bool:
        return self.judgement.latest is not None

    @property
    def expectation(self) -> str:
        return data_expectation(self.indicator)


_FREQUENCIES = {
    TimeResolution.YEAR: gettext_lazy("once a year"),
    TimeResolution.QUARTER: gettext_lazy("every quarter"),
    TimeResolution.MONTH: gettext_lazy("every month"),
    TimeResolution.DATE: gettext_lazy("as they are measured"),
}


def data_expectation(indicator: Indicator) -> str:
    """When values are expected, in words, from the indicator's source and time resolution.

    For an indicator without values: the page says this instead of drawing an empty chart.
    """
    frequency = _FREQUENCIES.get(indicator.time_resolution, _FREQUENCIES[TimeResolution.YEAR])
    if indicator.source == Source.MANUAL:
        if indicator.responsible_unit_id:
            return _(
                "Values are entered by %(unit)s, %(frequency)s; they appear here once entered."
            ) % {"unit": indicator.responsible_unit.name, "frequency": frequency}
        return _("Values are entered by hand, %(frequency)s; they appear here once entered.") % {
            "frequency": frequency
        }
    if indicator.source == Source.FILE:
        return _(
            "Values are imported from a file, %(frequency)s; they appear here after the next "
            "import."
        ) % {"frequency": frequency}
    return _(
        "Values come from %(source)s, which publishes them %(frequency)s; they appear here "
        "after the next fetch from the source."
    ) % {"source": indicator.get_source_display(), "frequency": frequency}


def indicator_rows(indicators: Sequence[Indicator]) -> list[IndicatorRow]:
    """Rows for lists, judged with one query (``targets`` should be prefetched)."""
    judgements = judgements_for(indicators)
    rows = []
    for indicator in indicators:
        judgement = judgements[indicator.pk]
        rows.append(
            IndicatorRow(
                indicator=indicator,
                judgement=judgement,
                latest=format_value(
                    indicator, judgement.latest.value if judgement.latest else None
                ),
                targets=[(t.year, format_value(indicator, t.value)) for t in targets_of(indicator)],
            )
        )
    return rows


def goal_indicator_rows(
    *, user: AnyUser, organisation: Organisation, goal: Goal
) -> list[IndicatorRow]:
    """The visible indicators of a goal with their status, for the goal page: three queries."""
    return indicator_rows(list(indicator_list(user=user, organisation=organisation, goal=goal)))


# --- What the page and the chart show -------------------------------------------------------

DIMENSION_VALUE_LABELS = {
    "female": "women",
    "male": "men",
    "total": "total",
}


def breakdown_label(dimensions: dict) -> str:
    """A series' breakdown in the page's language: "women", "Energy", "total"."""
    if not dimensions:
        return _("total")
    labels = {"women": _("women"), "men": _("men"), "total": _("total")}
    language = get_language() or "fi"
    parts = []
    for name, value in dimensions.items():
        key = DIMENSION_VALUE_LABELS.get(str(value), "")
        if key:
            parts.append(labels[key])
        elif name == sectors.DIMENSION and sectors.sector_name(str(value), language):
            parts.append(sectors.sector_name(str(value), language))
        else:
            parts.append(str(value))
    return ", ".join(parts)


def breakdown_in_source_language(dimensions: dict) -> bool:
    """Whether a breakdown's label carries the source's own (Finnish) words.

    SYKE's emission sectors are translated (``sectors.py``); a category the
    app has no translation for is shown as the source names it, in Finnish,
    and a page in another language marks such a label ``lang="fi"`` (WCAG 3.1.2).
    """
    return any(
        str(value) not in DIMENSION_VALUE_LABELS
        and not (name == sectors.DIMENSION and sectors.sector_name(str(value), "fi"))
        for name, value in dimensions.items()
    )


def period_label(observation: Observation) -> str:
    return observation.period


@dataclass
class ValueTable:
    """Values by period (rows) and series (columns), as the page's data table shows them."""

    columns: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[float | None]]] = field(default_factory=list)
    # Per column: the language of its label when it is the source's, not the page's.
    column_languages: list[str] = field(default_factory=list)

    @property
    def headers(self) -> list[tuple[str, str]]:
        return list(zip(self.columns, self.column_languages, strict=True))


def value_table(indicator: Indicator, observations: Sequence[Observation]) -> ValueTable:
    area = indicator.default_area
    series_keys: list[tuple[str, str]] = []
    labels: dict[tuple[str, str], str] = {}
    languages: dict[tuple[str, str], str] = {}
    cells: dict[tuple[str, str], dict[str, float | None]] = defaultdict(dict)
    periods: dict[str, datetime.date] = {}
    for o in observations:
        key = (o.area, o.dimensions_key)
        if key not in labels:
            series_keys.append(key)
            label = breakdown_label(o.dimensions)
            labels[key] = label if o.area == area else f"{_('Finland')}, {label}"
            languages[key] = "fi" if breakdown_in_source_language(o.dimensions) else ""
        cells[key][o.period] = o.value
        periods[o.period] = o.period_start
    # Own area first (total, then breakdowns), then Finland.
    series_keys.sort(key=lambda k: (k[0] != area, k[1] != "", k[1]))
    table = ValueTable(
        columns=[labels[k] for k in series_keys],
        column_languages=[languages[k] for k in series_keys],
    )
    for period in sorted(periods, key=periods.get):
        table.rows.append((period, [cells[k].get(period) for k in series_keys]))
    return table


def chart_for(
    indicator: Indicator, observations: Sequence[Observation], judgement: Judgement
) -> ChartData:
    """The chart of an indicator: own area's total and breakdowns, Finland, targets, trend."""
    area = indicator.default_area
    grouped: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for o in observations:
        if o.value is not None:
            grouped[(o.area, o.dimensions_key)].append(o)
    series: list[Series] = []
    own = sorted((k for k in grouped if k[0] == area), key=lambda k: (k[1] != "", k[1]))
    for key in own[: 1 + MAX_CHART_BREAKDOWNS]:
        rows = grouped[key]
        series.append(
            Series(
                f"{indicator.organisation.name}, {breakdown_label(rows[0].dimensions)}",
                [(decimal_year(o.period_start), o.value) for o in rows],
            )
        )
    if area != FINLAND_AREA and (FINLAND_AREA, "") in grouped:
        series.append(
            Series(
                _("Finland"),
                [(decimal_year(o.period_start), o.value) for o in grouped[(FINLAND_AREA, "")]],
            )
        )
    trend = None
    if judgement.trend and judgement.latest:
        window = main_series(indicator, observations)[-judgement.trend.points :]
        end = judgement.target_x if judgement.target_x is not None else judgement.latest.x
        start = window[0].x
        trend = ((start, judgement.trend.at(start)), (end, judgement.trend.at(end)))
    return ChartData(
        title=indicator.name,
        description=chart_description(indicator, observations, judgement),
        unit=indicator.unit,
        series=series,
        targets=[(t.year, t.value) for t in targets_of(indicator)],
        trend=trend,
        labels={"target": _("target"), "trend": _("trend")},
    )


def format_value(indicator: Indicator, value: float | None) -> str:
    if value is None:
        return "–"
    text = number_format(value, decimal_pos=indicator.decimals, use_l10n=True, force_grouping=True)
    # A no-break space keeps the number and its unit on one line.
    return f"{text}\u00a0{indicator.unit}" if indicator.unit else text


def chart_description(
    indicator: Indicator, observations: Sequence[Observation], judgement: Judgement
) -> str:
    """The chart in words, for its <desc> and the caption beside it."""
    values = [o for o in observations if o.value is not None]
    if not values:
        return _("Line chart of %(name)s. There are no values yet.") % {"name": indicator.name}
    first = min(o.period_start for o in values).year
    last = max(o.period_start for o in values).year
    parts = [
        _("Line chart of %(name)s, %(first)s–%(last)s.")
        % {"name": indicator.name, "first": first, "last": last}
    ]
    if judgement.latest is not None:
        parts.append(
            _("Latest value %(year)s: %(value)s.")
            % {
                "year": judgement.latest.period,
                "value": format_value(indicator, judgement.latest.value),
            }
        )
    for target in targets_of(indicator):
        parts.append(
            _("Target for %(year)s: %(value)s.")
            % {"year": target.year, "value": format_value(indicator, target.value)}
        )
    if judgement.trend is not None:
        parts.append(_("A dashed line shows the trend of the latest values projected forward."))
    parts.append(judgement.sentence)
    return " ".join(parts)
