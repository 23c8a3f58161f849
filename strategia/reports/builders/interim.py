"""The interim report (osavuosikatsaus) for one reporting period of a plan.

What changed in the period (the published updates, with the status before
and after), which measures are late, which indicators are off track, and
which units still owe their reports.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from strategia.indicators.judgement import Status
from strategia.monitoring.selectors import due_items
from strategia.strategy.models import MeasureStatus

from ..document import Document, Section, Table
from ..registry import ReportRequest
from ..selectors import plan_content, report_measures
from .common import (
    condense,
    generated_meta,
    indicator_figure,
    indicator_table,
    judged,
    measure_state,
    paragraph,
    status_label,
)

LATE_STATUSES = (MeasureStatus.DELAYED, MeasureStatus.AT_RISK)
CLOSED = (MeasureStatus.COMPLETED, MeasureStatus.CANCELLED)


def _changes(content, period) -> Section:
    rows = []
    for measure in content.measures.values():
        updates = content.updates_of_measure.get(measure.pk, [])
        in_period = [
            u
            for u in updates
            if u.reporting_period_id == period.pk
            or (u.reporting_period_id is None and period.start_date <= u.date <= period.end_date)
        ]
        if not in_period:
            continue
        latest = in_period[-1]
        before = [u for u in updates if u.date < period.start_date]
        previous = status_label(before[-1].status) if before else ""
        rows.append(
            [
                measure.identifier,
                measure.name,
                previous,
                status_label(latest.status),
                latest.progress,
                condense(latest.text),
            ]
        )
    table = Table(
        caption=_("Published updates of the period"),
        columns=[
            _("Identifier"),
            _("Measure"),
            _("Status before"),
            _("Status now"),
            _("Progress %"),
            _("What was done"),
        ],
        rows=rows,
        numeric=[False, False, False, False, True, False],
    )
    changed = sum(1 for row in rows if row[2] and row[2] != row[3])
    text = _(
        "%(updates)s measures reported in the period; the status of %(changed)s of them changed."
    ) % {"updates": len(rows), "changed": changed}
    return Section(heading=_("What changed in the period"), blocks=[paragraph(text), table])


def _late(content, period) -> Section:
    rows = []
    for measure in content.measures.values():
        status, progress = measure_state(measure, content.updates_of_measure.get(measure.pk, []))
        overdue = (
            measure.end_date is not None
            and measure.end_date < period.end_date
            and status not in CLOSED
        )
        if status in LATE_STATUSES or overdue:
            rows.append(
                [
                    measure.identifier,
                    measure.name,
                    str(measure.responsible_unit or ""),
                    status_label(status),
                    date_format(measure.end_date, "SHORT_DATE_FORMAT") if measure.end_date else "",
                    progress,
                ]
            )
    blocks = [
        paragraph(
            _("%(n)s measures are delayed, at risk or past their end date.") % {"n": len(rows)}
        )
    ]
    if rows:
        blocks.append(
            Table(
                caption=_("Late measures"),
                columns=[
                    _("Identifier"),
                    _("Measure"),
                    _("Responsible unit"),
                    _("Status"),
                    _("End date"),
                    _("Progress %"),
                ],
                rows=rows,
                numeric=[False, False, False, False, False, True],
            )
        )
    return Section(heading=_("Late measures"), blocks=blocks)


def _off_track(content) -> Section:
    judgements = {
        pk: judged(indicator, content.observations_of_indicator.get(pk, []))
        for pk, indicator in content.indicators.items()
    }
    off = [i for pk, i in content.indicators.items() if judgements[pk].status == Status.OFF_TRACK]
    blocks = [
        paragraph(
            _("%(off)s of %(all)s indicators are off track.")
            % {"off": len(off), "all": len(content.indicators)}
        )
    ]
    if off:
        blocks.append(indicator_table(_("Indicators off track"), off, judgements))
        for indicator in off:
            blocks.append(paragraph(f"{indicator.name}: {judgements[indicator.pk].sentence}"))
            figure = indicator_figure(
                indicator,
                content.observations_of_indicator.get(indicator.pk, []),
                judgements[indicator.pk],
            )
            if figure is not None:
                blocks.append(figure)
    return Section(heading=_("Indicators off track"), blocks=blocks)


def _missing(request, period) -> Section:
    measures = report_measures(organisation=request.organisation, internal=request.internal)
    owed: dict[str, list] = defaultdict(list)
    for item in due_items(periods=[period], measures=measures):
        owed[str(item.measure.responsible_unit or _("No responsible unit"))].append(item)
    rows = []
    for unit in sorted(owed):
        items = owed[unit]
        missing = [item for item in items if not item.is_handed_in]
        rows.append(
            [
                unit,
                len(items),
                len(items) - len(missing),
                len(missing),
                ", ".join(item.measure.identifier for item in missing),
            ]
        )
    missing_total = sum(row[3] for row in rows)
    blocks = [
        paragraph(
            _("%(missing)s of the %(owed)s updates owed for the period have not been handed in.")
            % {"missing": missing_total, "owed": sum(row[1] for row in rows)}
        )
    ]
    if rows:
        blocks.append(
            Table(
                caption=_("Reports by unit"),
                columns=[
                    _("Unit"),
                    _("Owed"),
                    _("Handed in"),
                    _("Missing"),
                    _("Measures without a report"),
                ],
                rows=rows,
                numeric=[False, True, True, True, False],
            )
        )
    return Section(heading=_("Missing reports by unit"), blocks=blocks)


def build_interim_report(request: ReportRequest) -> Document:
    period = request.period
    plan = period.plan
    # Updates for the period are written after it ends, up to the deadline.
    until = max(period.end_date, period.deadline)
    content = plan_content(plan=plan, internal=request.internal, until=until)
    return Document(
        title=_("Interim report %(period)s") % {"period": period.label},
        subtitle=plan.name,
        language=request.language,
        organisation=request.organisation.name,
        internal=request.internal,
        sections=[
            _changes(content, period),
            _late(content, period),
            _off_track(content),
            _missing(request, period),
        ],
        meta=generated_meta(
            request,
            plan=plan.name,
            period=f"{period.label} ({date_format(period.start_date, 'SHORT_DATE_FORMAT')}–"
            f"{date_format(period.end_date, 'SHORT_DATE_FORMAT')})",
        ),
    )
