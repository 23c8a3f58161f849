"""The wellbeing report (hyvinvointikertomus, law 612/2021 §6) in the structure THL recommends.

Yearly, and extensive once per council term (the four years ending with the
report's year): a summary; background; the population's wellbeing from the
indicators, by sex and age group where the data has those breakdowns;
strengths and areas to develop; the wellbeing plan's goals, measures and
indicators. The extensive report adds the council term in review.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from strategia.indicators.judgement import Status
from strategia.indicators.selectors import format_value

from ..document import Block, Document, Section, Table
from ..registry import ReportRequest
from ..selectors import PlanContent, plan_content
from .common import (
    breakdown_table,
    generated_meta,
    has_breakdowns,
    indicator_figure,
    indicator_table,
    judged,
    judgement_counts,
    measure_state,
    paragraph,
    status_label,
    year_end,
)

TERM_YEARS = 4
GOOD = (Status.AHEAD, Status.ON_TRACK)


def _summary(content: PlanContent, judgements: dict, year: int) -> Section:
    counts = judgement_counts(judgements)
    good = counts[Status.AHEAD] + counts[Status.ON_TRACK]
    text = _(
        "The report follows %(indicators)s indicators of the wellbeing plan in %(year)s: "
        "%(good)s are on track or ahead of their targets and %(off)s are off track. "
        "The plan has %(measures)s measures."
    ) % {
        "indicators": len(content.indicators),
        "year": year,
        "good": good,
        "off": counts[Status.OFF_TRACK],
        "measures": len(content.measures),
    }
    return Section(heading=_("Summary"), blocks=[paragraph(text)])


def _background(content: PlanContent) -> Section:
    plan = content.plan
    blocks: list[Block] = []
    for text in (plan.summary, plan.description, plan.monitoring):
        if text:
            blocks.append(paragraph(text))
    facts = []
    if plan.period_label:
        facts.append([_("Plan period"), plan.period_label])
    if plan.approving_body:
        facts.append([_("Approved by"), plan.approving_body])
    if plan.decision_date:
        facts.append(
            [_("Decision"), f"{plan.decision_date:%d.%m.%Y} {plan.decision_paragraph}".strip()]
        )
    if facts:
        blocks.append(Table(caption=_("The plan"), columns=[_("Fact"), _("Value")], rows=facts))
    if not blocks:
        blocks.append(paragraph(_("The plan has no description yet.")))
    return Section(heading=_("Background"), blocks=blocks)


def _population(content: PlanContent, judgements: dict, first_year: int) -> Section:
    sections = []
    for goal in content.goals:
        indicators = content.indicators_of_goal.get(goal.pk, [])
        if not indicators:
            continue
        blocks: list[Block] = [
            indicator_table(
                _("Indicators of the goal %(goal)s") % {"goal": goal.name}, indicators, judgements
            )
        ]
        for indicator in indicators:
            observations = content.observations_of_indicator.get(indicator.pk, [])
            breakdowns = has_breakdowns(observations)
            blocks.append(paragraph(f"{indicator.name}: {judgements[indicator.pk].sentence}"))
            figure = indicator_figure(
                indicator,
                observations,
                judgements[indicator.pk],
                breakdowns=breakdowns,
                first_year=first_year,
            )
            if figure is not None:
                blocks.append(figure)
            if breakdowns and (table := breakdown_table(indicator, observations)):
                blocks.append(table)
        sections.append(Section(heading=goal.name, blocks=blocks))
    blocks = [] if sections else [paragraph(_("No indicators are linked to the plan's goals."))]
    return Section(heading=_("The population's wellbeing"), blocks=blocks, sections=sections)


def _strengths(content: PlanContent, judgements: dict) -> Section:
    strong = [i for pk, i in content.indicators.items() if judgements[pk].status in GOOD]
    weak = [i for pk, i in content.indicators.items() if judgements[pk].status == Status.OFF_TRACK]
    return Section(
        heading=_("Strengths and areas to develop"),
        sections=[
            Section(
                heading=_("Strengths"),
                blocks=[indicator_table(_("Indicators on track or ahead"), strong, judgements)]
                if strong
                else [paragraph(_("No indicator is on track yet."))],
            ),
            Section(
                heading=_("Areas to develop"),
                blocks=[indicator_table(_("Indicators off track"), weak, judgements)]
                if weak
                else [paragraph(_("No indicator is off track."))],
            ),
        ],
    )


def _plan_goals(content: PlanContent, judgements: dict) -> Section:
    sections = []
    for goal in content.goals:
        measures = content.measures_of_goal.get(goal.pk, [])
        indicators = content.indicators_of_goal.get(goal.pk, [])
        blocks: list[Block] = [paragraph(goal.description)] if goal.description else []
        if measures:
            rows = []
            for measure in measures:
                status, progress = measure_state(
                    measure, content.updates_of_measure.get(measure.pk, [])
                )
                rows.append(
                    [
                        measure.identifier,
                        measure.name,
                        str(measure.responsible_unit or ""),
                        status_label(status),
                        progress,
                    ]
                )
            blocks.append(
                Table(
                    caption=_("Measures of the goal %(goal)s") % {"goal": goal.name},
                    columns=[
                        _("Identifier"),
                        _("Measure"),
                        _("Responsible unit"),
                        _("Status"),
                        _("Progress %"),
                    ],
                    rows=rows,
                    numeric=[False, False, False, False, True],
                )
            )
        if indicators:
            blocks.append(
                paragraph(
                    _("Indicators: %(names)s.") % {"names": ", ".join(i.name for i in indicators)}
                )
            )
        sections.append(Section(heading=goal.name, blocks=blocks))
    return Section(
        heading=_("The wellbeing plan's goals, measures and indicators"), sections=sections
    )


def _term(content: PlanContent, judgements: dict, year: int) -> Section:
    first = year - TERM_YEARS + 1
    rows = []
    for pk, indicator in content.indicators.items():
        totals = [
            o
            for o in content.observations_of_indicator.get(pk, [])
            if not o.dimensions_key and o.value is not None and o.period_start.year >= first
        ]
        start, end = (totals[0], totals[-1]) if totals else (None, None)
        change = end.value - start.value if start and end and start is not end else None
        rows.append(
            [
                indicator.name,
                start.period if start else "",
                format_value(indicator, start.value if start else None),
                end.period if end else "",
                format_value(indicator, end.value if end else None),
                format_value(indicator, change) if change is not None else "",
                judgements[pk].status.label,
            ]
        )
    return Section(
        heading=_("The council term %(first)s–%(last)s in review") % {"first": first, "last": year},
        blocks=[
            Table(
                caption=_("Indicators over the council term"),
                columns=[
                    _("Indicator"),
                    _("First period"),
                    _("Value"),
                    _("Latest period"),
                    _("Value"),
                    _("Change"),
                    _("Judgement"),
                ],
                rows=rows,
                numeric=[False, False, True, False, True, True, False],
            )
        ],
    )


def _build(request: ReportRequest, *, extensive: bool) -> Document:
    plan, year = request.plan, request.year
    content = plan_content(plan=plan, internal=request.internal, until=year_end(year))
    judgements = {
        pk: judged(indicator, content.observations_of_indicator.get(pk, []))
        for pk, indicator in content.indicators.items()
    }
    sections = [
        _summary(content, judgements, year),
        _background(content),
        # Charts show the last ten years, long enough to see the trend behind a term.
        _population(content, judgements, year - 9),
    ]
    if extensive:
        sections.append(_term(content, judgements, year))
    sections += [_strengths(content, judgements), _plan_goals(content, judgements)]
    title = (
        _("Extensive wellbeing report %(first)s–%(year)s")
        % {"first": year - TERM_YEARS + 1, "year": year}
        if extensive
        else _("Wellbeing report %(year)s") % {"year": year}
    )
    return Document(
        title=title,
        subtitle=plan.name,
        language=request.language,
        organisation=request.organisation.name,
        internal=request.internal,
        sections=sections,
        meta=generated_meta(request, plan=plan.name, year=str(year)),
    )


def build_wellbeing_report(request: ReportRequest) -> Document:
    return _build(request, extensive=False)


def build_extensive_wellbeing_report(request: ReportRequest) -> Document:
    return _build(request, extensive=True)
