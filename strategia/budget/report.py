"""The budget's section of the annual report: were the council's operational targets achieved.

Kuntalaki 410/2015 §115 asks the annual report to say whether the binding
operational targets the council set in the budget were achieved. The section
counts them achieved / partly / not / not assessed, lists every binding target
with its outcome and explanation, per committee or unit, and then the other
(non-binding) targets of the plan's goals.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from strategia.indicators.selectors import format_value
from strategia.reports.document import Paragraph, Section, Table
from strategia.reports.registry import ReportRequest

from .models import Achievement, BudgetTarget
from .selectors import report_targets


def _euros(value) -> float | None:
    return float(value) if value is not None else None


def _rows(targets: list[BudgetTarget]) -> list[list]:
    labels = dict(Achievement.choices)
    rows = []
    for target in targets:
        measured = ""
        if target.indicator is not None:
            measured = target.indicator.name
            if target.target_value is not None:
                measured += f" {format_value(target.indicator, target.target_value)}"
        rows.append(
            [
                target.identifier,
                str(target.unit),
                target.text,
                measured,
                _euros(target.appropriation_net),
                _euros(target.outcome_net),
                target.outcome,
                str(labels[target.achieved]),
                target.explanation,
            ]
        )
    return rows


def _table(caption: str, targets: list[BudgetTarget]) -> Table:
    return Table(
        caption=caption,
        columns=[
            _("Identifier"),
            _("Committee or unit"),
            _("Target"),
            _("Indicator and target value"),
            _("Appropriation, net (€)"),
            _("Outcome, net (€)"),
            _("Outcome"),
            _("Achieved"),
            _("Explanation"),
        ],
        rows=_rows(targets),
        numeric=[False, False, False, False, True, True, False, False, False],
    )


def binding_targets_section(request: ReportRequest) -> Section | None:
    if request.kind != "annual" or request.plan is None or request.year is None:
        return None
    targets = report_targets(
        organisation=request.organisation,
        year=request.year,
        plan=request.plan,
        internal=request.internal,
    )
    if not targets:
        return None
    binding = [target for target in targets if target.binding]
    other = [target for target in targets if not target.binding]
    counts = Counter(target.achieved for target in binding)
    summary = _(
        "Of the %(total)s binding targets of %(year)s, %(yes)s were achieved, %(partly)s "
        "partly achieved and %(no)s not achieved; %(open)s have not been assessed."
    ) % {
        "total": len(binding),
        "year": request.year,
        "yes": counts[Achievement.YES],
        "partly": counts[Achievement.PARTLY],
        "no": counts[Achievement.NO],
        "open": counts[Achievement.NOT_ASSESSED],
    }
    labels = dict(Achievement.choices)
    blocks = [
        Paragraph(text=summary),
        Table(
            caption=_("Binding targets by achievement"),
            columns=[_("Achieved"), _("Number")],
            rows=[[str(labels[value]), counts[value]] for value in Achievement.values]
            + [[_("Total"), len(binding)]],
            numeric=[False, True],
        ),
    ]
    units: dict[str, list[BudgetTarget]] = {}
    for target in binding:
        units.setdefault(str(target.unit), []).append(target)
    sections = [
        Section(
            heading=unit,
            blocks=[_table(_("Binding targets of %(unit)s") % {"unit": unit}, rows)],
        )
        for unit, rows in units.items()
    ]
    if other:
        sections.append(
            Section(
                heading=_("Other operational targets"),
                blocks=[_table(_("Operational targets that are not binding"), other)],
            )
        )
    return Section(
        heading=_("Binding operational targets of the budget"), blocks=blocks, sections=sections
    )
