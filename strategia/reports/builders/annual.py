"""The annual report's strategy section (toimintakertomus): a plan and a year.

Per goal: its measures with status, progress and the year's published updates
condensed, and its indicators with charts and the on-track judgement. Then the
measures per responsibility area, as the strategy asks them to be monitored,
and the sections other apps contribute (``annual_sections``: the binding
budget targets, assessments, participation…).
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from strategia.strategy.models import Goal, MeasureStatus

from ..document import Block, Document, Section, Table
from ..registry import ReportRequest, annual_sections
from ..selectors import PlanContent, plan_content
from .common import (
    generated_meta,
    indicator_figure,
    indicator_table,
    judged,
    judgement_counts,
    judgement_labels,
    measure_state,
    paragraph,
    status_counts_table,
    status_label,
    year_end,
    year_in_brief,
)


def _measure_table(caption: str, measures: list, content: PlanContent, year: int) -> Table:
    rows = []
    for measure in measures:
        updates = content.updates_of_measure.get(measure.pk, [])
        status, progress = measure_state(measure, updates)
        rows.append(
            [
                measure.identifier,
                measure.name,
                str(measure.responsible_unit or ""),
                status_label(status),
                progress,
                year_in_brief(updates, year=year),
            ]
        )
    return Table(
        caption=caption,
        columns=[
            _("Identifier"),
            _("Measure"),
            _("Responsible unit"),
            _("Status"),
            _("Progress %"),
            _("The year in brief"),
        ],
        rows=rows,
        numeric=[False, False, False, False, True, False],
    )


def _goal_section(goal: Goal, content: PlanContent, judgements: dict, year: int) -> Section:
    blocks: list[Block] = []
    if goal.description:
        blocks.append(paragraph(goal.description))
    measures = content.measures_of_goal.get(goal.pk, [])
    if measures:
        blocks.append(
            _measure_table(
                _("Measures of the goal %(goal)s") % {"goal": goal.name}, measures, content, year
            )
        )
    indicators = content.indicators_of_goal.get(goal.pk, [])
    if indicators:
        blocks.append(
            indicator_table(
                _("Indicators of the goal %(goal)s") % {"goal": goal.name}, indicators, judgements
            )
        )
        for indicator in indicators:
            figure = indicator_figure(
                indicator,
                content.observations_of_indicator.get(indicator.pk, []),
                judgements[indicator.pk],
                first_year=year - 9,
            )
            if figure is not None:
                blocks.append(figure)
    return Section(
        heading=goal.name,
        blocks=blocks,
        sections=[
            _goal_section(child, content, judgements, year) for child in content.children_of(goal)
        ],
    )


def _state_counts(content: PlanContent) -> dict[str, int]:
    counts = Counter(
        measure_state(measure, content.updates_of_measure.get(measure.pk, []))[0]
        for measure in content.measures.values()
    )
    return {status: counts.get(status, 0) for status in MeasureStatus.values}


def _summary(content: PlanContent, judgements: dict, year: int) -> Section:
    counts = _state_counts(content)
    total = sum(counts.values())
    finished = counts[MeasureStatus.COMPLETED]
    lagging = counts[MeasureStatus.DELAYED] + counts[MeasureStatus.AT_RISK]
    text = ngettext(
        "In %(year)s the plan had %(total)s measure: %(completed)s completed, "
        "%(on_track)s on track and %(lagging)s delayed or at risk.",
        "In %(year)s the plan had %(total)s measures: %(completed)s completed, "
        "%(on_track)s on track and %(lagging)s delayed or at risk.",
        total,
    ) % {
        "year": year,
        "total": total,
        "completed": finished,
        "on_track": counts[MeasureStatus.ON_TRACK],
        "lagging": lagging,
    }
    indicator_counts = judgement_counts(judgements)
    return Section(
        heading=_("Summary"),
        blocks=[
            paragraph(text),
            status_counts_table(
                _("Measures by status"), counts, {k: str(v) for k, v in MeasureStatus.choices}
            ),
            status_counts_table(
                _("Indicators by on-track judgement"), indicator_counts, judgement_labels()
            ),
        ],
    )


def _by_unit(content: PlanContent, year: int) -> Section:
    sections = []
    for unit in content.units:
        unit_id = unit.pk if unit else None
        measures = [m for m in content.measures.values() if m.responsible_unit_id == unit_id]
        name = str(unit) if unit else _("No responsible unit")
        statuses = Counter(
            measure_state(m, content.updates_of_measure.get(m.pk, []))[0] for m in measures
        )
        summary = ", ".join(
            f"{label} {statuses[value]}"
            for value, label in MeasureStatus.choices
            if statuses[value]
        )
        sections.append(
            Section(
                heading=name,
                blocks=[
                    paragraph(
                        ngettext(
                            "%(n)s measure: %(summary)s.",
                            "%(n)s measures: %(summary)s.",
                            len(measures),
                        )
                        % {"n": len(measures), "summary": summary}
                    ),
                    _measure_table(
                        _("Measures of %(unit)s") % {"unit": name}, measures, content, year
                    ),
                ],
            )
        )
    return Section(heading=_("By responsibility area"), sections=sections)


def build_annual_report(request: ReportRequest) -> Document:
    plan, year = request.plan, request.year
    content = plan_content(plan=plan, internal=request.internal, until=year_end(year))
    judgements = {
        pk: judged(indicator, content.observations_of_indicator.get(pk, []))
        for pk, indicator in content.indicators.items()
    }
    sections = [_summary(content, judgements, year)]
    sections.extend(
        _goal_section(goal, content, judgements, year) for goal in content.children_of(None)
    )
    if content.measures:
        sections.append(_by_unit(content, year))
    sections.extend(annual_sections(request))
    return Document(
        title=_("Annual report %(year)s: strategy and operational targets") % {"year": year},
        subtitle=plan.name,
        language=request.language,
        organisation=request.organisation.name,
        internal=request.internal,
        sections=sections,
        meta=generated_meta(request, plan=plan.name, year=str(year)),
    )
