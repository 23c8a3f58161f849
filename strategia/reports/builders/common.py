"""Pieces the report builders share: measure rows, condensed updates, indicator figures."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from strategia.indicators.judgement import Judgement, Status
from strategia.indicators.models import Indicator, Observation
from strategia.indicators.selectors import (
    breakdown_label,
    chart_description,
    format_value,
    judge_indicator,
    targets_of,
)
from strategia.strategy.models import Measure, MeasureStatus

from ..document import Figure, Paragraph, Series, Table
from ..registry import ReportRequest

CONDENSED_LENGTH = 320
# A breakdown is a dimension of the data by sex or by age group (as the importers name them).
BREAKDOWN_DIMENSIONS = ("sex", "age", "age_group")


def condense(text: str, length: int = CONDENSED_LENGTH) -> str:
    """The text on one line, cut at a word boundary near ``length`` with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def status_label(status: str) -> str:
    return str(dict(MeasureStatus.choices).get(status, status))


def measure_state(measure: Measure, updates: list) -> tuple[str, int | None]:
    """Status and progress as last reported in a published update, else as the measure has them."""
    if updates:
        latest = updates[-1]
        return latest.status, latest.progress
    return measure.status, measure.progress


def year_in_brief(updates: list, *, year: int) -> str:
    """The year's published updates of a measure condensed into one cell."""
    texts = [update.text for update in updates if update.date.year == year and update.text]
    return condense(" ".join(texts)) if texts else ""


def generated_meta(request: ReportRequest, **facts: str) -> dict[str, str]:
    meta = {key: value for key, value in facts.items() if value}
    meta["generated_at"] = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    return meta


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


# --- Indicators --------------------------------------------------------------


def judged(indicator: Indicator, observations: list[Observation]) -> Judgement:
    return judge_indicator(indicator, observations)


def target_text(indicator: Indicator) -> str:
    return ", ".join(
        f"{target.year}: {format_value(indicator, target.value)}"
        for target in targets_of(indicator)
    )


def indicator_table(
    caption: str, indicators: list[Indicator], judgements: dict[int, Judgement]
) -> Table:
    rows = []
    for indicator in indicators:
        judgement = judgements[indicator.pk]
        latest = judgement.latest
        rows.append(
            [
                indicator.name,
                latest.period if latest else "",
                format_value(indicator, latest.value if latest else None),
                target_text(indicator),
                judgement.status.label,
            ]
        )
    return Table(
        caption=caption,
        columns=[
            _("Indicator"),
            _("Latest period"),
            _("Latest value"),
            _("Target"),
            _("Judgement"),
        ],
        rows=rows,
    )


def _series_label(observation: Observation) -> str:
    return breakdown_label(observation.dimensions)


def indicator_figure(
    indicator: Indicator,
    observations: list[Observation],
    judgement: Judgement,
    *,
    breakdowns: bool = False,
    first_year: int | None = None,
) -> Figure | None:
    """The indicator's own-area series (total, and breakdowns when asked) with its targets.

    None when there is nothing to draw: an empty chart would say less than the table.
    """
    grouped: dict[str, list[Observation]] = defaultdict(list)
    for observation in observations:
        if observation.value is None:
            continue
        if first_year is not None and observation.period_start.year < first_year:
            continue
        if observation.dimensions_key and not breakdowns:
            continue
        grouped[observation.dimensions_key].append(observation)
    series = [
        Series(
            label=_series_label(rows[0]),
            points=[(observation.period, observation.value) for observation in rows],
        )
        for key, rows in sorted(grouped.items(), key=lambda item: (item[0] != "", item[0]))
    ]
    if not series:
        return None
    return Figure(
        caption=indicator.name,
        alt_text=chart_description(indicator, observations, judgement),
        series=series,
        unit=indicator.unit,
        targets=[(str(target.year), target.value) for target in targets_of(indicator)],
    )


def has_breakdowns(observations: list[Observation]) -> bool:
    return any(
        key in BREAKDOWN_DIMENSIONS
        for observation in observations
        for key in observation.dimensions
    )


def breakdown_table(
    indicator: Indicator, observations: list[Observation], *, years: int = 3
) -> Table | None:
    """Values by sex and age group for the latest ``years`` periods, or None without breakdowns."""
    series: dict[str, dict[str, float | None]] = defaultdict(dict)
    labels: dict[str, str] = {}
    periods: dict[str, datetime.date] = {}
    for observation in observations:
        if observation.dimensions_key and not any(
            key in BREAKDOWN_DIMENSIONS for key in observation.dimensions
        ):
            continue
        key = observation.dimensions_key
        labels.setdefault(key, _series_label(observation))
        series[key][observation.period] = observation.value
        periods[observation.period] = observation.period_start
    if len(series) < 2:
        return None
    shown = sorted(periods, key=periods.get)[-years:]
    rows = []
    for key in sorted(series, key=lambda k: (k != "", k)):
        rows.append(
            [labels[key]] + [format_value(indicator, series[key].get(period)) for period in shown]
        )
    return Table(
        caption=_("%(indicator)s by sex and age group") % {"indicator": indicator.name},
        columns=[_("Group"), *shown],
        rows=rows,
        numeric=[False] + [True] * len(shown),
    )


def status_counts_table(caption: str, counts: dict[str, int], labels: dict[str, str]) -> Table:
    return Table(
        caption=caption,
        columns=[_("Status"), _("Number")],
        rows=[[labels[key], counts[key]] for key in labels if counts.get(key)]
        + [[_("Total"), sum(counts.values())]],
        numeric=[False, True],
    )


def judgement_counts(judgements: dict[int, Judgement]) -> dict[str, int]:
    counts = dict.fromkeys(Status, 0)
    for judgement in judgements.values():
        counts[judgement.status] += 1
    return {status.value: n for status, n in counts.items()}


def judgement_labels() -> dict[str, str]:
    return {status.value: status.label for status in Status}


def paragraph(text: str) -> Paragraph:
    return Paragraph(text=text)
