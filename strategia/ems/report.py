"""The environmental report of a year, as a ``reports.document.Document``.

Registered as the report kind ``environmental`` (see ``apps.py``). It reads
the policy and its programme from the strategy, the registers of the year,
the greenhouse-gas emissions by sector from the SYKE indicator's observations
and the conclusions of the year's management reviews. The report "to the
council with the financial statements" is public when published, so a
request that is not ``internal`` lists only rows marked public (and public
measures and indicators); counts always cover every row.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from strategia.indicators.models import Indicator, Observation
from strategia.indicators.selectors import format_value, targets_of
from strategia.reports.document import Document, Figure, Paragraph, Section, Series, Table
from strategia.reports.registry import ReportRequest
from strategia.strategy.models import Visibility

from . import selectors
from .models import (
    Aspect,
    Audit,
    AuditFinding,
    ComplianceEvaluation,
    ComplianceResult,
    ManagementReview,
    Nonconformity,
    Obligation,
    Site,
)

# The emissions table and chart show this many years up to the report's year.
EMISSION_YEARS = 8
INDICATOR_YEARS = 10


def _day(value: datetime.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(part.strip()) for part in (text or "").split("\n\n") if part.strip()]


def build_environmental_report(request: ReportRequest) -> Document:
    year = request.year or timezone.localdate().year - 1
    with translation.override(request.language):
        organisation = request.organisation
        builder = _Builder(request, year)
        document = Document(
            title=_("Environmental report %(year)s") % {"year": year},
            subtitle=_("Environmental management system: policy, programme, registers and results"),
            language=request.language,
            organisation=str(organisation),
            internal=request.internal,
            # The keys the report renderers label (plan, year, generated_at).
            meta={
                key: value
                for key, value in (
                    ("plan", builder.policy_plan.name if builder.policy_plan else ""),
                    ("year", str(year)),
                    ("generated_at", date_format(timezone.localdate(), "SHORT_DATE_FORMAT")),
                )
                if value
            },
        )
        document.sections = [
            builder.policy(),
            builder.scope(),
            builder.objectives(),
            builder.aspects(),
            builder.compliance(),
            builder.audits(),
            builder.emissions(),
            builder.reviews(),
        ]
    return document


class _Builder:
    def __init__(self, request: ReportRequest, year: int) -> None:
        self.request = request
        self.organisation = request.organisation
        self.year = year
        self.start = datetime.date(year, 1, 1)
        self.end = datetime.date(year, 12, 31)
        self.policy_plan = selectors.policy_of(self.organisation)

    def _shown(self, queryset):
        """Rows a public report may list: those marked public, unless the report is internal."""
        return queryset if self.request.internal else queryset.filter(is_public=True)

    # --- Policy and programme ------------------------------------------------------------

    def policy(self) -> Section:
        plan = self.policy_plan
        section = Section(heading=_("Environmental policy"))
        if plan is None:
            section.blocks.append(Paragraph(_("No environmental policy has been chosen.")))
            return section
        approved = ", ".join(
            part for part in (plan.approving_body, _day(plan.decision_date)) if part
        )
        section.blocks.append(Paragraph(plan.name + (f" ({approved})" if approved else "")))
        section.blocks.extend(_paragraphs(plan.description))
        if plan.monitoring:
            section.blocks.extend(_paragraphs(plan.monitoring))
        return section

    def scope(self) -> Section:
        sites = self._shown(Site.objects.filter(organisation=self.organisation)).select_related(
            "unit"
        )
        section = Section(heading=_("Scope of the environmental management system"))
        rows = [
            [
                site.name,
                str(site.unit or ""),
                site.get_standard_display(),
                site.get_certification_status_display(),
                _day(site.certificate_valid_until),
            ]
            for site in sites
        ]
        if rows:
            section.blocks.append(
                Table(
                    caption=_("Sites and units in scope"),
                    columns=[
                        _("Site"),
                        _("Unit"),
                        _("Standard"),
                        _("Certification"),
                        _("Valid until"),
                    ],
                    rows=rows,
                )
            )
        else:
            section.blocks.append(Paragraph(_("No sites have been entered in the scope.")))
        return section

    def objectives(self) -> Section:
        user = None if self.request.internal else _PUBLIC
        programme = selectors.programme(user=user, organisation=self.organisation)
        section = Section(heading=_("Objectives, programme and indicators"))
        if not programme.goals:
            section.blocks.append(Paragraph(_("The environmental policy has no goals yet.")))
            return section
        section.blocks.append(
            Paragraph(
                _(
                    "The environmental programme is the environmental policy's own goals, "
                    "the measures that serve them and the indicators that follow them."
                )
            )
        )
        series = self._indicator_series(programme.indicators)
        for item in programme.goals:
            goal_section = Section(heading=item.goal.name)
            goal_section.blocks.extend(_paragraphs(item.goal.description))
            if item.measures:
                goal_section.blocks.append(
                    Table(
                        caption=_("Measures"),
                        columns=[_("Measure"), _("Status"), _("Progress (%)")],
                        rows=[
                            [f"{m.identifier} {m.name}", m.get_status_display(), m.progress]
                            for m in item.measures
                        ],
                        numeric=[False, False, True],
                    )
                )
            else:
                goal_section.blocks.append(Paragraph(_("No measures serve this goal yet.")))
            addressed = [f"{a.activity}: {a.aspect}" for a in item.aspects] + [
                o.title for o in item.obligations
            ]
            if addressed:
                goal_section.blocks.append(
                    Paragraph(
                        _("Significant aspects and obligations addressed: %(list)s.")
                        % {"list": "; ".join(addressed)}
                    )
                )
            for indicator in item.indicators:
                goal_section.blocks.extend(
                    self._indicator_blocks(
                        indicator, series.get(indicator.pk, []), programme.judgements
                    )
                )
            section.sections.append(goal_section)
        return section

    def _indicator_series(self, indicators: list[Indicator]) -> dict[int, list[tuple[str, float]]]:
        found: dict[int, list[tuple[str, float]]] = defaultdict(list)
        if not indicators:
            return found
        area = self.organisation.municipality_code or "SSS"
        for indicator_id, period, value in (
            Observation.objects.filter(
                indicator__in=indicators,
                area=area,
                dimensions_key="",
                value__isnull=False,
                period_start__year__lte=self.year,
                period_start__year__gt=self.year - INDICATOR_YEARS,
            )
            .order_by("indicator_id", "period_start")
            .values_list("indicator_id", "period", "value")
        ):
            found[indicator_id].append((period, value))
        return found

    def _indicator_blocks(self, indicator: Indicator, points, judgements) -> list:
        judgement = judgements.get(indicator.pk)
        targets = [(str(t.year), t.value) for t in targets_of(indicator)]
        if not points:
            return [Paragraph(_("%(name)s: no values yet.") % {"name": indicator.name})]
        latest_period, latest_value = points[-1]
        alt = _("%(name)s from %(first)s to %(last)s; latest value %(value)s in %(period)s.") % {
            "name": indicator.name,
            "first": points[0][0],
            "last": latest_period,
            "value": format_value(indicator, latest_value),
            "period": latest_period,
        }
        if judgement is not None:
            alt += " " + judgement.sentence
        return [
            Figure(
                caption=indicator.name,
                alt_text=alt,
                series=[Series(label=indicator.name, points=list(points))],
                unit=indicator.unit,
                targets=targets,
            ),
            Table(
                caption=_("%(name)s, values") % {"name": indicator.name},
                columns=[_("Period"), indicator.unit or _("Value")],
                rows=[[period, value] for period, value in points],
                numeric=[False, True],
            ),
        ]

    # --- Registers -----------------------------------------------------------------------

    def aspects(self) -> Section:
        section = Section(heading=_("Significant environmental aspects"))
        significant = Aspect.objects.filter(organisation=self.organisation, is_significant=True)
        total = Aspect.objects.filter(organisation=self.organisation).count()
        section.blocks.append(
            Paragraph(
                _("%(significant)s of the %(total)s environmental aspects are significant.")
                % {"significant": significant.count(), "total": total}
            )
        )
        rows = [
            [a.activity, a.aspect, a.impact, a.total_score, a.controls]
            for a in self._shown(significant).order_by("-total_score", "pk")
        ]
        if rows:
            section.blocks.append(
                Table(
                    caption=_("Significant aspects"),
                    columns=[
                        _("Activity or service"),
                        _("Aspect"),
                        _("Impact"),
                        _("Weighted score"),
                        _("Controls"),
                    ],
                    rows=rows,
                    numeric=[False, False, False, True, False],
                )
            )
        return section

    def compliance(self) -> Section:
        section = Section(heading=_("Compliance with obligations"))
        evaluations = list(
            ComplianceEvaluation.objects.filter(
                obligation__organisation=self.organisation,
                date__gte=self.start,
                date__lte=self.end,
            )
            .select_related("obligation")
            .order_by("obligation_id", "-date", "-pk")
        )
        latest: dict[int, ComplianceEvaluation] = {}
        for evaluation in evaluations:
            latest.setdefault(evaluation.obligation_id, evaluation)
        counts = dict.fromkeys(ComplianceResult.values, 0)
        for evaluation in latest.values():
            counts[evaluation.result] += 1
        active = Obligation.objects.filter(organisation=self.organisation, is_active=True)
        section.blocks.append(
            Paragraph(
                _(
                    "%(evaluated)s of %(total)s obligations in force were evaluated in %(year)s: "
                    "%(compliant)s compliant, %(partly)s partly compliant, %(not)s not compliant."
                )
                % {
                    "evaluated": len(latest),
                    "total": active.count(),
                    "year": self.year,
                    "compliant": counts[ComplianceResult.COMPLIANT],
                    "partly": counts[ComplianceResult.PARTLY],
                    "not": counts[ComplianceResult.NOT_COMPLIANT],
                }
            )
        )
        shown = set(self._shown(active).values_list("pk", flat=True))
        rows = [
            [
                e.obligation.title,
                e.obligation.reference,
                _day(e.date),
                e.get_result_display(),
                e.findings,
            ]
            for e in latest.values()
            if e.obligation_id in shown
        ]
        if rows:
            section.blocks.append(
                Table(
                    caption=_("Latest evaluation of each obligation in %(year)s")
                    % {"year": self.year},
                    columns=[
                        _("Obligation"),
                        _("Reference"),
                        _("Date"),
                        _("Result"),
                        _("Findings"),
                    ],
                    rows=rows,
                )
            )
        return section

    def audits(self) -> Section:
        section = Section(heading=_("Internal audits and nonconformities"))
        audits = list(
            Audit.objects.filter(
                programme__organisation=self.organisation,
                state=Audit.State.DONE,
                date__gte=self.start,
                date__lte=self.end,
            )
            .select_related("site")
            .annotate(
                nonconformities=Count(
                    "findings", filter=Q(findings__kind=AuditFinding.Kind.NONCONFORMITY)
                ),
                observations=Count(
                    "findings", filter=Q(findings__kind=AuditFinding.Kind.OBSERVATION)
                ),
                opportunities=Count(
                    "findings", filter=Q(findings__kind=AuditFinding.Kind.OPPORTUNITY)
                ),
            )
            .order_by("date", "pk")
        )
        section.blocks.append(
            Paragraph(
                _("%(count)s internal audits were held in %(year)s.")
                % {"count": len(audits), "year": self.year}
            )
        )
        if audits:
            columns = [_("Nonconformities"), _("Observations"), _("Opportunities for improvement")]
            if self.request.internal:
                section.blocks.append(
                    Table(
                        caption=_("Audits held"),
                        columns=[_("Date"), _("Scope"), *columns],
                        rows=[
                            [
                                _day(a.date),
                                a.scope,
                                a.nonconformities,
                                a.observations,
                                a.opportunities,
                            ]
                            for a in audits
                        ],
                        numeric=[False, False, True, True, True],
                    )
                )
            else:
                section.blocks.append(
                    Table(
                        caption=_("Findings of the audits held"),
                        columns=columns,
                        rows=[
                            [
                                sum(a.nonconformities for a in audits),
                                sum(a.observations for a in audits),
                                sum(a.opportunities for a in audits),
                            ]
                        ],
                        numeric=[True, True, True],
                    )
                )
        nonconformities = Nonconformity.objects.filter(organisation=self.organisation)
        opened = nonconformities.filter(identified_on__gte=self.start, identified_on__lte=self.end)
        closed = nonconformities.filter(closed_on__gte=self.start, closed_on__lte=self.end)
        still_open = nonconformities.filter(identified_on__lte=self.end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=self.end)
        )
        section.blocks.append(
            Paragraph(
                _(
                    "Nonconformities in %(year)s: %(opened)s identified, %(closed)s closed, "
                    "%(open)s open at the end of the year (%(overdue)s past their due date)."
                )
                % {
                    "year": self.year,
                    "opened": opened.count(),
                    "closed": closed.count(),
                    "open": still_open.count(),
                    "overdue": still_open.filter(due_date__lt=self.end).count(),
                }
            )
        )
        rows = [
            [
                n.get_source_display(),
                n.description,
                n.corrective_action,
                _day(n.due_date),
                _day(n.closed_on) if n.closed_on and n.closed_on <= self.end else _("open"),
            ]
            for n in self._shown(opened | still_open).distinct().order_by("identified_on", "pk")
        ]
        if rows:
            section.blocks.append(
                Table(
                    caption=_("Nonconformities and corrective actions"),
                    columns=[
                        _("Source"),
                        _("Description"),
                        _("Corrective action"),
                        _("Due date"),
                        _("Closed on"),
                    ],
                    rows=rows,
                )
            )
        return section

    # --- Emissions -----------------------------------------------------------------------

    def emissions(self) -> Section:
        section = Section(heading=_("Greenhouse-gas emissions by sector"))
        indicator = selectors.emissions_indicator(self.organisation)
        if (
            indicator is not None
            and not self.request.internal
            and indicator.visibility != Visibility.PUBLIC
        ):
            indicator = None
        if indicator is None:
            section.blocks.append(Paragraph(_("There is no emissions indicator from SYKE.")))
            return section
        area = self.organisation.municipality_code or "SSS"
        first = self.year - EMISSION_YEARS + 1
        by_sector: dict[str, dict[str, float | None]] = defaultdict(dict)
        periods: set[str] = set()
        for period, dimensions, value in (
            Observation.objects.filter(
                indicator=indicator,
                area=area,
                period_start__year__gte=first,
                period_start__year__lte=self.year,
            )
            .order_by("period_start")
            .values_list("period", "dimensions", "value")
        ):
            sector = (dimensions or {}).get("sector", "")
            by_sector[sector][period] = value
            periods.add(period)
        if not periods:
            section.blocks.append(
                Paragraph(
                    _("%(name)s has no values for %(first)s–%(last)s.")
                    % {"name": indicator.name, "first": first, "last": self.year}
                )
            )
            return section
        ordered = sorted(periods)
        sectors = sorted(s for s in by_sector if s)
        total_label = _("total")
        section.blocks.append(
            Paragraph(
                _("Source: %(citation)s")
                % {"citation": indicator.citation or indicator.description or indicator.name}
            )
        )
        latest = ordered[-1]
        total = by_sector.get("", {}).get(latest)
        if total is not None:
            section.blocks.append(
                Paragraph(
                    _("Emissions in %(period)s: %(value)s.")
                    % {"period": latest, "value": format_value(indicator, total)}
                )
            )
        section.blocks.append(
            Figure(
                caption=_("%(name)s by sector") % {"name": indicator.name},
                alt_text=_(
                    "Emissions by sector %(first)s–%(last)s: %(sectors)s; the table below "
                    "gives the values."
                )
                % {"first": ordered[0], "last": latest, "sectors": ", ".join(sectors)},
                series=[
                    Series(
                        label=sector or total_label,
                        points=[(period, by_sector[sector].get(period)) for period in ordered],
                    )
                    for sector in [*sectors, ""]
                    if sector in by_sector
                ],
                unit=indicator.unit,
                targets=[(str(t.year), t.value) for t in targets_of(indicator)],
            )
        )
        section.blocks.append(
            Table(
                caption=_("Emissions by sector (%(unit)s)") % {"unit": indicator.unit},
                columns=[_("Sector"), *ordered],
                rows=[
                    [sector or total_label, *(by_sector[sector].get(p) for p in ordered)]
                    for sector in [*sectors, ""]
                    if sector in by_sector
                ],
                numeric=[False, *([True] * len(ordered))],
            )
        )
        return section

    # --- Management review ---------------------------------------------------------------

    def reviews(self) -> Section:
        section = Section(heading=_("Management review"))
        reviews = list(
            ManagementReview.objects.filter(
                organisation=self.organisation,
                state=ManagementReview.State.HELD,
                date__gte=self.start,
                date__lte=self.end,
            )
            .prefetch_related("actions")
            .order_by("date", "pk")
        )
        if not reviews:
            section.blocks.append(
                Paragraph(_("No management review was held in %(year)s.") % {"year": self.year})
            )
        for review in reviews:
            part = Section(heading=_("Management review %(date)s") % {"date": _day(review.date)})
            if review.conclusions:
                part.sections.append(
                    Section(heading=_("Conclusions"), blocks=_paragraphs(review.conclusions))
                )
            if review.decisions:
                part.sections.append(
                    Section(heading=_("Decisions"), blocks=_paragraphs(review.decisions))
                )
            actions = list(review.actions.all())
            if actions:
                part.blocks.append(
                    Table(
                        caption=_("Actions decided"),
                        columns=[
                            pgettext("management review", "Action"),
                            _("Due date"),
                            _("Done on"),
                        ],
                        rows=[[a.description, _day(a.due_date), _day(a.done_on)] for a in actions],
                    )
                )
            section.sections.append(part)
        return section


# What a public report may show: what an anonymous visitor sees.
_PUBLIC = AnonymousUser()
