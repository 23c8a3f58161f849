"""Statistics of ex-ante assessment for the strategy office and the annual report.

What is counted (also in ``docs/impact-assessment.md``):

- every decision of the year (by meeting date) counts once for its body;
  it is *screened* when its assessment has the screening recorded, and
  *assessed* when screening found something that applies and at least one
  effect has been written;
- effects, goals and climate count the *proposal* of assessments in the
  given states (by default those sent for review or beyond: drafts are work
  in progress), so an alternative option doesn't count as what was decided.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from strategia.organisations.models import Organisation
from strategia.reports.document import Paragraph, Section, Table
from strategia.reports.registry import ReportRequest

from .models import Decision, Effect, GoalLink, ImpactAssessment, TemplateVersion, in_language

FINISHED_STATES = (
    ImpactAssessment.State.READY,
    ImpactAssessment.State.REVIEWED,
    ImpactAssessment.State.PUBLISHED,
)


@dataclass
class BodyRow:
    body: str
    year: int | None
    decisions: int
    screened: int
    assessed: int

    @property
    def screened_share(self) -> float:
        return round(100 * self.screened / self.decisions, 1) if self.decisions else 0.0

    @property
    def assessed_share(self) -> float:
        return round(100 * self.assessed / self.decisions, 1) if self.decisions else 0.0


@dataclass
class DimensionRow:
    key: str
    label: str
    # direction value (-2 … 2, None for unknown) → number of effects
    counts: dict[int | None, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def negative(self) -> int:
        return sum(n for value, n in self.counts.items() if value is not None and value < 0)

    @property
    def positive(self) -> int:
        return sum(n for value, n in self.counts.items() if value is not None and value > 0)

    @property
    def neutral(self) -> int:
        return self.counts.get(0, 0)

    @property
    def unknown(self) -> int:
        return self.counts.get(None, 0)


@dataclass
class GoalRow:
    goal_id: int
    name: str
    plan: str
    advances: int
    works_against: int


@dataclass
class ClimateRow:
    decision: Decision
    direction_label: str
    direction_value: int | None
    tco2e: Decimal | None


@dataclass
class Statistics:
    year: int | None
    bodies: list[BodyRow]
    dimensions: list[DimensionRow]
    goals: list[GoalRow]
    climate: list[ClimateRow]

    @property
    def decisions(self) -> int:
        return sum(row.decisions for row in self.bodies)

    @property
    def screened(self) -> int:
        return sum(row.screened for row in self.bodies)

    @property
    def assessed(self) -> int:
        return sum(row.assessed for row in self.bodies)

    @property
    def climate_positive(self) -> int:
        return sum(1 for row in self.climate if (row.direction_value or 0) > 0)

    @property
    def climate_negative(self) -> int:
        return sum(1 for row in self.climate if (row.direction_value or 0) < 0)

    @property
    def climate_tco2e(self) -> Decimal:
        return sum((row.tco2e for row in self.climate if row.tco2e is not None), Decimal(0))


def _decisions(organisation: Organisation, year: int | None) -> QuerySet[Decision]:
    decisions = Decision.objects.filter(organisation=organisation)
    if year is not None:
        decisions = decisions.filter(meeting_date__year=year)
    return decisions


def _versions(organisation: Organisation) -> list[TemplateVersion]:
    # Newest first: a dimension's label is taken from the latest version that has it.
    return list(
        TemplateVersion.objects.filter(template__organisation=organisation).order_by("-number")
    )


def body_rows(organisation: Organisation, year: int | None) -> list[BodyRow]:
    rows = (
        _decisions(organisation, year)
        .values("body", "meeting_date__year")
        .annotate(
            decisions=Count("pk"),
            screened=Count("pk", filter=Q(assessment__screened_at__isnull=False)),
        )
        .order_by("body", "meeting_date__year")
    )
    assessed = {
        (row["body"], row["meeting_date__year"]): row["n"]
        for row in _decisions(organisation, year)
        .filter(assessment__screened_at__isnull=False, assessment__effects__isnull=False)
        .values("body", "meeting_date__year")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    return [
        BodyRow(
            body=row["body"],
            year=row["meeting_date__year"],
            decisions=row["decisions"],
            screened=row["screened"],
            assessed=assessed.get((row["body"], row["meeting_date__year"]), 0),
        )
        for row in rows
    ]


def _proposal_effects(
    organisation: Organisation, year: int | None, states: tuple[str, ...]
) -> QuerySet[Effect]:
    effects = Effect.objects.filter(
        assessment__decision__organisation=organisation,
        assessment__state__in=states,
        option__is_proposal=True,
    )
    if year is not None:
        effects = effects.filter(assessment__decision__meeting_date__year=year)
    return effects


def dimension_rows(
    organisation: Organisation, year: int | None, states: tuple[str, ...] = FINISHED_STATES
) -> list[DimensionRow]:
    versions = _versions(organisation)
    order: list[str] = []
    labels: dict[str, str] = {}
    for version in versions:
        for dimension in version.dimensions:
            if dimension["key"] not in labels:
                labels[dimension["key"]] = in_language(dimension.get("label"))
                order.append(dimension["key"])
    counts: dict[str, dict[int | None, int]] = defaultdict(dict)
    for row in (
        _proposal_effects(organisation, year, states)
        .values("dimension", "direction_value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["dimension"]][row["direction_value"]] = row["n"]
    for key in counts:
        if key not in labels:
            labels[key] = key
            order.append(key)
    return [DimensionRow(key=key, label=labels[key], counts=counts.get(key, {})) for key in order]


def goal_rows(
    organisation: Organisation, year: int | None, states: tuple[str, ...] = FINISHED_STATES
) -> list[GoalRow]:
    links = GoalLink.objects.filter(
        assessment__decision__organisation=organisation, assessment__state__in=states
    )
    if year is not None:
        links = links.filter(assessment__decision__meeting_date__year=year)
    rows = (
        links.values(
            "goal_id", "goal__name", "goal__plan__name", "goal__plan__order", "goal__order"
        )
        .annotate(
            advances=Count("pk", filter=Q(relation=GoalLink.Relation.ADVANCES)),
            works_against=Count("pk", filter=Q(relation=GoalLink.Relation.WORKS_AGAINST)),
        )
        .order_by("goal__plan__order", "goal__order", "goal_id")
    )
    # Translated names: the values() above read the active language's column.
    return [
        GoalRow(
            goal_id=row["goal_id"],
            name=row["goal__name"],
            plan=row["goal__plan__name"],
            advances=row["advances"],
            works_against=row["works_against"],
        )
        for row in rows
    ]


def climate_rows(
    organisation: Organisation, year: int | None, states: tuple[str, ...] = FINISHED_STATES
) -> list[ClimateRow]:
    """Decisions whose proposal has a known, non-zero effect on the climate dimension."""
    versions = _versions(organisation)
    climate_keys = {d["key"] for v in versions for d in v.dimensions if d.get("climate")}
    effects = (
        _proposal_effects(organisation, year, states)
        .filter(dimension__in=climate_keys, direction_value__isnull=False)
        .exclude(direction_value=0)
        .select_related("assessment__decision", "assessment__template_version")
        .order_by("assessment__decision__meeting_date", "assessment__decision__pk")
    )
    return [
        ClimateRow(
            decision=effect.assessment.decision,
            direction_label=effect.assessment.template_version.label_of(
                "directions", effect.direction
            ),
            direction_value=effect.direction_value,
            tco2e=effect.climate_tco2e,
        )
        for effect in effects
    ]


def assessment_statistics(
    *,
    organisation: Organisation,
    year: int | None = None,
    states: tuple[str, ...] = FINISHED_STATES,
) -> Statistics:
    return Statistics(
        year=year,
        bodies=body_rows(organisation, year),
        dimensions=dimension_rows(organisation, year, states),
        goals=goal_rows(organisation, year, states),
        climate=climate_rows(organisation, year, states),
    )


def statistics_section(statistics: Statistics) -> Section:
    """The statistics as report content (the annual report's section)."""
    section = Section(heading=_("Ex-ante impact assessment of decisions"))
    section.blocks.append(
        Paragraph(
            _(
                "%(decisions)s decisions; %(screened)s screened and %(assessed)s assessed "
                "in full. Decisions with a known effect on the climate: %(climate)s "
                "(%(positive)s positive, %(negative)s negative)."
            )
            % {
                "decisions": statistics.decisions,
                "screened": statistics.screened,
                "assessed": statistics.assessed,
                "climate": len(statistics.climate),
                "positive": statistics.climate_positive,
                "negative": statistics.climate_negative,
            }
        )
    )
    section.blocks.append(
        Table(
            caption=_("Screened and assessed decisions by body"),
            columns=[
                _("Body"),
                _("Year"),
                _("Decisions"),
                _("Screened"),
                _("Screened (%)"),
                _("Assessed"),
                _("Assessed (%)"),
            ],
            rows=[
                [
                    row.body,
                    row.year,
                    row.decisions,
                    row.screened,
                    row.screened_share,
                    row.assessed,
                    row.assessed_share,
                ]
                for row in statistics.bodies
            ],
            numeric=[False, True, True, True, True, True, True],
        )
    )
    section.blocks.append(
        Table(
            caption=_("Effects of the proposals by dimension"),
            columns=[_("Dimension"), _("Positive"), _("No effect"), _("Negative"), _("Unknown")],
            rows=[
                [row.label, row.positive, row.neutral, row.negative, row.unknown]
                for row in statistics.dimensions
                if row.total
            ],
            numeric=[False, True, True, True, True],
        )
    )
    if statistics.goals:
        section.blocks.append(
            Table(
                caption=_("Decisions by strategy goal"),
                columns=[_("Goal"), _("Plan"), _("Advance"), _("Work against")],
                rows=[
                    [row.name, row.plan, row.advances, row.works_against]
                    for row in statistics.goals
                ],
                numeric=[False, False, True, True],
            )
        )
    if statistics.climate:
        section.blocks.append(
            Table(
                caption=_("Climate-relevant decisions"),
                columns=[_("Decision"), _("Effect on the climate"), _("t CO2e/year")],
                rows=[
                    [
                        str(row.decision),
                        row.direction_label,
                        None if row.tco2e is None else float(row.tco2e),
                    ]
                    for row in statistics.climate
                ],
                numeric=[False, False, True],
            )
        )
    return section


def annual_assessment_section(request: ReportRequest) -> Section | None:
    """The annual report's section: published assessments only, unless the report is internal."""
    if request.organisation is None:
        return None
    states = FINISHED_STATES if request.internal else (ImpactAssessment.State.PUBLISHED,)
    with translation.override(request.language):
        statistics = assessment_statistics(
            organisation=request.organisation, year=request.year, states=states
        )
        if not statistics.decisions:
            return None
        return statistics_section(statistics)
