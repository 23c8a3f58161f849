"""Is an indicator on track to reach its target? The rule, in one place.

Everything here is pure: plain numbers in, a ``Judgement`` out, no database.
The indicator page explains the same rule in plain language (template
``indicators/_rule.html``); keep the two in step.

The rule
========

1. **Series.** The judged series is the indicator's own area (the
   municipality) without dimension breakdowns (all sexes, all ages). Each
   observation becomes a point ``(x, value)`` where ``x`` is the start of its
   period as a decimal year (2024 → 2024.0, 2024Q3 → 2024.5). Withheld values
   (confidential, missing) are left out.
2. **Target.** Of the indicator's targets, the first whose year is not before
   the latest observation; when every target year has passed, the last one.
   The target's ``x`` is the last period of its year (2030 for yearly data,
   2030Q4 for quarterly), so "by 2030" means the value *for* 2030.
3. **Baseline.** The first observation (or the first at or after
   ``baseline_year`` when one is given). *Change* is latest minus baseline.
4. **Polarity.** "Better" means higher for higher-is-better indicators and
   lower for lower-is-better ones. Neutral indicators are never judged: they
   get ``NOT_JUDGED`` whatever their values.
5. **Status**, in this order:

   * no target → ``NOT_JUDGED``; no usable observation → ``NO_DATA``;
   * the latest value already meets the target (equal or better) → ``AHEAD``;
   * the target year has passed without the target being met → ``OFF_TRACK``;
   * fewer than two points, or all in the same period → ``NO_DATA`` (no
     trend can be drawn through one point);
   * otherwise a least-squares line through the latest ``TREND_WINDOW`` (6)
     points is projected to the target year:

     - it meets the target at least one year before the target year → ``AHEAD``;
     - it meets the target by the target year → ``ON_TRACK``;
     - it misses by no more than ``TOLERANCE`` (5 %) of the change the target
       asks for (|target − baseline|) → ``ON_TRACK``;
     - else → ``OFF_TRACK`` (too slow, flat, or moving away from the target).

   Six points is about the length of a council term of yearly data: long
   enough that one odd year does not swing the verdict, short enough that
   the trend reflects the current strategy period rather than the last decade.

The *reach year* is the first whole period-year in which the trend line meets
the target; the page says "at the current pace the target would be reached in
2031". It is only given when the trend moves towards the target.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TREND_WINDOW = 6
TOLERANCE = 0.05
# A reach year further than this past the target year is "not in the foreseeable future".
HORIZON_YEARS = 50

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
NEUTRAL = "neutral"


class Status(StrEnum):
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NOT_JUDGED = "not_judged"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.AHEAD: gettext_lazy("ahead"),
    Status.ON_TRACK: gettext_lazy("on track"),
    Status.OFF_TRACK: gettext_lazy("off track"),
    Status.NO_DATA: gettext_lazy("no data"),
    Status.NOT_JUDGED: gettext_lazy("not judged"),
}


class Reason(StrEnum):
    NO_TARGET = "no_target"
    NEUTRAL = "neutral"
    NO_OBSERVATIONS = "no_observations"
    TARGET_REACHED = "target_reached"
    TARGET_MISSED = "target_missed"
    TOO_FEW_POINTS = "too_few_points"
    REACHED_EARLY = "reached_early"
    ON_PACE = "on_pace"
    WITHIN_TOLERANCE = "within_tolerance"
    TOO_SLOW = "too_slow"
    FLAT = "flat"
    WRONG_DIRECTION = "wrong_direction"


@dataclass(frozen=True)
class Point:
    x: float
    value: float
    label: str = ""  # the period as the source names it (2024, 2024Q3), for display

    @property
    def period(self) -> str:
        return self.label or str(math.floor(self.x))


@dataclass(frozen=True)
class TargetValue:
    year: int
    value: float


@dataclass(frozen=True)
class Trend:
    slope: float
    intercept: float
    points: int

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x


@dataclass(frozen=True)
class Judgement:
    status: Status
    reason: Reason
    latest: Point | None = None
    baseline: Point | None = None
    target: TargetValue | None = None
    trend: Trend | None = None
    target_x: float | None = None
    projected: float | None = None
    reach_year: int | None = None

    @property
    def change(self) -> float | None:
        if self.latest is None or self.baseline is None:
            return None
        return self.latest.value - self.baseline.value

    @property
    def sentence(self) -> str:
        return judgement_sentence(self)


def decimal_year(day: datetime.date) -> float:
    """2024-07-01 → 2024.5 (by day of year); the x axis of trends and charts."""
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def least_squares(points: Sequence[Point]) -> Trend | None:
    """The ordinary least-squares line through the points; None when x does not vary."""
    n = len(points)
    if n < 2:
        return None
    mean_x = sum(p.x for p in points) / n
    mean_y = sum(p.value for p in points) / n
    sxx = sum((p.x - mean_x) ** 2 for p in points)
    if sxx == 0:
        return None
    sxy = sum((p.x - mean_x) * (p.value - mean_y) for p in points)
    slope = sxy / sxx
    return Trend(slope=slope, intercept=mean_y - slope * mean_x, points=n)


def meets(value: float, target: float, polarity: str) -> bool:
    if polarity == LOWER_IS_BETTER:
        return value <= target
    return value >= target


def choose_target(targets: Iterable[TargetValue], latest_x: float) -> TargetValue | None:
    ordered = sorted(targets, key=lambda t: t.year)
    if not ordered:
        return None
    for target in ordered:
        if target.year >= math.floor(latest_x):
            return target
    return ordered[-1]


def judge(
    points: Iterable[Point],
    targets: Iterable[TargetValue],
    polarity: str,
    *,
    period_years: float = 1.0,
    baseline_year: int | None = None,
    window: int = TREND_WINDOW,
) -> Judgement:
    """Judge a series against its targets by the rule in the module docstring.

    ``period_years`` is the length of one period in years (1 for yearly data,
    0.25 for quarters, 1/12 for months) and places the target at the last
    period of its year.
    """
    series = sorted(points, key=lambda p: p.x)
    targets = list(targets)
    latest = series[-1] if series else None
    baseline = None
    if series:
        if baseline_year is not None:
            baseline = next((p for p in series if p.x >= baseline_year), series[0])
        else:
            baseline = series[0]
    trend = least_squares(series[-window:]) if len(series) >= 2 else None
    common = {"latest": latest, "baseline": baseline, "trend": trend}

    if polarity == NEUTRAL:
        return Judgement(Status.NOT_JUDGED, Reason.NEUTRAL, **common)
    if not targets:
        return Judgement(Status.NOT_JUDGED, Reason.NO_TARGET, **common)
    if latest is None:
        return Judgement(
            Status.NO_DATA, Reason.NO_OBSERVATIONS, target=min(targets, key=lambda t: t.year)
        )
    target = choose_target(targets, latest.x)
    assert target is not None
    target_x = target.year + max(0.0, 1.0 - period_years)
    common.update(target=target, target_x=target_x)

    if meets(latest.value, target.value, polarity):
        return Judgement(Status.AHEAD, Reason.TARGET_REACHED, **common)
    if latest.x >= target_x:
        return Judgement(Status.OFF_TRACK, Reason.TARGET_MISSED, **common)
    if trend is None:
        return Judgement(Status.NO_DATA, Reason.TOO_FEW_POINTS, **common)

    projected = trend.at(target_x)
    reach_year = _reach_year(trend, target, polarity, latest.x, period_years)
    common.update(projected=projected, reach_year=reach_year)
    towards = trend.slope > 0 if polarity == HIGHER_IS_BETTER else trend.slope < 0

    if towards and meets(projected, target.value, polarity):
        if reach_year is not None and reach_year <= target.year - 1:
            return Judgement(Status.AHEAD, Reason.REACHED_EARLY, **common)
        return Judgement(Status.ON_TRACK, Reason.ON_PACE, **common)
    asked = abs(target.value - baseline.value) if baseline else 0.0
    if asked == 0:
        asked = abs(target.value)
    if abs(target.value - projected) <= TOLERANCE * asked:
        return Judgement(Status.ON_TRACK, Reason.WITHIN_TOLERANCE, **common)
    if trend.slope == 0:
        return Judgement(Status.OFF_TRACK, Reason.FLAT, **common)
    if not towards:
        return Judgement(Status.OFF_TRACK, Reason.WRONG_DIRECTION, **common)
    return Judgement(Status.OFF_TRACK, Reason.TOO_SLOW, **common)


def _reach_year(
    trend: Trend, target: TargetValue, polarity: str, latest_x: float, period_years: float
) -> int | None:
    """The first year whose last period's trend value meets the target, if the trend gets there."""
    towards = trend.slope > 0 if polarity == HIGHER_IS_BETTER else trend.slope < 0
    if not towards:
        return None
    crossing = (target.value - trend.intercept) / trend.slope
    offset = max(0.0, 1.0 - period_years)
    # The year Y whose point Y + offset is the first at or after the crossing.
    year = math.ceil(crossing - offset - 1e-9)
    year = max(year, math.floor(latest_x))
    if year > target.year + HORIZON_YEARS:
        return None
    return year


def judgement_sentence(judgement: Judgement) -> str:
    """The status in one plain-language sentence, in the active language."""
    target = judgement.target
    reach = judgement.reach_year
    reason = judgement.reason
    if reason == Reason.NEUTRAL:
        return _("The indicator has no preferred direction, so it is not judged against a target.")
    if reason == Reason.NO_TARGET:
        return _("No target has been set, so the indicator is not judged.")
    if reason == Reason.NO_OBSERVATIONS:
        return _("There are no values yet.")
    assert target is not None
    if reason == Reason.TARGET_REACHED:
        return _("The latest value already meets the target set for %(year)s.") % {
            "year": target.year
        }
    if reason == Reason.TARGET_MISSED:
        return _("The target year %(year)s has passed and the target was not reached.") % {
            "year": target.year
        }
    if reason == Reason.TOO_FEW_POINTS:
        return _("There are too few values to draw a trend: at least two years are needed.")
    if reason in (Reason.REACHED_EARLY, Reason.ON_PACE) and reach is not None:
        return _(
            "At the current pace the target would be reached in %(reach)s (target year %(year)s)."
        ) % {"reach": reach, "year": target.year}
    if reason == Reason.WITHIN_TOLERANCE:
        return _(
            "At the current pace the target would be almost reached by %(year)s: "
            "the trend falls short by less than 5 %% of the change the target asks for."
        ) % {"year": target.year}
    if reason == Reason.FLAT:
        return _(
            "The values have not changed: at the current pace the target would not be reached."
        )
    if reason == Reason.WRONG_DIRECTION:
        return _(
            "The trend is moving away from the target: "
            "at the current pace the target would not be reached."
        )
    if reach is not None:
        return _(
            "At the current pace the target would be reached in %(reach)s, "
            "after the target year %(year)s."
        ) % {"reach": reach, "year": target.year}
    return _("At the current pace the target would not be reached in the foreseeable future.")


def count_statuses(judgements: Iterable[Judgement]) -> dict[str, int]:
    """How many judgements are in each status, every status present (for summaries)."""
    counts = dict.fromkeys(Status, 0)
    for judgement in judgements:
        counts[judgement.status] += 1
    return {status.value: n for status, n in counts.items()}
