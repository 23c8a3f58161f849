"""Participation in the report machinery.

- ``initiatives``: the yearly list to the council of residents' initiatives
  and what was done about them (Kuntalaki 410/2015 §23), as a document the
  report renderers turn into HTML, PDF, DOCX and XLSX.
- The annual report's participation section: the year's figures of ideas and
  initiatives.

Initiators appear by name only when they allowed it; the others are counted.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from strategia.reports.document import Document, Paragraph, Section, Table
from strategia.reports.registry import ReportRequest
from strategia.strategy.models import Visibility

from .models import Initiative
from .statistics import idea_figures


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _initiators(initiative: Initiative) -> str:
    people = list(initiative.initiators.all())
    named = [person.name for person in people if person.show_name]
    others = len(people) - len(named)
    if others and named:
        return _("%(names)s and %(count)s others") % {"names": ", ".join(named), "count": others}
    if others:
        return _("%(count)s initiator(s)") % {"count": others}
    return ", ".join(named)


def _measures(initiative: Initiative, *, internal: bool) -> str:
    measures = [
        m for m in initiative.measures.all() if internal or m.visibility == Visibility.PUBLIC
    ]
    return "; ".join(f"{m.identifier} {m.name}" for m in measures)


def _rows(initiatives, *, internal: bool) -> list[list]:
    return [
        [
            initiative.identifier,
            initiative.subject,
            _initiators(initiative),
            _date(initiative.submitted_on),
            str(initiative.get_channel_display()),
            str(initiative.body),
            str(initiative.get_status_display()),
            initiative.decision,
            _date(initiative.decision_date),
            _measures(initiative, internal=internal),
        ]
        for initiative in initiatives
    ]


def _columns() -> list[str]:
    return [
        _("Number"),
        _("Subject"),
        _("Initiators"),
        _("Submitted"),
        _("Channel"),
        _("Body responsible"),
        _("Status"),
        _("Decision"),
        _("Decided"),
        _("Measures"),
    ]


def build_initiatives_report(request: ReportRequest) -> Document:
    year = request.year or timezone.localdate().year - 1
    base = (
        Initiative.objects.filter(organisation=request.organisation)
        .select_related("body")
        .prefetch_related("initiators", "measures")
        .order_by("submitted_on", "pk")
    )
    submitted = list(base.filter(submitted_on__year=year))
    earlier = list(
        base.filter(submitted_on__year__lt=year).exclude(
            status__in=(Initiative.Status.DECIDED, Initiative.Status.WITHDRAWN),
            decision_date__year__lt=year,
        )
    )
    with translation.override(request.language):
        decided = sum(1 for i in submitted if i.status == Initiative.Status.DECIDED)
        document = Document(
            title=_("Residents' initiatives %(year)s") % {"year": year},
            subtitle=_("The initiatives made to the city and the measures taken on them"),
            language=request.language,
            organisation=str(request.organisation),
            internal=request.internal,
            meta={
                "year": str(year),
                "generated_at": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
            },
        )
        summary = Section(
            heading=_("Summary"),
            blocks=[
                Paragraph(
                    _(
                        "The Local Government Act (410/2015, §23) requires the council to be "
                        "told each year of the initiatives made by residents and of the "
                        "measures taken on them."
                    )
                ),
                Paragraph(
                    _(
                        "In %(year)s the city received %(count)s initiative(s), of which "
                        "%(decided)s have been decided; %(earlier)s initiative(s) from earlier "
                        "years were still handled or decided during the year."
                    )
                    % {
                        "year": year,
                        "count": len(submitted),
                        "decided": decided,
                        "earlier": len(earlier),
                    }
                ),
            ],
        )
        by_channel = Table(
            caption=_("Initiatives of %(year)s by channel") % {"year": year},
            columns=[_("Channel"), _("Initiatives")],
            rows=[
                [str(label), sum(1 for i in submitted if i.channel == value)]
                for value, label in Initiative.Channel.choices
            ],
            numeric=[False, True],
        )
        summary.blocks.append(by_channel)
        document.sections = [
            summary,
            Section(
                heading=_("Initiatives made in %(year)s") % {"year": year},
                blocks=[
                    Table(
                        caption=_("Initiatives made in %(year)s") % {"year": year},
                        columns=_columns(),
                        rows=_rows(submitted, internal=request.internal),
                    )
                    if submitted
                    else Paragraph(_("No initiatives were made during the year."))
                ],
            ),
        ]
        if earlier:
            document.sections.append(
                Section(
                    heading=_("Earlier initiatives handled during the year"),
                    blocks=[
                        Table(
                            caption=_("Earlier initiatives handled during the year"),
                            columns=_columns(),
                            rows=_rows(earlier, internal=request.internal),
                        )
                    ],
                )
            )
    return document


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{number_format(value * 100, 0)} %"


def annual_participation_section(request: ReportRequest) -> Section | None:
    """The annual report's section on residents' ideas and initiatives of the year."""
    if request.organisation is None or not request.year:
        return None
    with translation.override(request.language):
        figures = idea_figures(organisation=request.organisation, year=request.year)
        if not figures.submitted and not figures.initiatives:
            return None
        median = (
            "–"
            if figures.median_days_to_answer is None
            else number_format(figures.median_days_to_answer, 1)
        )
        section = Section(heading=_("Residents' participation"))
        section.blocks.append(
            Table(
                caption=_("Ideas and initiatives in %(year)s") % {"year": request.year},
                columns=[_("Figure"), _("Value")],
                rows=[
                    [_("Ideas published"), figures.submitted],
                    [_("Ideas answered"), figures.answered],
                    [_("Ideas carried into measures"), figures.carried_out],
                    [_("Answered within the due time"), _percent(figures.share_in_time)],
                    [_("Median days to answer"), median],
                    [_("Measures carrying out ideas"), figures.measures],
                    [_("Initiatives made"), figures.initiatives],
                    [_("Initiatives decided"), figures.initiatives_decided],
                ],
                numeric=[False, False],
            )
        )
        if figures.per_goal:
            section.blocks.append(
                Table(
                    caption=_("Ideas per goal"),
                    columns=[_("Goal"), _("Plan"), _("Ideas")],
                    rows=[[row.name, row.plan, row.count] for row in figures.per_goal],
                    numeric=[False, False, True],
                )
            )
        return section
